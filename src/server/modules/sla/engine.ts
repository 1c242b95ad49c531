// The bridge between stored clock rows and the pure clock: decode a row, fold its events at `now`,
// and work out what the server must do — the denormalised columns to write, the timers to
// (re)schedule or cancel, and the timers whose instant has come and that were not yet acted on.
// Pure: no I/O, so the rules are unit-tested without a database.
import type { CalendarConfig, TimeMode } from './calendar.js';
import { computeClock, nextTimers, type ClockEvent, type ClockSnapshot, type ClockTimer } from './clock.js';
import type { EscalationStep } from './escalation.js';
import type { SlaKind } from './policy.js';

export interface StoredEvent {
  type: 'start' | 'pause' | 'resume' | 'stop' | 'extend';
  at: number;
  byMs?: number;
  until?: number;
  /** what caused it (domain event type, action, instant): a redelivered event is recognised by it */
  src?: string;
}

export interface StoredTarget {
  durationMs: number;
  mode: TimeMode;
  warnRatio: number;
  escalation: EscalationStep[];
}

export interface ClockRowLike {
  kind: string;
  target: string;
  events: string;
  fired: string;
  timers: string;
  breached_at: number | null;
}

export function decodeEvents(json: string): StoredEvent[] {
  return JSON.parse(json) as StoredEvent[];
}

export function toClockEvents(events: StoredEvent[]): ClockEvent[] {
  return events.map((e): ClockEvent => {
    if (e.type === 'extend') {
      return e.until !== undefined ? { type: 'extend', at: new Date(e.at), until: new Date(e.until) } : { type: 'extend', at: new Date(e.at), byMs: e.byMs ?? 0 };
    }
    return { type: e.type, at: new Date(e.at) };
  });
}

export function snapshotOf(row: Pick<ClockRowLike, 'target' | 'events'>, calendar: CalendarConfig, now: number): ClockSnapshot {
  const target = JSON.parse(row.target) as StoredTarget;
  return computeClock({ target, calendar, events: toClockEvents(decodeEvents(row.events)) }, new Date(now));
}

/** Which domain event a timer raises: warning (0 after warn), breached (0 after due), escalated (later steps). */
export type SlaSignal = 'warning' | 'breached' | 'escalated';
export const signalOf = (t: Pick<ClockTimer, 'trigger' | 'afterMs'>): SlaSignal => (t.afterMs > 0 ? 'escalated' : t.trigger === 'warning' ? 'warning' : 'breached');

export interface Reconciled {
  snapshot: ClockSnapshot;
  /** columns to write */
  patch: {
    state: string;
    status: string;
    started_at: number | null;
    due_at: number | null;
    warn_at: number | null;
    met_at: number | null;
    breached_at: number | null;
    cycles: number;
    fired: string;
    timers: string;
  };
  /** timers whose instant has come and that were not acted on yet */
  fire: ClockTimer[];
  /** future timers whose job must be (re)written: new, or moved */
  schedule: ClockTimer[];
  /** keys of jobs no longer wanted */
  cancel: string[];
}

const FAR_PAST = new Date(-8.64e15);

/**
 * Where the clock stands at `now` and what to do about it. A timer is acted on once per cycle, step
 * and budget: a pause moves it without re-arming it, an approved extension (a new budget) re-arms it.
 */
