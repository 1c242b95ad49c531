// SLA clocks as a pure fold over events: the database stores events, this computes where a
// clock stands at any `now`. Time is counted in the target's mode, so a pause outside
// working hours costs nothing and a pause inside them moves the due time by exactly that much.
import { addBusinessTime, businessTimeBetween, type CalendarConfig } from './calendar.js';
import type { ClockTarget } from './policy.js';

export type ClockEvent =
  | { type: 'start' | 'pause' | 'resume' | 'stop'; at: Date }
  /** extra time, in the target's mode */
  | { type: 'extend'; at: Date; byMs: number }
  /** approved new due instant (延期); never shortens the clock */
  | { type: 'extend'; at: Date; until: Date };

export interface ClockInput {
  target: ClockTarget;
  calendar: CalendarConfig;
  events: ClockEvent[];
}

export type ClockState = 'not_started' | 'running' | 'paused' | 'met' | 'breached';
export type ClockStatus = 'ok' | 'warning' | 'breached';
export type ClockPhase = 'not_started' | 'running' | 'paused' | 'stopped';

/** One start→stop run; a restart (reopened complaint, next update) opens a fresh cycle. */
export interface ClockCycle {
  startedAt: Date;
  endedAt: Date | null;
  /** paused time in the target's mode (ongoing pause counted up to now) */
  pausedMs: number;
  budgetMs: number;
  dueAt: Date | null;
  outcome: 'open' | 'met' | 'breached';
}

export interface ClockSnapshot {
  state: ClockState;
  phase: ClockPhase;
  status: ClockStatus;
  /** null while paused before the due time: it depends on when the clock resumes */
  dueAt: Date | null;
  warnAt: Date | null;
  /** in the target's mode; negative once overdue within counted time */
  remainingMs: number;
  elapsedMs: number;
  budgetMs: number;
  cycles: ClockCycle[];
}

interface Run {
  startedAt: number;
  endedAt: number | null;
  /** running segments [start, end); end null = running now */
  segments: Array<[number, number | null]>;
  pauseStart: number | null;
  pausedMs: number;
  budgetMs: number;
}

type Phase = 'running' | 'paused' | 'stopped';
const phaseOf = (r: Run): Phase => (r.endedAt !== null ? 'stopped' : r.pauseStart !== null ? 'paused' : 'running');

/** Replays events up to `now`. Transitions that do not apply are ignored, so a duplicated
 *  event (at-least-once delivery) is harmless. */
function replay(input: ClockInput, now: number): Run[] {
  const { calendar: cal, target } = input;
  const between = (a: number, b: number) => businessTimeBetween(cal, new Date(a), new Date(b), target.mode);
  const consumed = (r: Run, upTo: number) =>
    r.segments.reduce((sum, [s, e]) => sum + between(s, Math.min(e ?? upTo, upTo)), 0);
  const runs: Run[] = [];
  const events = input.events
    .filter((e) => e.at.getTime() <= now)
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.at.getTime() - y.e.at.getTime() || x.i - y.i);
  for (const { e } of events) {
    const at = e.at.getTime();
    const run = runs.at(-1);
    const phase = run ? phaseOf(run) : 'stopped';
    if (e.type === 'start' && phase === 'stopped') {
      const budgetMs = target.durationMs;
      runs.push({ startedAt: at, endedAt: null, segments: [[at, null]], pauseStart: null, pausedMs: 0, budgetMs });
    } else if (!run || phase === 'stopped') {
      continue;
    } else if (e.type === 'pause' && phase === 'running') {
      run.segments[run.segments.length - 1][1] = at;
      run.pauseStart = at;
    } else if ((e.type === 'resume' || e.type === 'stop') && phase === 'paused') {
      run.pausedMs += between(run.pauseStart as number, at);
      run.pauseStart = null;
      if (e.type === 'resume') run.segments.push([at, null]);
      else run.endedAt = at;
    } else if (e.type === 'stop' && phase === 'running') {
      run.segments[run.segments.length - 1][1] = at;
      run.endedAt = at;
    } else if (e.type === 'extend') {
      const extra = 'byMs' in e ? e.byMs : consumed(run, at) + Math.max(0, between(at, e.until.getTime())) - run.budgetMs;
      run.budgetMs += Math.max(0, extra);
    }
  }
  const last = runs.at(-1);
  if (last && last.pauseStart !== null) last.pausedMs += between(last.pauseStart, now);
  return runs;
}

