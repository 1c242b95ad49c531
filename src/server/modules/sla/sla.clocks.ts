// Clocks following complaint events, and their timers: warnings, breaches and escalations.
import { v7 as uuidv7 } from 'uuid';
import type { DomainEvent, Delivery } from '../../platform/events/events.js';
import { cancelJobs, enqueue } from '../../platform/jobs/jobs.js';
import { recordActivity } from '../complaints/activity.js';
import type { CalendarConfig } from './calendar.js';
import type { ClockTimer } from './clock.js';
import type { EscalationRole } from './escalation.js';
import { resolveSla, SLA_KINDS, type Level, type SlaKind } from './policy.js';
import { appendOnce, decodeEvents, eventsFor, opsForAction, reconcile, signalOf, startsClock, type ClockOp, type StoredTarget } from './engine.js';
import { iso, type Effects, type SlaCore, type Trx } from './sla.core.js';
import { closeSupervisions } from './sla.supervision.js';
import * as repo from './sla.repo.js';
import type { ClockRow, ComplaintFacts } from './sla.repo.js';

export const SLA_TIMER_JOB = 'sla.timer';

const CLOSING_ACTIONS = new Set(['reply', 'close', 'reject', 'merge']);

/**
 * Clocks move on complaint events (at-least-once: each clock event carries its source, so a
 * redelivered event changes nothing), timers are durable jobs keyed by clock and step (re-scheduling
 * rewrites the same job), and a firing timer recomputes the clock before acting (a stale one does nothing).
 */
export class SlaClocks {
  constructor(private readonly core: SlaCore) {}

  private get ctx() {
    return this.core.ctx;
  }

  private get config() {
    return this.core.config;
  }

  private now(): number {
    return this.core.now();
  }

  /** In the event delivery's transaction; wake-ups and event flushes run after its commit. */
  async onComplaintEvent(event: DomainEvent<Record<string, any>>, delivery: Delivery): Promise<void> {
    const complaintId = event.data.complaintId as string | undefined;
    if (!complaintId) return;
    const src = `${event.type}:${event.data.action ?? event.data.visibility ?? ''}:${event.at}`;
    const { trx } = delivery;
    const effects: Effects = { emitted: false, wakeAt: Infinity };
    switch (event.type) {
      case 'complaint.created':
        await this.apply(trx, effects, complaintId, { firstResponse: 'start' }, null, src);
        break;
      case 'complaint.status_changed': {
        const action = String(event.data.action ?? '');
        await this.apply(trx, effects, complaintId, opsForAction(action), event.at, src);
        if (CLOSING_ACTIONS.has(action)) await closeSupervisions(trx, complaintId, event.at);
        break;
      }
      case 'complaint.note_added':
        if (event.data.visibility === 'public') await this.apply(trx, effects, complaintId, { firstResponse: 'stop', updateCadence: 'restart' }, event.at, src, { onlyExisting: true });
        break;
      case 'complaint.updated': {
        const changes = (event.data.changes ?? []) as string[];
        if (changes.includes('level') || changes.includes('category_id')) await this.apply(trx, effects, complaintId, {}, event.at, src, { reresolve: true });
        break;
      }
    }
    if (effects.emitted) delivery.afterCommit(this.flushEvents);
    if (effects.wakeAt < Infinity) delivery.afterCommit(() => this.ctx.jobs.wake(effects.wakeAt));
  }

  private readonly flushEvents = () => this.ctx.events.flush();

