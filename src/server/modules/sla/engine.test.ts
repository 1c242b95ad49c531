import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.js';
import { escalationChain } from './escalation.js';
import { appendOnce, eventsFor, reconcile, type StoredEvent, type StoredTarget } from './engine.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const cal = createCalendar();
const t0 = Date.parse('2025-06-10T10:00:00+08:00');
const target: StoredTarget = { durationMs: HOUR, mode: 'natural', warnRatio: 0.75, escalation: escalationChain(2) };

function row(events: StoredEvent[], fired: string[] = [], timers: Record<string, number> = {}) {
  return { kind: 'firstResponse', target: JSON.stringify(target), events: JSON.stringify(events), fired: JSON.stringify(fired), timers: JSON.stringify(timers), breached_at: null };
}

describe('reconcile', () => {
  it('schedules warning, breach and the leader step; fires each once when due', () => {
    const start = row([{ type: 'start', at: t0 }]);
    const r0 = reconcile(start, cal, t0);
    expect(r0.fire).toEqual([]);
    expect(r0.schedule.map((t) => [t.key, t.at.getTime() - t0])).toEqual([
      ['cycle0:warning+0', 45 * MIN],
      ['cycle0:breach+0', HOUR],
      ['cycle0:breach+7200000', 3 * HOUR],
    ]);
    expect(r0.patch).toMatchObject({ state: 'running', status: 'ok', due_at: t0 + HOUR, warn_at: t0 + 45 * MIN, breached_at: null });

    const at50 = { ...start, fired: r0.patch.fired, timers: r0.patch.timers };
    const r1 = reconcile(at50, cal, t0 + 50 * MIN);
    expect(r1.fire.map((t) => t.key)).toEqual(['cycle0:warning+0']);
    expect(r1.schedule).toEqual([]); // the remaining jobs are already at the right times
    expect(r1.cancel).toEqual(['cycle0:warning+0']); // its job has run (or is running) — a pending copy is dropped
    // Redelivered: nothing again.
    expect(reconcile({ ...at50, fired: r1.patch.fired, timers: r1.patch.timers }, cal, t0 + 55 * MIN).fire).toEqual([]);

    const late = reconcile({ ...at50, fired: r1.patch.fired, timers: r1.patch.timers }, cal, t0 + 61 * MIN);
    expect(late.fire.map((t) => t.key)).toEqual(['cycle0:breach+0']);
    expect(late.patch).toMatchObject({ status: 'breached', breached_at: t0 + HOUR });
  });

  it('a pause moves the timers without re-arming a fired warning; stopping cancels them', () => {
    const events: StoredEvent[] = [{ type: 'start', at: t0 }];
    const r1 = reconcile(row(events), cal, t0 + 50 * MIN);
    expect(r1.fire.map((t) => t.key)).toEqual(['cycle0:warning+0']);
    const paused = [...events, { type: 'pause', at: t0 + 50 * MIN } as StoredEvent, { type: 'resume', at: t0 + 80 * MIN } as StoredEvent];
    const r2 = reconcile(row(paused, JSON.parse(r1.patch.fired), JSON.parse(r1.patch.timers)), cal, t0 + 80 * MIN);
    expect(r2.fire).toEqual([]);
    expect(r2.schedule.find((t) => t.key === 'cycle0:breach+0')!.at.getTime()).toBe(t0 + 90 * MIN);
    const stopped = reconcile(row([...paused, { type: 'stop', at: t0 + 85 * MIN }], JSON.parse(r2.patch.fired), JSON.parse(r2.patch.timers)), cal, t0 + 85 * MIN);
    expect(stopped.cancel.sort()).toEqual(['cycle0:breach+0', 'cycle0:breach+7200000']);
    expect(stopped.patch).toMatchObject({ state: 'stopped', met_at: t0 + 85 * MIN, breached_at: null });
  });

  it('an extension re-arms the breach for the new budget', () => {
    const events: StoredEvent[] = [{ type: 'start', at: t0 }];
    const r1 = reconcile(row(events), cal, t0 + 61 * MIN);
    expect(r1.fire.map((t) => t.key)).toEqual(['cycle0:warning+0', 'cycle0:breach+0']);
    const extended = [...events, { type: 'extend', at: t0 + 62 * MIN, until: t0 + 4 * HOUR } as StoredEvent];
    const r2 = reconcile({ ...row(extended, JSON.parse(r1.patch.fired), JSON.parse(r1.patch.timers)), breached_at: r1.patch.breached_at }, cal, t0 + 62 * MIN);
    expect(r2.patch).toMatchObject({ status: 'ok', due_at: t0 + 4 * HOUR, breached_at: t0 + HOUR });
    expect(r2.schedule.map((t) => t.key)).toContain('cycle0:breach+0');
  });
});

describe('event sources', () => {
  it('applies a redelivered event once', () => {
    const first = appendOnce([], eventsFor('restart', t0, 'complaint.status_changed:assign:1'))!;
    expect(first.map((e) => e.type)).toEqual(['stop', 'start']);
    expect(appendOnce(first, eventsFor('restart', t0, 'complaint.status_changed:assign:1'))).toBeNull();
  });
});