/** The instant the run's counted time reaches `x`; `project` continues past the last
 *  segment as if the clock had kept running (for stopped clocks' "would have been due"). */
function reach(input: ClockInput, run: Run, x: number, project: boolean): Date | null {
  const { calendar: cal, target } = input;
  let cum = 0;
  let lastEnd = run.startedAt;
  for (const [s, e] of run.segments) {
    if (e === null) return addBusinessTime(cal, new Date(s), x - cum, target.mode);
    const len = businessTimeBetween(cal, new Date(s), new Date(e), target.mode);
    if (cum + len >= x) return addBusinessTime(cal, new Date(s), x - cum, target.mode);
    cum += len;
    lastEnd = e;
  }
  return project ? addBusinessTime(cal, new Date(lastEnd), x - cum, target.mode) : null;
}

interface Evaluated {
  cycle: ClockCycle;
  phase: Phase;
  warnAt: Date | null;
  elapsedMs: number;
  breached: boolean;
  warned: boolean;
}

function evaluate(input: ClockInput, run: Run, now: number): Evaluated {
  const phase = phaseOf(run);
  const lastSeg = run.segments[run.segments.length - 1];
  // The clock can only become late while it runs: judge at now, or when it last ran.
  const judgeAt = lastSeg[1] ?? now;
  const project = phase === 'stopped';
  const dueAt = reach(input, run, run.budgetMs, project);
  const warnAt = reach(input, run, run.budgetMs * input.target.warnRatio, project);
  const breached = dueAt !== null && judgeAt > dueAt.getTime();
  const warned = warnAt !== null && judgeAt >= warnAt.getTime();
  const elapsedMs = run.segments.reduce(
    (sum, [s, e]) => sum + businessTimeBetween(input.calendar, new Date(s), new Date(e ?? now), input.target.mode),
    0,
  );
  const outcome = phase !== 'stopped' ? 'open' : breached ? 'breached' : 'met';
  const cycle: ClockCycle = {
    startedAt: new Date(run.startedAt),
    endedAt: run.endedAt === null ? null : new Date(run.endedAt),
    pausedMs: run.pausedMs,
    budgetMs: run.budgetMs,
    dueAt,
    outcome,
  };
  return { cycle, phase, warnAt, elapsedMs, breached, warned };
}

export function computeClock(input: ClockInput, now: Date): ClockSnapshot {
  const evaluated = replay(input, now.getTime()).map((run) => evaluate(input, run, now.getTime()));
  const cycles = evaluated.map((e) => e.cycle);
  const current = evaluated.at(-1);
  if (!current) {
    const budgetMs = input.target.durationMs;
    const base = { dueAt: null, warnAt: null, remainingMs: budgetMs, elapsedMs: 0, budgetMs, cycles };
    return { state: 'not_started', phase: 'not_started', status: 'ok', ...base };
  }
  const { cycle, phase, breached } = current;
  const state: ClockState =
    phase === 'stopped' ? cycle.outcome as 'met' | 'breached' : breached ? 'breached' : phase;
  const status: ClockStatus = breached ? 'breached' : phase !== 'stopped' && current.warned ? 'warning' : 'ok';
  return {
    state,
    phase,
    status,
    dueAt: cycle.dueAt,
    warnAt: current.warnAt,
    remainingMs: cycle.budgetMs - current.elapsedMs,
    elapsedMs: current.elapsedMs,
    budgetMs: cycle.budgetMs,
    cycles,
  };
}

export { nextTimers, type ClockTimer } from './timers.js';