  /**
   * Applies clock operations to a complaint's clocks in the caller's transaction. `at` null = the
   * complaint's receipt time. Clocks are created on their first starting operation with the policy's target.
   */
  private async apply(trx: Trx, effects: Effects, complaintId: string, ops: Partial<Record<SlaKind, ClockOp>>, at: number | null, src: string, opts: { reresolve?: boolean; onlyExisting?: boolean } = {}): Promise<void> {
    const policies = await this.config.policies(trx);
    const calendar = await this.config.calendar(trx);
    const facts = await repo.complaintFacts(trx, complaintId);
    if (!facts) return;
    const when = at ?? facts.created_at;
    const now = Math.max(this.now(), when);
    let clocks = await repo.lockClocks(trx, this.ctx.dialect, complaintId);
    // A stop or pause for a clock that does not exist yet means its start is late (an event that
    // failed and was retried after its successors): the clock is created to hold the stop, and the
    // late start, folded in time order, ends up before it.
    const creating = SLA_KINDS.filter((k) => !clocks.some((c) => c.kind === k) && ops[k] && (startsClock(ops[k]!) || ops[k] === 'stop' || ops[k] === 'pause') && !opts.onlyExisting);
    const wantCadence = opts.reresolve && facts.status === 'in_progress' && !clocks.some((c) => c.kind === 'updateCadence');
    if (!creating.length && !opts.reresolve && !SLA_KINDS.some((k) => ops[k] && clocks.some((c) => c.kind === k))) return;
    const resolved =
      creating.length || opts.reresolve
        ? resolveSla(policies.value, { level: facts.level as Level, categoryPath: await repo.categoryPath(trx, facts.category_id), channel: facts.channel }, calendar.value)
        : undefined;
    const targetOf = (kind: SlaKind): { target: StoredTarget; policyId: string } | null => {
      const t = resolved?.targets[kind];
      return t ? { target: { durationMs: t.durationMs, mode: t.mode, warnRatio: t.warnRatio, escalation: resolved!.escalation }, policyId: t.policyId } : null;
    };
    const toCreate = [...creating, ...(wantCadence && !creating.includes('updateCadence') ? (['updateCadence'] as SlaKind[]) : [])];
    let inserted = false;
    for (const kind of toCreate) {
      const t = targetOf(kind);
      if (!t) continue;
      await repo.insertClock(trx, {
        id: uuidv7(), complaint_id: complaintId, kind, policy_id: t.policyId, state: 'not_started', status: 'ok',
        target: JSON.stringify(t.target), started_at: null, due_at: null, warn_at: null, met_at: null, breached_at: null,
        events: '[]', cycles: 0, fired: '[]', timers: '{}', created_at: now, updated_at: now,
      });
      inserted = true;
    }
    if (inserted) clocks = await repo.lockClocks(trx, this.ctx.dialect, complaintId);

    for (const row of clocks) {
      const kind = row.kind as SlaKind;
      let events = decodeEvents(row.events);
      let changed = false;
      if (opts.reresolve) {
        const t = targetOf(kind);
        if (t && (JSON.stringify(t.target) !== row.target || t.policyId !== row.policy_id)) {
          row.target = JSON.stringify(t.target);
          row.policy_id = t.policyId;
          changed = true;
        }
        if (!t) {
          const next = appendOnce(events, eventsFor('stop', when, src));
          if (next) [events, changed] = [next, true];
        } else if (kind === 'updateCadence' && wantCadence && events.length === 0) {
          const next = appendOnce(events, eventsFor('start', when, src));
          if (next) [events, changed] = [next, true];
        }
      }
      const op = ops[kind];
      if (op) {
        const next = appendOnce(events, eventsFor(op, when, src));
        if (next) [events, changed] = [next, true];
      }
      if (!changed) continue;
      row.events = JSON.stringify(events);
      await this.persist(trx, row, facts, calendar.value, now, effects);
    }
  }

