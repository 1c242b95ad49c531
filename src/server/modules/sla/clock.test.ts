import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.js';
import { computeClock, nextTimers, type ClockEvent, type ClockInput } from './clock.js';
import { escalationChain } from './escalation.js';
import type { ClockTarget } from './policy.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const cst = (local: string) => new Date(`${local}:00+08:00`);
const cal = createCalendar();

const ev = (type: 'start' | 'pause' | 'resume' | 'stop', local: string): ClockEvent => ({ type, at: cst(local) });
const clock = (target: ClockTarget, events: ClockEvent[]): ClockInput => ({ target, calendar: cal, events });

/** Ⅱ resolution: 2 working days of 7.5 h. */
const resolution2: ClockTarget = { durationMs: 15 * HOUR, mode: 'working', warnRatio: 0.75 };
/** Ⅱ first response: 1 h natural. */
const response2: ClockTarget = { durationMs: HOUR, mode: 'natural', warnRatio: 0.75 };

describe('response clock (natural time) — met and breached', () => {
  // Received on a National Day holiday: natural time runs regardless.
  const start = ev('start', '2025-10-02T10:00');

  it('is ok, then warning at 75 %, then breached', () => {
    const input = clock(response2, [start]);
    expect(computeClock(input, cst('2025-10-02T10:44'))).toMatchObject({
      state: 'running', status: 'ok', dueAt: cst('2025-10-02T11:00'), warnAt: cst('2025-10-02T10:45'),
      elapsedMs: 44 * MIN, remainingMs: 16 * MIN,
    });
    expect(computeClock(input, cst('2025-10-02T10:50'))).toMatchObject({ state: 'running', status: 'warning' });
    expect(computeClock(input, cst('2025-10-02T11:10'))).toMatchObject({
      state: 'breached', phase: 'running', status: 'breached', remainingMs: -10 * MIN,
    });
  });

  it('warns from the warning instant and is late only after the due instant', () => {
    const input = clock(response2, [start]);
    expect(computeClock(input, cst('2025-10-02T10:45'))).toMatchObject({ state: 'running', status: 'warning' });
    expect(computeClock(input, cst('2025-10-02T11:00'))).toMatchObject({ state: 'running', status: 'warning', remainingMs: 0 });
    expect(computeClock(input, new Date(cst('2025-10-02T11:00').getTime() + 1))).toMatchObject({ state: 'breached', status: 'breached' });
  });

  it('finds the due instant inside a later stretch of a stopped clock', () => {
    const events = [start, ev('pause', '2025-10-02T10:20'), ev('resume', '2025-10-02T10:30'), ev('stop', '2025-10-02T11:30')];
    const snap = computeClock(clock(response2, events), cst('2025-10-02T12:00'));
    expect(snap).toMatchObject({ state: 'breached', dueAt: cst('2025-10-02T11:10'), elapsedMs: 80 * MIN });
  });

  it('is met when stopped in time, and stays met later', () => {
    const snap = computeClock(clock(response2, [start, ev('stop', '2025-10-02T10:50')]), cst('2025-10-03T09:00'));
    expect(snap).toMatchObject({ state: 'met', phase: 'stopped', status: 'ok', elapsedMs: 50 * MIN, dueAt: cst('2025-10-02T11:00') });
    expect(snap.cycles).toEqual([
      { startedAt: cst('2025-10-02T10:00'), endedAt: cst('2025-10-02T10:50'), pausedMs: 0, budgetMs: HOUR, dueAt: cst('2025-10-02T11:00'), outcome: 'met' },
    ]);
  });

  it('is breached when stopped late', () => {
    const snap = computeClock(clock(response2, [start, ev('stop', '2025-10-02T11:20')]), cst('2025-10-02T12:00'));
    expect(snap).toMatchObject({ state: 'breached', phase: 'stopped', status: 'breached', remainingMs: -20 * MIN });
    expect(snap.cycles[0].outcome).toBe('breached');
  });

  it('has not started without a start event', () => {
    expect(computeClock(clock(response2, []), cst('2025-10-02T12:00'))).toMatchObject({
      state: 'not_started', phase: 'not_started', status: 'ok', dueAt: null, remainingMs: HOUR, cycles: [],
    });
  });
});

