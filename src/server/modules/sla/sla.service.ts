import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/schema.js';
import type { Delivery, DomainEvent } from '../../platform/events/events.js';
import { cancelJobs, enqueue } from '../../platform/jobs/jobs.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import { recordActivity } from '../complaints/activity.js';
import { canSee, inWorkDepartments } from '../complaints/complaint.policy.js';
import type { CalendarConfig } from './calendar.js';
import type { ClockTimer } from './clock.js';
import type { EscalationRole } from './escalation.js';
import { resolveSla, SLA_KINDS, type Level, type SlaKind } from './policy.js';
import { appendOnce, decodeEvents, eventsFor, opsForAction, reconcile, signalOf, snapshotOf, startsClock, type ClockOp, type StoredEvent, type StoredTarget } from './engine.js';
import { SlaConfigStore } from './sla.config.js';
import * as repo from './sla.repo.js';
import type { ClockRow, ComplaintFacts } from './sla.repo.js';

const MAX_EXTENSION_MS = 366 * 24 * 3_600_000;

type Trx = Transaction<Database>;

export const SLA_TIMER_JOB = 'sla.timer';
export const SUPERVISION_JOB = 'sla.supervision';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const HOUR = 3_600_000;
/** Formal supervision reminders: a day before, two hours before, and at the due date. */
const SUPERVISION_REMINDERS: Array<[string, number]> = [
  ['before_24h', 24 * HOUR],
  ['before_2h', 2 * HOUR],
  ['due', 0],
];
const CLOSING_ACTIONS = new Set(['reply', 'close', 'reject', 'merge']);
const ENDED_STATUSES = new Set(['closed', 'rejected', 'merged']);

/** What a transaction did that matters after commit. */
interface Effects {
  emitted: boolean;
  wakeAt: number;
}

/**
 * Deadlines. Clocks move on complaint events (at-least-once: each clock event carries its source, so
 * a redelivered event changes nothing), timers are durable jobs keyed by clock and step (re-scheduling
 * rewrites the same job), and a firing timer recomputes the clock before acting (a stale one does
 * nothing). Warnings, breaches and escalations go on the timeline and out as `sla.*` domain events;
 * the notifications module turns those into messages.
 */
export class SlaService {
  readonly config: SlaConfigStore;

  constructor(private readonly ctx: AppContext) {
    this.config = new SlaConfigStore(ctx.db, ctx.config.timezone);
  }

  /** The scheduler's clock (tests move it forward). */
  now(): number {
    return this.ctx.jobs.now();
  }

  private after(effects: Effects): void {
    if (effects.emitted) this.ctx.events.flush();
    if (effects.wakeAt < Infinity) this.ctx.jobs.wake(effects.wakeAt);
  }

  // ---- complaint events → clock operations ------------------------------------------------------

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
        if (CLOSING_ACTIONS.has(action)) await this.closeSupervisions(trx, complaintId, event.at);
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
  private async persist(trx: Trx, row: ClockRow, facts: ComplaintFacts, calendar: CalendarConfig, now: number, effects: Effects, forceKey?: string): Promise<void> {
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
    const roles: Array<EscalationRole | null> = t.notify.length ? t.notify : [null];
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
    this.after(effects);
  }

  // ---- reads ------------------------------------------------------------------------------------

  private async visible(actor: Actor, complaintId: string): Promise<ComplaintFacts> {
    const facts = await repo.complaintFacts(this.ctx.db, complaintId);
    const row = facts && (await this.ctx.db.selectFrom('complaints').select(['department_id', 'owner_id', 'created_by']).where('id', '=', complaintId).executeTakeFirst());
    if (!facts || !row || !canSee(actor, row)) throw notFound('Complaint');
    return facts;
  }

  async clocks(actor: Actor, complaintId: string) {
    await this.visible(actor, complaintId);
    const calendar = (await this.config.calendar()).value;
    const now = this.now();
    const rows = await repo.clocksOf(this.ctx.db, complaintId);
    const order = (k: string) => SLA_KINDS.indexOf(k as SlaKind);
    return { now: iso(now), items: rows.sort((a, b) => order(a.kind) - order(b.kind)).map((r) => presentClock(r, calendar, now)) };
  }

  // ---- supervision (督办) ------------------------------------------------------------------------

  async supervise(actor: Actor, complaintId: string, body: { dueAt: string; note: string }) {
    const facts = await this.visible(actor, complaintId);
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
    this.after(effects);
    return this.supervisions(actor, complaintId);
  }

  private async ownerAndHeads(trx: Trx, facts: ComplaintFacts): Promise<string[]> {
    const heads = await repo.departmentHeads(trx, facts.department_id);
    return [...new Set([...(facts.owner_id ? [facts.owner_id] : []), ...heads])];
  }

