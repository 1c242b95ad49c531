// Formal supervision (督办): a due date set by a supervisor, with reminders to the owner and heads.
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/auth/actor.js';
import { cancelJobs, enqueue } from '../../platform/jobs/jobs.js';
import { badRequest, conflict } from '../../platform/http/problem.js';
import { recordActivity } from '../complaints/activity.js';
import { iso, type Effects, type SlaCore, type Trx } from './sla.core.js';
import * as repo from './sla.repo.js';
import type { ComplaintFacts } from './sla.repo.js';

export const SUPERVISION_JOB = 'sla.supervision';
const HOUR = 3_600_000;
/** Formal supervision reminders: a day before, two hours before, and at the due date. */
const SUPERVISION_REMINDERS: Array<[string, number]> = [
  ['before_24h', 24 * HOUR],
  ['before_2h', 2 * HOUR],
  ['due', 0],
];
const ENDED_STATUSES = new Set(['closed', 'rejected', 'merged']);

export class SlaSupervision {
  constructor(private readonly core: SlaCore) {}

  private get ctx() {
    return this.core.ctx;
  }

  private now(): number {
    return this.core.now();
  }

  async supervise(actor: Actor, complaintId: string, body: { dueAt: string; note: string }) {
    const facts = await this.core.visible(actor, complaintId);
    if (ENDED_STATUSES.has(facts.status)) throw conflict('complaint_ended', 'The complaint is already closed');
    const now = this.now();
    const dueAt = Date.parse(body.dueAt);
    if (!Number.isFinite(dueAt) || dueAt <= now) throw badRequest('due_in_past', 'The supervision due date must be in the future');
    const id = uuidv7();
    const reminders = SUPERVISION_REMINDERS.map(([key, before]) => ({ key, at: dueAt - before, sentAt: null as number | null })).filter((r) => r.key === 'due' || r.at > now);
    const effects: Effects = { emitted: true, wakeAt: Math.min(...reminders.map((r) => r.at)) };
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertSupervision(trx, { id, complaint_id: complaintId, supervisor_id: actor.id, due_at: dueAt, note: body.note, status: 'open', reminders: JSON.stringify(reminders), created_at: now, closed_at: null });
      for (const r of reminders) {
        await enqueue(trx, { type: SUPERVISION_JOB, payload: { supervisionId: id, key: r.key }, runAt: r.at, dedupeKey: `sup:${id}:${r.key}`, maxAttempts: 20 }, now);
      }
      const recipientUserIds = await this.ownerAndHeads(trx, facts);
      await recordActivity(trx, { complaintId, actorId: actor.id, kind: 'supervision_opened', body: body.note, data: { supervisionId: id, dueAt: iso(dueAt) }, at: now });
      await this.ctx.events.emit(trx, 'sla.supervision_opened', { complaintId, supervisionId: id, supervisorId: actor.id, dueAt: iso(dueAt), note: body.note, level: facts.level, notify: 'owner', recipientUserIds });
    });
    this.core.after(effects);
    return this.supervisions(actor, complaintId);
  }

  private async ownerAndHeads(trx: Trx, facts: ComplaintFacts): Promise<string[]> {
    const heads = await repo.departmentHeads(trx, facts.department_id);
    return [...new Set([...(facts.owner_id ? [facts.owner_id] : []), ...heads])];
  }

  async supervisions(actor: Actor, complaintId: string) {
    await this.core.visible(actor, complaintId);
    const rows = await repo.listSupervisions(this.ctx.db, complaintId);
    return { items: rows.map(presentSupervision) };
  }

  async onSupervisionReminder(payload: { supervisionId: string; key: string }): Promise<void> {
    let emitted = false;
    await this.ctx.db.transaction().execute(async (trx) => {
      const s = await repo.lockSupervision(trx, this.ctx.dialect, payload.supervisionId);
      if (!s || s.status !== 'open') return;
      const reminders = JSON.parse(s.reminders) as Array<{ key: string; at: number; sentAt: number | null }>;
      const r = reminders.find((x) => x.key === payload.key);
      if (!r || r.sentAt !== null) return;
      const facts = await repo.complaintFacts(trx, s.complaint_id);
      if (!facts) return;
      const now = this.now();
      r.sentAt = now;
      await repo.updateSupervision(trx, s.id, { reminders: JSON.stringify(reminders) });
      const recipientUserIds = await this.ownerAndHeads(trx, facts);
      const overdue = payload.key === 'due';
      await recordActivity(trx, { complaintId: s.complaint_id, actorId: null, kind: 'supervision_reminder', data: { supervisionId: s.id, reminder: payload.key, dueAt: iso(Number(s.due_at)), overdue, recipientUserIds }, at: now });
      await this.ctx.events.emit(trx, 'sla.supervision_reminder', { complaintId: s.complaint_id, supervisionId: s.id, reminder: payload.key, overdue, dueAt: iso(Number(s.due_at)), level: facts.level, notify: 'owner', recipientUserIds });
      emitted = true;
    });
    if (emitted) this.ctx.events.flush();
  }
}

/** Closes a complaint's open supervisions and cancels their reminders (the complaint was answered or ended). */
export async function closeSupervisions(trx: Trx, complaintId: string, at: number): Promise<void> {
  for (const s of await repo.openSupervisions(trx, complaintId)) {
    await repo.updateSupervision(trx, s.id, { status: 'closed', closed_at: at });
    await cancelJobs(trx, SUPERVISION_REMINDERS.map(([key]) => `sup:${s.id}:${key}`));
  }
}

function presentSupervision(s: Awaited<ReturnType<typeof repo.listSupervisions>>[number]) {
  const reminders = JSON.parse(s.reminders) as Array<{ key: string; at: number; sentAt: number | null }>;
  return {
    id: s.id,
    supervisorId: s.supervisor_id,
    dueAt: iso(Number(s.due_at)),
    note: s.note,
    status: s.status as 'open' | 'closed',
    reminders: reminders.map((r) => ({ key: r.key, at: iso(r.at), sentAt: iso(r.sentAt) })),
    createdAt: iso(Number(s.created_at)),
    closedAt: iso(s.closed_at === null ? null : Number(s.closed_at)),
  };
}
