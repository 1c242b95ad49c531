import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { AppError, badRequest, conflict, forbidden } from '../../platform/http/problem.js';
import type { ComplaintAction, Status } from '../../../shared/enums.js';
import { decide, needsReason } from './lifecycle.js';
import * as repo from './complaint.repo.js';
import { canSee, inWorkDepartments } from './complaint.policy.js';
import { planApprovalLevel } from './level-change.js';
import { recordActivity } from './activity.js';
import type { ActionBody, NoteBody } from './complaint.schema.js';
import { loadVisible } from './complaint.access.js';
import { getComplaintView, timeline } from './complaint.queries.js';

/** Public timeline kinds: what the complainant sees of the handling. */
const PUBLIC_ACTIONS = new Set<ComplaintAction>(['reply', 'close', 'reject', 'reopen', 'request_info', 'follow_up', 'sign', 'resolve_on_call']);

/** Lifecycle actions (assign, sign, reply, merge, …) through the state machine in lifecycle.ts. */
export async function actOnComplaint(ctx: AppContext, actor: Actor, id: string, body: ActionBody) {
  const c = await loadVisible(ctx, actor, id);
  const from = c.status as Status;
  const verdict = decide(from, body.action, actor.roles);
  if (!verdict.ok) throw new AppError(verdict.status, verdict.code, verdict.message, verdict.status === 409 ? { state: from, action: body.action } : {});
  if (actor.via === 'token' && !can(actor, `complaint.${body.action}` as never)) throw forbidden('This API token is not scoped for that action');
  if (body.version !== undefined && body.version !== c.version) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
  const reason = body.reason?.trim();
  if (needsReason(body.action) && !reason) throw badRequest('reason_required', `The action "${body.action}" needs a reason`);

  const now = Date.now();
  const patch: Parameters<typeof repo.updateComplaint>[3] = { status: verdict.to, updated_at: now };
  const data: Record<string, unknown> = { action: body.action, from, to: verdict.to };
  let visibleBody: string | null = reason ?? null;

  switch (body.action) {
    case 'assign': {
      const departmentId = body.departmentId ?? c.department_id;
      if (!departmentId) throw badRequest('department_required', 'Choose the department to dispatch to');
      if (!(await repo.departmentExists(ctx.db, departmentId))) throw badRequest('unknown_department', `No department ${departmentId}`);
      if (body.ownerId && !(await repo.userInDepartment(ctx.db, body.ownerId, departmentId))) throw badRequest('owner_not_in_department', 'The owner must be an active member of that department');
      patch.department_id = departmentId;
      patch.owner_id = body.ownerId ?? null;
      Object.assign(data, { departmentId, ownerId: body.ownerId ?? null });
      break;
    }
    case 'sign': {
      if (!can(actor, 'complaint.read_all') && !inWorkDepartments(actor, c.department_id) && c.owner_id !== actor.id) {
        throw forbidden('Only the department it was dispatched to can sign for it');
      }
      if (c.owner_id && c.owner_id !== actor.id && !can(actor, 'complaint.assign')) throw forbidden('It was dispatched to another handler');
      patch.owner_id = c.owner_id ?? actor.id;
      data.ownerId = patch.owner_id;
      break;
    }
    case 'return':
      patch.owner_id = null;
      data.departmentId = c.department_id;
      break;
    case 'reply': {
      const message = body.message?.trim();
      if (!message) throw badRequest('message_required', 'Write the reply to the complainant');
      const plan = await repo.latestPlan(ctx.db, id);
      if (plan?.status === 'submitted') throw conflict('plan_pending_approval', 'The handling plan is waiting for a leader’s approval');
      // By the highest level the complaint has had: lowering it does not skip the leader's approval.
      if ((await planApprovalLevel(ctx.db, id, c.level)) <= 2 && plan?.status !== 'approved') throw conflict('plan_approval_required', 'Level Ⅰ–Ⅱ complaints need an approved handling plan before the reply');
      visibleBody = message;
      break;
    }
    case 'resolve_on_call':
      // 即时办结: answered on the call; statistics count it as resolved at first contact.
      data.firstContact = true;
      break;
    case 'merge': {
      if (!body.targetId || body.targetId === id) throw badRequest('target_required', 'Name another complaint to merge into');
      const target = await repo.getComplaint(ctx.db, body.targetId);
      if (!target || !canSee(actor, target)) throw badRequest('unknown_target', 'No such complaint to merge into');
      if (target.status === 'merged') throw conflict('target_merged', 'That complaint is itself merged; merge into the complaint it was merged into');
      patch.merged_into_id = target.id;
      data.targetId = target.id;
      break;
    }
  }

  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.updateComplaint(trx, id, c.version, patch))) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
    await recordActivity(trx, {
      complaintId: id,
      actorId: actor.id,
      kind: body.action === 'reply' ? 'reply' : 'status_changed',
      visibility: PUBLIC_ACTIONS.has(body.action) ? 'public' : 'internal',
      body: visibleBody,
      data,
      at: now,
    });
    if (body.action === 'merge' && patch.merged_into_id) {
      await recordActivity(trx, { complaintId: patch.merged_into_id, actorId: actor.id, kind: 'merged_in', data: { sourceId: id, trackingNo: c.tracking_no }, at: now });
    }
    // A public entry's text goes with the event: the messaging module sends it to the complainant.
    await ctx.events.emit(trx, 'complaint.status_changed', { complaintId: id, ...data, ...(PUBLIC_ACTIONS.has(body.action) && visibleBody ? { publicText: visibleBody } : {}) });
  });
  ctx.events.flush();
  return getComplaintView(ctx, actor, id);
}

export async function addNote(ctx: AppContext, actor: Actor, id: string, body: NoteBody) {
  await loadVisible(ctx, actor, id);
  if (!can(actor, 'complaint.note')) throw forbidden('Your role may not add notes');
  await ctx.db.transaction().execute(async (trx) => {
    await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'note', visibility: body.visibility ?? 'internal', body: body.body });
    // A public note answers the complainant: it can meet the first-response and update-cadence deadlines.
    await ctx.events.emit(trx, 'complaint.note_added', { complaintId: id, visibility: body.visibility ?? 'internal', ...(body.visibility === 'public' ? { body: body.body } : {}) });
  });
  ctx.events.flush();
  return timeline(ctx, actor, id);
}