export function reconcile(row: ClockRowLike, calendar: CalendarConfig, now: number): Reconciled {
  const target = JSON.parse(row.target) as StoredTarget;
  const snapshot = snapshotOf(row, calendar, now);
  const cycleNo = snapshot.cycles.length - 1;
  const all = nextTimers(snapshot, FAR_PAST, target.escalation);
  const firedBefore = (JSON.parse(row.fired) as string[]).filter((k) => k.startsWith(`cycle${cycleNo}:`));
  const fired = new Set(firedBefore);
  const mark = (t: ClockTimer) => `${t.key}#${snapshot.budgetMs}`;

  const fire: ClockTimer[] = [];
  const wanted: Record<string, number> = {};
  for (const t of all) {
    if (t.at.getTime() <= now) {
      if (!fired.has(mark(t))) {
        fire.push(t);
        fired.add(mark(t));
      }
    } else {
      wanted[t.key] = t.at.getTime();
    }
  }
  const previous = JSON.parse(row.timers) as Record<string, number>;
  const schedule = all.filter((t) => wanted[t.key] !== undefined && previous[t.key] !== wanted[t.key]);
  const cancel = Object.keys(previous).filter((k) => wanted[k] === undefined);

  const cycles = snapshot.cycles;
  const lastCycle = cycles.at(-1);
  const breachedCycle = cycles.find((c) => c.outcome === 'breached') ?? (snapshot.state === 'breached' ? lastCycle : undefined);
  const firstBreach = breachedCycle?.dueAt?.getTime() ?? null;
  const breachedAt = row.breached_at ?? firstBreach;

  return {
    snapshot,
    patch: {
      state: snapshot.phase,
      status: snapshot.status,
      started_at: cycles[0]?.startedAt.getTime() ?? null,
      due_at: snapshot.dueAt?.getTime() ?? null,
      warn_at: snapshot.phase === 'stopped' ? null : (snapshot.warnAt?.getTime() ?? null),
      met_at: snapshot.phase === 'stopped' ? (lastCycle?.endedAt?.getTime() ?? null) : null,
      breached_at: breachedAt,
      cycles: cycles.length,
      fired: JSON.stringify([...fired]),
      timers: JSON.stringify(wanted),
    },
    fire,
    schedule,
    cancel,
  };
}

/** Events to append for an operation, unless this source was already applied (redelivery). */
export type ClockOp = 'start' | 'stop' | 'pause' | 'resume' | 'restart' | 'resumeOrStart';

export function eventsFor(op: ClockOp, at: number, src: string): StoredEvent[] {
  switch (op) {
    case 'restart':
      return [{ type: 'stop', at, src }, { type: 'start', at, src }];
    case 'resumeOrStart':
      // The replay ignores what does not apply: a paused clock resumes, a stopped one starts.
      return [{ type: 'resume', at, src }, { type: 'start', at, src }];
    default:
      return [{ type: op, at, src }];
  }
}

export function appendOnce(events: StoredEvent[], add: StoredEvent[]): StoredEvent[] | null {
  const src = add[0]?.src;
  if (src && events.some((e) => e.src === src)) return null;
  return [...events, ...add];
}

/** Which clocks a complaint event moves, per the lifecycle. */
export function opsForAction(action: string): Partial<Record<SlaKind, ClockOp>> {
  switch (action) {
    case 'assign':
      return { signFor: 'restart' };
    case 'sign':
      return { signFor: 'stop', resolution: 'resumeOrStart', updateCadence: 'resumeOrStart' };
    case 'return':
      // Back to the dispatcher: the sign-for clock is met (returned within the limit or not), the
      // resolution clock waits for the next department to sign.
      return { signFor: 'stop', resolution: 'pause', updateCadence: 'pause' };
    case 'request_info':
      return { signFor: 'pause', firstResponse: 'pause', resolution: 'pause', updateCadence: 'pause' };
    case 'resume':
      return { signFor: 'resume', firstResponse: 'resume', resolution: 'resume', updateCadence: 'resume' };
    case 'reply':
      return { firstResponse: 'stop', resolution: 'stop', updateCadence: 'stop' };
    case 'close':
    case 'resolve_on_call':
    case 'reject':
    case 'merge':
      return { signFor: 'stop', firstResponse: 'stop', resolution: 'stop', updateCadence: 'stop' };
    case 'reopen':
      return { resolution: 'start', updateCadence: 'start' };
    default:
      return {};
  }
}

/** Ops that may create a clock row (the others only move an existing clock). */
export const startsClock = (op: ClockOp) => op === 'start' || op === 'restart' || op === 'resumeOrStart';