  async supervisions(actor: Actor, complaintId: string) {
    await this.visible(actor, complaintId);
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

  private async closeSupervisions(trx: Trx, complaintId: string, at: number): Promise<void> {
    for (const s of await repo.openSupervisions(trx, complaintId)) {
      await repo.updateSupervision(trx, s.id, { status: 'closed', closed_at: at });
      await cancelJobs(trx, SUPERVISION_REMINDERS.map(([key]) => `sup:${s.id}:${key}`));
    }
  }

  // ---- extensions (延期) -------------------------------------------------------------------------

  async requestExtension(actor: Actor, complaintId: string, body: { reason: string; newDueAt: string }) {
    const facts = await this.visible(actor, complaintId);
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
    await this.visible(actor, complaintId);
    return { items: (await repo.listExtensions(this.ctx.db, complaintId)).map(presentExtension) };
  }

  async decideExtension(actor: Actor, complaintId: string, extensionId: string, body: { decision: 'approve' | 'reject'; comment?: string }) {
    const facts = await this.visible(actor, complaintId);
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
            await this.persist(trx, clock, facts, calendar.value, now, effects);
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
    this.after(effects);
    return presentExtension((await repo.getExtension(this.ctx.db, complaintId, ext.id))!);
  }
}

/** 'YYYY-MM-DD HH:mm' in the organisation's time zone. */
export function formatLocal(ms: number, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}`;
}

export function presentClock(r: ClockRow, calendar: CalendarConfig, now: number) {
  const snap = snapshotOf(r, calendar, now);
  const target = JSON.parse(r.target) as StoredTarget;
  return {
    id: r.id,
    kind: r.kind,
    policyId: r.policy_id,
    state: snap.state,
    phase: snap.phase,
    status: snap.status,
    target: { durationMs: target.durationMs, mode: target.mode, warnRatio: target.warnRatio },
    startedAt: iso(r.started_at),
    dueAt: iso(snap.dueAt?.getTime()),
    warnAt: iso(snap.warnAt?.getTime()),
    remainingMs: snap.remainingMs,
    elapsedMs: snap.elapsedMs,
    budgetMs: snap.budgetMs,
    metAt: iso(r.met_at),
    breachedAt: iso(r.breached_at),
    cycles: snap.cycles.map((c) => ({ startedAt: iso(c.startedAt.getTime()), endedAt: iso(c.endedAt?.getTime()), pausedMs: c.pausedMs, budgetMs: c.budgetMs, dueAt: iso(c.dueAt?.getTime()), outcome: c.outcome })),
  };
}

function presentSupervision(s: Awaited<ReturnType<typeof repo.listSupervisions>>[number]) {
  const reminders = JSON.parse(s.reminders) as Array<{ key: string; at: number; sentAt: number | null }>;
  return {
    id: s.id,
    supervisorId: s.supervisor_id,
    dueAt: iso(Number(s.due_at)),
    note: s.note,
    status: s.status,
    reminders: reminders.map((r) => ({ key: r.key, at: iso(r.at), sentAt: iso(r.sentAt) })),
    createdAt: iso(Number(s.created_at)),
    closedAt: iso(s.closed_at === null ? null : Number(s.closed_at)),
  };
}

function presentExtension(e: Awaited<ReturnType<typeof repo.listExtensions>>[number]) {
  return {
    id: e.id,
    requestedBy: e.requested_by,
    reason: e.reason,
    currentDueAt: iso(e.current_due_at === null ? null : Number(e.current_due_at)),
    newDueAt: iso(Number(e.new_due_at)),
    status: e.status,
    decidedBy: e.decided_by,
    decidedAt: iso(e.decided_at === null ? null : Number(e.decided_at)),
    decisionComment: e.decision_comment,
    createdAt: iso(Number(e.created_at)),
  };
}

export interface SlaSummary {
  kind: string;
  dueAt: string | null;
  status: 'ok' | 'warning' | 'breached';
  state: string;
}

/**
 * The most urgent open clock per complaint, for list and detail JSON: running clocks by due time
 * (status judged at `now` from the stored instants), else a paused one.
 */
export async function slaSummaries(ctx: AppContext, complaintIds: string[]): Promise<Map<string, SlaSummary>> {
  const now = ctx.jobs.now();
  const out = new Map<string, SlaSummary & { sort: number }>();
  for (const r of await repo.openClocks(ctx.db, complaintIds)) {
    const status: SlaSummary['status'] =
      r.status === 'breached' || (r.state === 'running' && r.due_at !== null && r.due_at <= now)
        ? 'breached'
        : r.state === 'running' && r.warn_at !== null && r.warn_at <= now
          ? 'warning'
          : 'ok';
    const sort = r.state === 'running' && r.due_at !== null ? r.due_at : Number.MAX_SAFE_INTEGER;
    const prev = out.get(r.complaint_id);
    if (!prev || sort < prev.sort) out.set(r.complaint_id, { kind: r.kind, dueAt: iso(r.due_at), status, state: r.state, sort });
  }
  return new Map([...out].map(([id, { sort: _sort, ...s }]) => [id, s]));
}

export { repo as slaRepo };
export type { ClockOp };

/** The complaint list's SLA filters as a condition on complaints.id; undefined when none is asked. */
export function slaListFilter(ctx: AppContext, slaStatus?: string, dueBefore?: string) {
  if (!slaStatus && !dueBefore) return undefined;
  if (slaStatus && slaStatus !== 'warning' && slaStatus !== 'breached') throw badRequest('invalid_filter', 'slaStatus must be warning or breached');
  const before = dueBefore ? Date.parse(dueBefore) : undefined;
  if (before !== undefined && !Number.isFinite(before)) throw badRequest('invalid_filter', 'dueBefore must be a date-time');
  return repo.slaCondition({ status: slaStatus as 'warning' | 'breached' | undefined, dueBefore: before, now: ctx.jobs.now() });
}