  /** Recomputes a clock, writes it, (re)schedules its timers and acts on the ones that are due. */
  async persist(trx: Trx, row: ClockRow, facts: ComplaintFacts, calendar: CalendarConfig, now: number, effects: Effects, forceKey?: string): Promise<void> {
    const r = reconcile(row, calendar, now);
    await repo.updateClock(trx, row.id, { ...r.patch, events: row.events, target: row.target, policy_id: row.policy_id, updated_at: now });
    const wanted = JSON.parse(r.patch.timers) as Record<string, number>;
    const schedule = [...r.schedule];
    // The job that is running now must be written again if its timer is still ahead (a skewed
    // clock fired it early); otherwise it would be marked done and the timer lost.
    if (forceKey && wanted[forceKey] !== undefined && !schedule.some((t) => t.key === forceKey)) {
      schedule.push({ key: forceKey, at: new Date(wanted[forceKey]), trigger: 'breach', afterMs: 0, notify: [] });
    }
    for (const t of schedule) {
      await enqueue(trx, { type: SLA_TIMER_JOB, payload: { clockId: row.id, key: t.key }, runAt: t.at.getTime(), dedupeKey: `sla:${row.id}:${t.key}`, replace: true, maxAttempts: 20 }, now);
      effects.wakeAt = Math.min(effects.wakeAt, t.at.getTime());
    }
    if (r.cancel.length) await cancelJobs(trx, r.cancel.map((k) => `sla:${row.id}:${k}`));
    for (const t of r.fire) {
      await this.fire(trx, row, facts, r.snapshot.dueAt?.getTime() ?? null, t, now);
      effects.emitted = true;
    }
  }

  private async recipients(trx: Trx, facts: ComplaintFacts, role: EscalationRole): Promise<string[]> {
    if (role === 'leader') return repo.leaders(trx);
    const heads = await repo.departmentHeads(trx, facts.department_id);
    if (role === 'department_head') return heads;
    // The owner; before anyone signed for it, the nearest heads up the tree stand in.
    return facts.owner_id ? [facts.owner_id] : heads;
  }

  private async fire(trx: Trx, row: ClockRow, facts: ComplaintFacts, dueAt: number | null, t: ClockTimer, now: number): Promise<void> {
    const signal = signalOf(t);
    const roles: Array<EscalationRole | null> = t.notify.length ? [...t.notify] : [null];
    // The update cadence came due with no public update since: the owner is reminded to write one.
    const updateDue = row.kind === 'updateCadence' && t.trigger === 'breach' && t.afterMs === 0;
    if (updateDue && !roles.includes('owner')) roles.push('owner');
    const perRole = await Promise.all(roles.map(async (role) => ({ role, ids: role ? await this.recipients(trx, facts, role) : [] })));
    const all = [...new Set(perRole.flatMap((p) => p.ids))];
    await recordActivity(trx, {
      complaintId: facts.id,
      actorId: null,
      kind: `sla_${signal}`,
      visibility: 'internal',
      data: { clock: row.kind, clockId: row.id, dueAt: iso(dueAt), trigger: t.trigger, afterMs: t.afterMs, notify: t.notify, recipientUserIds: all },
      at: now,
    });
    if (updateDue) {
      const owner = perRole.find((p) => p.role === 'owner')?.ids ?? [];
      await recordActivity(trx, { complaintId: facts.id, actorId: null, kind: 'update_reminder', data: { clockId: row.id, dueAt: iso(dueAt), recipientUserIds: owner }, at: now });
    }
    for (const { role, ids } of perRole) {
      await this.ctx.events.emit(trx, `sla.${signal}`, {
        complaintId: facts.id,
        clockId: row.id,
        kind: row.kind,
        level: facts.level,
        dueAt: iso(dueAt),
        trigger: t.trigger,
        afterMs: t.afterMs,
        notify: role,
        recipientUserIds: ids,
      });
    }
  }

  /** A timer job: recompute the clock at now; act on what is due; a stale timer does nothing. */
  async onTimer(payload: { clockId: string; key?: string }): Promise<void> {
    const calendar = await this.config.calendar();
    const effects: Effects = { emitted: false, wakeAt: Infinity };
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await repo.lockClock(trx, this.ctx.dialect, payload.clockId);
      if (!row) return;
      const facts = await repo.complaintFacts(trx, row.complaint_id);
      if (!facts) return;
      await this.persist(trx, row, facts, calendar.value, this.now(), effects, payload.key);
    });
    this.core.after(effects);
  }
}
