// IANA time-zone arithmetic on top of Intl.DateTimeFormat, so deadlines are computed in the
// organisation's wall-clock time without a date library. Dates are "day numbers": whole days
// since 1970-01-01 on the proleptic calendar, independent of any zone.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface ZonedParts {
  dayNum: number;
  /** milliseconds since local midnight */
  msOfDay: number;
}

/** Wall-clock date and time of an instant in a zone. */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const localAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const dayNum = Math.floor(localAsUtc / DAY_MS);
  // Intl drops milliseconds; add them back from the instant itself.
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return { dayNum, msOfDay: localAsUtc - dayNum * DAY_MS + ms };
}

/** Zone offset (local minus UTC) in force at an instant. */
export function offsetMs(epochMs: number, timeZone: string): number {
  const { dayNum, msOfDay } = zonedParts(epochMs, timeZone);
  return dayNum * DAY_MS + msOfDay - epochMs;
}

/**
 * The instant of a local wall-clock time. Like Temporal's 'compatible' disambiguation:
 * a time repeated by a DST fall-back resolves to the earlier instant, a time skipped by a
 * spring-forward gap is pushed forward by the gap's length.
 */
export function zonedToEpoch(dayNum: number, msOfDay: number, timeZone: string): number {
  const local = dayNum * DAY_MS + msOfDay;
  const before = offsetMs(local - DAY_MS, timeZone);
  const after = offsetMs(local + DAY_MS, timeZone);
  if (before === after) return local - before; // no transition nearby: the common case
  const matches = [before, after]
    .map((off) => local - off)
    .filter((epoch) => offsetMs(epoch, timeZone) === local - epoch);
  if (matches.length > 0) return Math.min(...matches);
  return local - before;
}

export function dayNumFromIso(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function isoFromDayNum(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(dayNum: number): number {
  const d = new Date(dayNum * DAY_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return isoFromDayNum(dayNumFromIso(value)) === value;
}

/** 'HH:MM' → ms since midnight. */
export function parseClock(value: string): number {
  const [h, m] = value.split(':').map(Number);
  return (h * 60 + m) * 60_000;
}

export { DAY_MS };