describe('resolution clock (working time) — pause while waiting on the complainant', () => {
  const start = ev('start', '2025-06-10T10:00'); // Tue; no pause: due Thu 06-12 10:00

  it('without a pause is due after 15 working hours', () => {
    expect(computeClock(clock(resolution2, [start]), cst('2025-06-10T10:00')).dueAt).toEqual(cst('2025-06-12T10:00'));
  });

  it('shifts the due time by the paused working time', () => {
    // Paused Tue 15:00 → Wed 14:00 = 3 h (Tue) + 3.5 h (Wed) = 6.5 working hours.
    const input = clock(resolution2, [start, ev('pause', '2025-06-10T15:00'), ev('resume', '2025-06-11T14:00')]);
    const paused = computeClock(input, cst('2025-06-11T10:00'));
    expect(paused).toMatchObject({
      state: 'paused', phase: 'paused', status: 'ok', dueAt: null, warnAt: null,
      elapsedMs: 3.5 * HOUR, remainingMs: 11.5 * HOUR,
    });
    expect(paused.cycles[0].pausedMs).toBe(4 * HOUR); // Tue 3 h + Wed 09:00–10:00 so far

    const resumed = computeClock(input, cst('2025-06-12T15:00'));
    expect(resumed).toMatchObject({
      state: 'running', status: 'warning',
      dueAt: cst('2025-06-12T18:00'), warnAt: cst('2025-06-12T14:15'), remainingMs: 3 * HOUR,
    });
    expect(resumed.cycles[0].pausedMs).toBe(6.5 * HOUR);
  });

  it('does not move the due time for a pause outside working hours', () => {
    const input = clock(resolution2, [start, ev('pause', '2025-06-10T19:00'), ev('resume', '2025-06-11T08:30')]);
    const snap = computeClock(input, cst('2025-06-11T09:00'));
    expect(snap.dueAt).toEqual(cst('2025-06-12T10:00'));
    expect(snap.cycles[0].pausedMs).toBe(0);
  });

  it('breaches at the due instant even when no working time has passed since', () => {
    // Ⅲ sign-for: 1 working hour from Fri 17:00 → due Fri 18:00; on Saturday it is late.
    const signFor: ClockTarget = { durationMs: HOUR, mode: 'working', warnRatio: 0.75 };
    const snap = computeClock(clock(signFor, [ev('start', '2025-06-13T17:00')]), cst('2025-06-14T10:00'));
    expect(snap).toMatchObject({ state: 'breached', status: 'breached', dueAt: cst('2025-06-13T18:00'), remainingMs: 0 });
    const evening = computeClock(clock(signFor, [ev('start', '2025-06-13T17:30')]), cst('2025-06-14T10:00'));
    // From 17:30 the last half hour and the warning (75 %) fall on Monday morning.
    expect(evening).toMatchObject({ state: 'running', status: 'ok', dueAt: cst('2025-06-16T09:30'), warnAt: cst('2025-06-16T09:15') });
  });

  it('counts the make-up Sunday before National Day as paused working time', () => {
    // Start Thu Sep 25 10:00; pause Fri 26 10:00 → resume Mon 29 09:00: only Fri 10–18 (6.5 h)
    // and Sun Sep 28 (make-up workday, 7.5 h) are paused working time.
    const input = clock(resolution2, [ev('start', '2025-09-25T10:00'), ev('pause', '2025-09-26T10:00'), ev('resume', '2025-09-29T09:00')]);
    const snap = computeClock(input, cst('2025-09-29T09:00'));
    expect(snap.cycles[0].pausedMs).toBe(14 * HOUR);
    // Used 6.5 + 1 = 7.5 h; 7.5 h left from Mon 09:00 → Mon 18:00.
    expect(snap.dueAt).toEqual(cst('2025-09-29T18:00'));
  });
});

