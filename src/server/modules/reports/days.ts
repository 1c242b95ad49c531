// Local calendar days in the organisation's time zone, as integers (days since 1970-01-01 of the
// local calendar). A complaint created at 23:30 in Shanghai belongs to that Shanghai day even though
// it is 15:30 UTC. Pure; no I/O.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
// Offsets change only at transitions, which happen on quarter-hour instants; cache per quarter hour.
const offsetCache = new Map<string, number>();
const QUARTER = 15 * 60_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of local time from UTC at instant `ms`, in milliseconds (Shanghai: +8 h). */
export function tzOffsetMs(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / QUARTER);
  const key = `${timeZone}|${bucket}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const at = bucket * QUARTER;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const off = local - at;
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/** The local day number of an instant. */
export function localDay(ms: number, timeZone: string): number {
  return Math.floor((ms + tzOffsetMs(ms, timeZone)) / DAY_MS);
}

/** 'YYYY-MM-DD' of a local day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Local day number of 'YYYY-MM-DD'. */
export function dayFromLabel(label: string): number {
  return Math.floor(Date.parse(`${label}T00:00:00Z`) / DAY_MS);
}

/** The instant local midnight starts `day` (first guess + one correction covers DST shifts). */
export function dayStartMs(day: number, timeZone: string): number {
  const guess = day * DAY_MS - tzOffsetMs(day * DAY_MS, timeZone);
  return day * DAY_MS - tzOffsetMs(guess, timeZone);
}

export interface DayRange {
  /** first local day, inclusive */
  fromDay: number;
  /** last local day, inclusive */
  toDay: number;
}

/**
 * The whole local days a [from, to) instant range touches: from the day containing `from` to the day
 * containing the last millisecond before `to`. Rollups are per day, so ranges round out to days.
 */
export function dayRange(fromMs: number, toMs: number, timeZone: string): DayRange {
  return { fromDay: localDay(fromMs, timeZone), toDay: localDay(Math.max(fromMs, toMs - 1), timeZone) };
}

/** Month number (year*12 + month-1) of a local day number. */
export function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** First local day number of a month number. */
export function monthFirstDay(month: number): number {
  return Math.floor(Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS);
}

/**
 * Splits [fromDay, toDay] into the whole months inside it and the loose days at either edge, so a
 * long range reads monthly rollup rows and only its edges read daily ones.
 */
export function splitRange(fromDay: number, toDay: number): { days: Array<[number, number]>; months: [number, number] | null } {
  let m1 = monthOfDay(fromDay);
  if (monthFirstDay(m1) < fromDay) m1++;
  let m2 = monthOfDay(toDay);
  if (monthFirstDay(m2 + 1) - 1 > toDay) m2--;
  if (m1 > m2) return { days: [[fromDay, toDay]], months: null };
  const days: Array<[number, number]> = [];
  if (fromDay < monthFirstDay(m1)) days.push([fromDay, monthFirstDay(m1) - 1]);
  if (monthFirstDay(m2 + 1) <= toDay) days.push([monthFirstDay(m2 + 1), toDay]);
  return { days, months: [m1, m2] };
}
