// Business calendar: which instants are working time for an organisation, and deadline
// arithmetic in natural or working time. Pure: the config is plain JSON, no I/O.
import { statutoryDay, type HolidaySource } from './holidays.js';
import { zonedParts, zonedToEpoch, dayNumFromIso, isoFromDayNum, isoWeekday, parseClock } from './timezone.js';

export type TimeMode = 'natural' | 'working';

/** Local wall-clock range, 'HH:MM'; end may be '24:00'. */
export interface TimeRange {
  start: string;
  end: string;
}

/** An admin's decision about one date; beats both the statute and the weekly pattern. */
export interface DayOverride {
  date: string; // YYYY-MM-DD, local to the calendar's zone
  kind: 'workday' | 'holiday';
  /** custom hours for a workday (e.g. a half day); defaults to workingHours */
  hours?: TimeRange[];
  note?: string;
}

/** Plain JSON, stored per organisation. Treat as immutable (see dayCache). */
export interface CalendarConfig {
  timeZone: string; // IANA
  /** ISO weekdays normally worked, 1 = Monday … 7 = Sunday */
  workingDays: number[];
  workingHours: TimeRange[];
  /** null: no public holidays, only the weekly pattern and overrides */
  holidays: HolidaySource | null;
  overrides: DayOverride[];
}

export const DEFAULT_CALENDAR: CalendarConfig = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  holidays: { country: 'CN' },
  overrides: [],
};

export function createCalendar(partial: Partial<CalendarConfig> = {}): CalendarConfig {
  return structuredClone({ ...DEFAULT_CALENDAR, ...partial });
}

export interface DayInfo {
  date: string;
  working: boolean;
  hours: TimeRange[];
  reason: 'override' | 'statutory_holiday' | 'makeup_workday' | 'weekly';
  name?: string;
}

/** Whether and when a local date is worked, and why. */
export function describeDay(cal: CalendarConfig, date: string): DayInfo {
  const dayNum = dayNumFromIso(date);
  const override = cal.overrides.find((o) => o.date === date);
  if (override) {
    const working = override.kind === 'workday';
    const hours = working ? (override.hours ?? cal.workingHours) : [];
    return { date, working, hours, reason: 'override', name: override.note };
  }
  const statute = statutoryDay(cal.holidays, dayNum);
  if (statute.kind === 'holiday') {
    return { date, working: false, hours: [], reason: 'statutory_holiday', name: statute.name };
  }
  if (statute.kind === 'makeup_workday') {
    return { date, working: true, hours: cal.workingHours, reason: 'makeup_workday', name: statute.name };
  }
  const working = cal.workingDays.includes(isoWeekday(dayNum));
  return { date, working, hours: working ? cal.workingHours : [], reason: 'weekly' };
}

// Day tables are memoised per config object (hence: treat a CalendarConfig as immutable,
// replace it to change it). Without this a 15-working-day clock costs milliseconds of Intl calls.
const dayCache = new WeakMap<CalendarConfig, Map<number, Array<[number, number]>>>();

/** Working intervals [start, end) of one local day, as epoch ms. */
function intervals(cal: CalendarConfig, dayNum: number): Array<[number, number]> {
  let days = dayCache.get(cal);
  if (!days) dayCache.set(cal, (days = new Map()));
  const cached = days.get(dayNum);
  if (cached) return cached;
  const out: Array<[number, number]> = [];
  for (const r of describeDay(cal, isoFromDayNum(dayNum)).hours) {
    const s = zonedToEpoch(dayNum, parseClock(r.start), cal.timeZone);
    const e = zonedToEpoch(dayNum, parseClock(r.end), cal.timeZone);
    if (e > s) out.push([s, e]); // a DST gap can swallow a range
  }
  days.set(dayNum, out);
  return out;
}

/** Length of a nominal working day (the default hours); "N working days" = N of these. */
export function workingDayMs(cal: CalendarConfig): number {
  return cal.workingHours.reduce((sum, r) => sum + parseClock(r.end) - parseClock(r.start), 0);
}

// Guards against configs with no working time at all (e.g. every day overridden).
const MAX_SCAN_DAYS = 3_700;

function noWorkingTime(): Error {
  return new Error(`calendar has no working time within ${MAX_SCAN_DAYS} days`);
}

export function isWorkingTime(cal: CalendarConfig, at: Date): boolean {
  const t = at.getTime();
  const { dayNum } = zonedParts(t, cal.timeZone);
  return intervals(cal, dayNum).some(([s, e]) => s <= t && t < e);
}

/** `at` itself when it is working time, otherwise the start of the next working period. */
export function nextWorkingTime(cal: CalendarConfig, at: Date): Date {
  const t = at.getTime();
  const first = zonedParts(t, cal.timeZone).dayNum;
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    for (const [s, e] of intervals(cal, day)) if (e > t) return new Date(Math.max(s, t));
  }
  throw noWorkingTime();
}

/**
 * The instant `ms` of (natural or working) time after `start`. In working mode a budget
 * that runs out exactly at a period's end yields that end (18:00), not the next morning.
 */
export function addBusinessTime(cal: CalendarConfig, start: Date, ms: number, mode: TimeMode): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`duration must be a finite ms >= 0, got ${ms}`);
  const t = start.getTime();
  if (mode === 'natural' || ms === 0) return new Date(t + ms);
  let remaining = ms;
  const first = zonedParts(t, cal.timeZone).dayNum;
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    for (const [s, e] of intervals(cal, day)) {
      if (e <= t) continue;
      const from = Math.max(s, t);
      if (remaining <= e - from) return new Date(from + remaining);
      remaining -= e - from;
    }
  }
  throw noWorkingTime();
}

/** Time from a to b counted in the mode; negative when b is before a. */
export function businessTimeBetween(cal: CalendarConfig, a: Date, b: Date, mode: TimeMode): number {
  const from = a.getTime();
  const to = b.getTime();
  if (mode === 'natural') return to - from;
  if (to < from) return -businessTimeBetween(cal, b, a, mode);
  let sum = 0;
  const last = zonedParts(to, cal.timeZone).dayNum;
  for (let day = zonedParts(from, cal.timeZone).dayNum; day <= last; day++) {
    for (const [s, e] of intervals(cal, day)) sum += Math.max(0, Math.min(e, to) - Math.max(s, from));
  }
  return sum;
}

export { validateCalendarConfig } from './calendar.validate.js';
