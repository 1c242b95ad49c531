// Extensions (延期): the owner asks for a later resolution deadline, a head decides.
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import { recordActivity } from '../complaints/activity.js';
import { inWorkDepartments } from '../complaints/complaint.policy.js';
import { appendOnce, decodeEvents, snapshotOf, type StoredEvent } from './engine.js';
import type { SlaClocks } from './sla.clocks.js';
import { iso, type Effects, type SlaCore } from './sla.core.js';
import * as repo from './sla.repo.js';

const MAX_EXTENSION_MS = 366 * 24 * 3_600_000;

export class SlaExtensions {
  constructor(
    private readonly core: SlaCore,
    private readonly clockMover: SlaClocks,
  ) {}

  private get ctx() {
    return this.core.ctx;
  }

  private get config() {
    return this.core.config;
  }

  private now(): number {
    return this.core.now();
  }

  async requestExtension(actor: Actor, complaintId: string, body: { reason: string; newDueAt: string }) {
    const facts = await this.core.visible(actor, complaintId);
    const isHandler = facts.owner_id === actor.id || inWorkDepartments(actor, facts.department_id) || actor.roles.includes('admin');
    if (!isHandler) throw forbidden('Only the complaint’s owner or its department may ask for more time');
    const now = this.now();
    const calendar = (await this.config.calendar()).value;
    const clock = (await repo.clocksOf(this.ctx.db, complaintId)).find((c) => c.kind === 'resolution');
    if (!clock || (clock.state !== 'running' && clock.state !== 'paused')) throw conflict('no_running_deadline', 'The complaint has no running resolution deadline to extend');
    const snap = snapshotOf(clock, calendar, now);
    if (snap.status === 'breached') throw conflict('deadline_passed', 'The deadline has already passed; an extension must be asked for before it expires');
    const newDueAt = Date.parse(body.newDueAt);
    const currentDue = snap.dueAt?.getTime() ?? now;
    if (!Number.isFinite(newDueAt) || newDueAt <= currentDue) throw badRequest('new_due_not_later', `The new due date must be after the current one (${iso(currentDue)})`);
    // A deadline is worked out over the business calendar day by day; a year is the most any extension needs.
    if (newDueAt - now > MAX_EXTENSION_MS) throw badRequest('new_due_too_far', 'An extension can move the due date at most one year ahead');
    if ((await repo.listExtensions(this.ctx.db, complaintId)).some((e) => e.status === 'pending')) throw conflict('extension_pending', 'An extension request is already waiting for a decision');
    const id = uuidv7();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertExtension(trx, { id, complaint_id: complaintId, requested_by: actor.id, reason: body.reason, current_due_at: snap.dueAt?.getTime() ?? null, new_due_at: newDueAt, status: 'pending', decided_by: null, decided_at: null, decision_comment: null, created_at: now });
      await recordActivity(trx, { complaintId, actorId: actor.id, kind: 'extension_requested', body: body.reason, data: { extensionId: id, currentDueAt: iso(snap.dueAt?.getTime()), newDueAt: iso(newDueAt) }, at: now });
      const heads = await repo.departmentHeads(trx, facts.department_id);
      await this.ctx.events.emit(trx, 'sla.extension_requested', { complaintId, extensionId: id, level: facts.level, newDueAt: iso(newDueAt), notify: 'department_head', recipientUserIds: heads });
    });
    this.ctx.events.flush();
    return presentExtension((await repo.getExtension(this.ctx.db, complaintId, id))!);
  }

  async extensions(actor: Actor, complaintId: string) {
    await this.core.visible(actor, complaintId);
    return { items: (await repo.listExtensions(this.ctx.db, complaintId)).map(presentExtension) };
  }

  async decideExtension(actor: Actor, complaintId: string, extensionId: string, body: { decision: 'approve' | 'reject'; comment?: string }) {
    const facts = await this.core.visible(actor, complaintId);
    // A head of the complaint's department or of one above it; a leader stands at the top of the tree.
    const isHead = actor.roles.includes('admin') || actor.roles.includes('leader') || (actor.roles.includes('dept_head') && inWorkDepartments(actor, facts.department_id));
    if (!isHead || !can(actor, 'complaint.extension_decide')) throw forbidden('Only a head of the complaint’s department (or of one above it) decides on extensions');
    const ext = await repo.getExtension(this.ctx.db, complaintId, extensionId);
    if (!ext) throw notFound('Extension request');
    if (ext.status !== 'pending') throw conflict('extension_decided', 'This extension request was already decided');
    const comment = body.comment?.trim() || null;
    if (body.decision === 'reject' && !comment) throw badRequest('comment_required', 'Say why the extension is refused');
    const [calendar] = await Promise.all([this.config.calendar()]);
    const now = this.now();
    const newDueAt = Number(ext.new_due_at);
    const effects: Effects = { emitted: true, wakeAt: Infinity };
    await this.ctx.db.transaction().execute(async (trx) => {
      const status = body.decision === 'approve' ? 'approved' : 'rejected';
      if (!(await repo.decideExtension(trx, ext.id, { status, decided_by: actor.id, decided_at: now, decision_comment: comment }))) throw conflict('extension_decided', 'This extension request was decided meanwhile');
      if (body.decision === 'approve') {
        const clock = (await repo.lockClocks(trx, this.ctx.dialect, complaintId)).find((c) => c.kind === 'resolution');
        if (clock) {
          const events = appendOnce(decodeEvents(clock.events), [{ type: 'extend', at: now, until: newDueAt, src: `extension:${ext.id}` } satisfies StoredEvent]);
          if (events) {
            clock.events = JSON.stringify(events);
            await this.clockMover.persist(trx, clock, facts, calendar.value, now, effects);
          }
        }
        const when = formatLocal(newDueAt, calendar.value.timeZone);
        await recordActivity(trx, {
          complaintId,
          actorId: actor.id,
          kind: 'extension_approved',
          visibility: 'public',
          body: `办理期限已延长至 ${when}。The deadline for handling your complaint has been extended to ${when}.`,
          data: { extensionId: ext.id, newDueAt: iso(newDueAt), previousDueAt: iso(ext.current_due_at === null ? null : Number(ext.current_due_at)) },
          at: now,
        });
      } else {
        await recordActivity(trx, { complaintId, actorId: actor.id, kind: 'extension_rejected', body: comment, data: { extensionId: ext.id, newDueAt: iso(newDueAt) }, at: now });
      }
      await this.ctx.events.emit(trx, 'sla.extension_decided', { complaintId, extensionId: ext.id, decision: status, newDueAt: iso(newDueAt), level: facts.level, notify: 'owner', recipientUserIds: [ext.requested_by] });
    });
    this.core.after(effects);
    return presentExtension((await repo.getExtension(this.ctx.db, complaintId, ext.id))!);
  }
}

/** 'YYYY-MM-DD HH:mm' in the organisation's time zone. */
export function formatLocal(ms: number, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}`;
}

function presentExtension(e: Awaited<ReturnType<typeof repo.listExtensions>>[number]) {
  return {
    id: e.id,
    requestedBy: e.requested_by,
    reason: e.reason,
    currentDueAt: iso(e.current_due_at === null ? null : Number(e.current_due_at)),
    newDueAt: iso(Number(e.new_due_at)),
    status: e.status as 'pending' | 'approved' | 'rejected',
    decidedBy: e.decided_by,
    decidedAt: iso(e.decided_at === null ? null : Number(e.decided_at)),
    decisionComment: e.decision_comment,
    createdAt: iso(Number(e.created_at)),
  };
}
