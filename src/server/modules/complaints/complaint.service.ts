import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { ActionBody, CreateComplaintBody, ListQuery, NoteBody, PlanBody, PlanDecisionBody, UpdateComplaintBody } from './complaint.schema.js';
import { createComplaint, type CreateResult } from './complaint.intake.js';
import { getComplaintView, listComplaints, timeline } from './complaint.queries.js';
import { updateComplaint } from './complaint.edit.js';
import { actOnComplaint, addNote } from './complaint.actions.js';
import { decidePlan, listPlans, submitPlan } from './complaint.plans.js';
import { getAttachment, listAttachments, loadForAttachment, recordAttachment } from './complaint.attachments.js';

export type { CreateResult };

/**
 * The complaints API the routes, triage and the demo driver call. Each job lives in its own file:
 * intake (create + idempotency), queries (detail, list/search, timeline), edit (PATCH, level changes),
 * actions (lifecycle, notes), plans, attachments.
 */
export class ComplaintService {
  constructor(private readonly ctx: AppContext) {}

  create(actor: Actor, body: CreateComplaintBody, idempotencyKey?: string): Promise<CreateResult> {
    return createComplaint(this.ctx, actor, body, idempotencyKey);
  }

  get(actor: Actor, id: string) {
    return getComplaintView(this.ctx, actor, id);
  }

  list(actor: Actor, q: ListQuery) {
    return listComplaints(this.ctx, actor, q);
  }

  update(actor: Actor, id: string, body: UpdateComplaintBody) {
    return updateComplaint(this.ctx, actor, id, body);
  }

  act(actor: Actor, id: string, body: ActionBody) {
    return actOnComplaint(this.ctx, actor, id, body);
  }

  addNote(actor: Actor, id: string, body: NoteBody) {
    return addNote(this.ctx, actor, id, body);
  }

  timeline(actor: Actor, id: string) {
    return timeline(this.ctx, actor, id);
  }

  submitPlan(actor: Actor, id: string, body: PlanBody) {
    return submitPlan(this.ctx, actor, id, body);
  }

  decidePlan(actor: Actor, id: string, body: PlanDecisionBody) {
    return decidePlan(this.ctx, actor, id, body);
  }

  plans(actor: Actor, id: string) {
    return listPlans(this.ctx, actor, id);
  }

  attachments(actor: Actor, id: string) {
    return listAttachments(this.ctx, actor, id);
  }

  loadForAttachment(actor: Actor, id: string) {
    return loadForAttachment(this.ctx, actor, id);
  }

  recordAttachment(actor: Actor, id: string, a: { id: string; filename: string; mime: string; size: number; sha256: string; storagePath: string }) {
    return recordAttachment(this.ctx, actor, id, a);
  }

  getAttachment(actor: Actor, id: string, attachmentId: string) {
    return getAttachment(this.ctx, actor, id, attachmentId);
  }
}