describe('extensions (延期)', () => {
  const start = ev('start', '2025-06-10T10:00');

  it('adds time in the target mode', () => {
    const input = clock(resolution2, [start, { type: 'extend', at: cst('2025-06-11T11:00'), byMs: 7.5 * HOUR }]);
    expect(computeClock(input, cst('2025-06-11T12:00'))).toMatchObject({ dueAt: cst('2025-06-13T10:00'), budgetMs: 22.5 * HOUR });
    // Before the extension is recorded the old due time holds.
    expect(computeClock(input, cst('2025-06-11T10:59')).dueAt).toEqual(cst('2025-06-12T10:00'));
  });

  it('moves the due time to an approved instant, and never shortens it', () => {
    const until = (local: string): ClockEvent => ({ type: 'extend', at: cst('2025-06-11T11:00'), until: cst(local) });
    expect(computeClock(clock(resolution2, [start, until('2025-06-16T10:00')]), cst('2025-06-11T12:00')).dueAt).toEqual(cst('2025-06-16T10:00'));
    expect(computeClock(clock(resolution2, [start, until('2025-06-11T17:00')]), cst('2025-06-11T12:00')).dueAt).toEqual(cst('2025-06-12T10:00'));
  });

  it('can lift a breached natural-time clock', () => {
    const response1: ClockTarget = { durationMs: 24 * HOUR, mode: 'natural', warnRatio: 0.75 };
    const events = [ev('start', '2025-10-01T10:00'), { type: 'extend' as const, at: cst('2025-10-02T11:00'), byMs: 12 * HOUR }];
    expect(computeClock(clock(response1, events.slice(0, 1)), cst('2025-10-02T12:00')).state).toBe('breached');
    expect(computeClock(clock(response1, events), cst('2025-10-02T12:00'))).toMatchObject({ state: 'running', dueAt: cst('2025-10-02T22:00') });
  });
});

describe('event handling', () => {
  it('opens a fresh cycle per restart (update cadence)', () => {
    const cadence1: ClockTarget = { durationMs: 2 * HOUR, mode: 'natural', warnRatio: 0.75 };
    const events = [ev('start', '2025-06-10T10:00'), ev('stop', '2025-06-10T11:30'), ev('start', '2025-06-10T11:30'), ev('stop', '2025-06-10T14:00')];
    const mid = computeClock(clock(cadence1, events), cst('2025-06-10T12:00'));
    expect(mid).toMatchObject({ state: 'running', dueAt: cst('2025-06-10T13:30') });
    expect(mid.cycles.map((c) => c.outcome)).toEqual(['met', 'open']);
    const end = computeClock(clock(cadence1, events), cst('2025-06-10T15:00'));
    expect(end.state).toBe('breached');
    expect(end.cycles.map((c) => c.outcome)).toEqual(['met', 'breached']);
  });

  it('ignores duplicated and out-of-order events', () => {
    const events = [
      ev('resume', '2025-06-10T10:40'),
      ev('start', '2025-06-10T10:00'),
      ev('pause', '2025-06-10T10:10'),
      ev('start', '2025-06-10T10:05'),
      ev('resume', '2025-06-10T10:30'),
      ev('pause', '2025-06-10T10:20'),
    ];
    const snap = computeClock(clock(response2, events), cst('2025-06-10T10:45'));
    expect(snap.cycles).toHaveLength(1);
    expect(snap).toMatchObject({ state: 'running', dueAt: cst('2025-06-10T11:20'), elapsedMs: 25 * MIN });
    expect(snap.cycles[0].pausedMs).toBe(20 * MIN);
  });

  it('while paused: no due time yet, the pause counted up to now; stopped while paused: met, with the pause', () => {
    const events = [ev('start', '2025-06-10T10:00'), ev('pause', '2025-06-10T10:20')];
    const paused = computeClock(clock(response2, events), cst('2025-06-10T10:50'));
    expect(paused).toMatchObject({ state: 'paused', phase: 'paused', status: 'ok', dueAt: null, warnAt: null, elapsedMs: 20 * MIN, remainingMs: 40 * MIN, budgetMs: HOUR });
    expect(paused.cycles).toEqual([{ startedAt: cst('2025-06-10T10:00'), endedAt: null, pausedMs: 30 * MIN, budgetMs: HOUR, dueAt: null, outcome: 'open' }]);
    // Paused before the warning share: however long the pause, no warning until the clock runs again.
    expect(computeClock(clock(response2, [ev('start', '2025-06-10T10:00'), ev('pause', '2025-06-10T10:40')]), cst('2025-06-10T12:00'))).toMatchObject({ state: 'paused', status: 'ok', warnAt: null });
    const stopped = computeClock(clock(response2, [...events, ev('stop', '2025-06-10T11:00')]), cst('2025-06-10T13:00'));
    expect(stopped).toMatchObject({ state: 'met', phase: 'stopped', status: 'ok', elapsedMs: 20 * MIN });
    // The projected due time: 40 min still to go after the last running instant.
    expect(stopped.cycles).toEqual([{ startedAt: cst('2025-06-10T10:00'), endedAt: cst('2025-06-10T11:00'), pausedMs: 40 * MIN, budgetMs: HOUR, dueAt: cst('2025-06-10T11:00'), outcome: 'met' }]);
  });

  it('an extension while paused or on a stopped clock', () => {
    const paused = [ev('start', '2025-06-10T10:00'), ev('pause', '2025-06-10T10:20'), { type: 'extend' as const, at: cst('2025-06-10T10:30'), byMs: 30 * MIN }, ev('resume', '2025-06-10T11:00')];
    expect(computeClock(clock(response2, paused), cst('2025-06-10T11:05'))).toMatchObject({ state: 'running', budgetMs: 90 * MIN, dueAt: cst('2025-06-10T12:10') });
    const stopped = [ev('start', '2025-06-10T10:00'), ev('stop', '2025-06-10T10:20'), { type: 'extend' as const, at: cst('2025-06-10T10:30'), byMs: 30 * MIN }];
    expect(computeClock(clock(response2, stopped), cst('2025-06-10T11:05')).budgetMs).toBe(HOUR);
    // A negative extension changes nothing.
    const negative = [ev('start', '2025-06-10T10:00'), { type: 'extend' as const, at: cst('2025-06-10T10:30'), byMs: -30 * MIN }];
    expect(computeClock(clock(response2, negative), cst('2025-06-10T10:40')).dueAt).toEqual(cst('2025-06-10T11:00'));
  });

  it('ignores events after now', () => {
    const events = [ev('start', '2025-06-10T10:00'), ev('stop', '2025-06-10T10:50')];
    expect(computeClock(clock(response2, events), cst('2025-06-10T10:45')).state).toBe('running');
  });
});

