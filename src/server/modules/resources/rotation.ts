// On-call rotation arithmetic (值班轮换), pure: who holds a schedule at an instant. A shift starts at
// the local handoff time (wall clock in the schedule's zone) on `startsOn` and lasts one day or one
// week; participants take shifts in order and start over. An override (someone covering a time
// range) beats the rotation; of several overlapping overrides the one listed last wins (callers
// list them oldest first, so the newest arrangement counts).
import { DAY_MS, dayNumFromIso, parseClock, zonedParts, zonedToEpoch } from '../sla/timezone.js';

export const PERIODS = ['daily', 'weekly'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export interface Rotation {
  /** User ids in rotation order (a user may appear more than once). */
  participants: readonly string[];
  period: Period;
  /** 'HH:MM', local wall-clock time of each handoff. */
  handoffTime: string;
  /** 'YYYY-MM-DD', local day of the first shift's handoff. */
  startsOn: string;
  timeZone: string;
}

export interface Override {
  userId: string;
  /** Inclusive start, epoch ms. */
  startsAt: number;
  /** Exclusive end, epoch ms. */
  endsAt: number;
}

export interface Shift {
  /** Shift number since `startsOn` (0 = the first). */
  index: number;
  userId: string;
  startsAt: number;
  endsAt: number;
}

export interface OnCall {
  userId: string;
  viaOverride: boolean;
}

const periodDays = (p: Period) => (p === 'weekly' ? 7 : 1);

/** The rotation's shift holding `at`, or null before the first handoff or with nobody in it. */
export function shiftAt(r: Rotation, at: number): Shift | null {
  if (!r.participants.length) return null;
  const handoff = parseClock(r.handoffTime);
  const { dayNum, msOfDay } = zonedParts(at, r.timeZone);
  // Before today's handoff the shift that began on the previous local day still runs.
  const shiftDay = msOfDay >= handoff ? dayNum : dayNum - 1;
  const first = dayNumFromIso(r.startsOn);
  if (shiftDay < first) return null;
  const days = periodDays(r.period);
  const index = Math.floor((shiftDay - first) / days);
  const startDay = first + index * days;
  return {
    index,
    userId: r.participants[index % r.participants.length],
    startsAt: zonedToEpoch(startDay, handoff, r.timeZone),
    endsAt: zonedToEpoch(startDay + days, handoff, r.timeZone),
  };
}

/** Who is on call at `at`: an override covering it (the last listed), else the rotation's shift. */
export function onCallAt(r: Rotation, overrides: readonly Override[], at: number): OnCall | null {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i];
    if (o.startsAt <= at && at < o.endsAt) return { userId: o.userId, viaOverride: true };
  }
  const s = shiftAt(r, at);
  return s ? { userId: s.userId, viaOverride: false } : null;
}

/** The next `count` shifts from the one holding `from` (for a schedule's preview). */
export function upcomingShifts(r: Rotation, from: number, count: number): Shift[] {
  const out: Shift[] = [];
  let s = shiftAt(r, from);
  if (!s) {
    // Not started yet: begin with the first shift.
    const first = dayNumFromIso(r.startsOn);
    const start = zonedToEpoch(first, parseClock(r.handoffTime), r.timeZone);
    s = r.participants.length ? shiftAt(r, start) : null;
  }
  while (s && out.length < count) {
    out.push(s);
    s = shiftAt(r, s.endsAt);
  }
  return out;
}

/** 'HH:MM' with a real hour and minute. */
export function isClock(v: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
}

export { DAY_MS };
