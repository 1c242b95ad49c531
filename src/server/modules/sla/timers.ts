// The instants a scheduler must wake up for, derived from a clock snapshot. Keys are stable
// per cycle and step, so after a pause, resume or extension the server upserts the same
// durable job with a new time; an empty list means "cancel this clock's jobs". Handlers must
// recompute the clock when a job fires (at-least-once delivery, possibly stale).
import type { ClockSnapshot } from './clock.js';
import type { EscalationRole, EscalationStep } from './escalation.js';

export interface ClockTimer {
  key: string;
  at: Date;
  trigger: 'warning' | 'breach';
  /** delay after the trigger instant, natural time */
  afterMs: number;
  /** who to notify; empty for the bare status change at the trigger itself */
  notify: EscalationRole[];
}

export function nextTimers(clock: ClockSnapshot, now: Date, chain: EscalationStep[] = []): ClockTimer[] {
  if (clock.phase !== 'running') return [];
  const cycle = clock.cycles.length - 1;
  const base: Record<ClockTimer['trigger'], Date | null> = { warning: clock.warnAt, breach: clock.dueAt };
  const byKey = new Map<string, ClockTimer>();
  const add = (trigger: ClockTimer['trigger'], afterMs: number, notify?: EscalationRole) => {
    const from = base[trigger];
    if (!from) return;
    const key = `cycle${cycle}:${trigger}+${afterMs}`;
    const timer = byKey.get(key) ?? { key, at: new Date(from.getTime() + afterMs), trigger, afterMs, notify: [] };
    if (notify && !timer.notify.includes(notify)) timer.notify.push(notify);
    byKey.set(key, timer);
  };
  add('warning', 0);
  add('breach', 0);
  for (const step of chain) add(step.on, step.afterMs, step.notify);
  return [...byKey.values()]
    .filter((t) => t.at.getTime() > now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}