describe('nextTimers and the escalation chain', () => {
  const response1: ClockTarget = { durationMs: 30 * MIN, mode: 'natural', warnRatio: 0.75 };
  const start = ev('start', '2025-06-10T10:00');
  const chain = escalationChain(1);

  it('lists warning → owner, breach → department head, breach + 1 h → leader', () => {
    const timers = nextTimers(computeClock(clock(response1, [start]), cst('2025-06-10T10:00')), cst('2025-06-10T10:00'), chain);
    expect(timers).toEqual([
      { key: 'cycle0:warning+0', at: new Date('2025-06-10T10:22:30+08:00'), trigger: 'warning', afterMs: 0, notify: ['owner'] },
      { key: 'cycle0:breach+0', at: cst('2025-06-10T10:30'), trigger: 'breach', afterMs: 0, notify: ['department_head'] },
      { key: 'cycle0:breach+3600000', at: cst('2025-06-10T11:30'), trigger: 'breach', afterMs: HOUR, notify: ['leader'] },
    ]);
  });

  it('drops passed instants and keeps keys stable when a pause moves them', () => {
    const snap = computeClock(clock(response1, [start, ev('pause', '2025-06-10T10:10'), ev('resume', '2025-06-10T10:20')]), cst('2025-06-10T10:35'));
    expect(nextTimers(snap, cst('2025-06-10T10:35'), chain).map((t) => [t.key, t.at])).toEqual([
      ['cycle0:breach+0', cst('2025-06-10T10:40')],
      ['cycle0:breach+3600000', cst('2025-06-10T11:40')],
    ]);
    // Already breached: only the leader step is still ahead.
    const late = computeClock(clock(response1, [start]), cst('2025-06-10T10:45'));
    expect(nextTimers(late, cst('2025-06-10T10:45'), chain).map((t) => t.notify)).toEqual([['leader']]);
  });

  it('returns nothing for paused, stopped or unstarted clocks', () => {
    const now = cst('2025-06-10T10:15');
    expect(nextTimers(computeClock(clock(response1, [start, ev('pause', '2025-06-10T10:05')]), now), now, chain)).toEqual([]);
    expect(nextTimers(computeClock(clock(response1, [start, ev('stop', '2025-06-10T10:05')]), now), now, chain)).toEqual([]);
    expect(nextTimers(computeClock(clock(response1, []), now), now, chain)).toEqual([]);
  });

  it('still emits bare status timers without a chain', () => {
    const timers = nextTimers(computeClock(clock(response1, [start]), cst('2025-06-10T10:00')), cst('2025-06-10T10:00'));
    expect(timers.map((t) => [t.trigger, t.notify])).toEqual([['warning', []], ['breach', []]]);
  });

  it('delays the leader by level: Ⅰ 1 h, Ⅱ 2 h, Ⅲ 4 h, Ⅳ 8 h', () => {
    const leader = (level: 1 | 2 | 3 | 4) => escalationChain(level).find((s) => s.notify === 'leader')?.afterMs;
    expect([leader(1), leader(2), leader(3), leader(4)]).toEqual([HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR]);
  });
});
