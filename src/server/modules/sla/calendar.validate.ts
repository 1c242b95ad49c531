// Validation of admin-edited calendar JSON; returns messages an admin can act on.
import type { CalendarConfig } from './calendar.js';
import { isKnownCountry } from './holidays.js';
import { isIsoDate, isValidTimeZone, parseClock } from './timezone.js';

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const HOLIDAY_TYPES = ['public', 'bank', 'optional', 'school', 'observance'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Members the calendar does not know are refused: a misspelt one would otherwise be saved, shown back
 * and silently ignored (and the published response schema lists exactly the known ones).
 */
export function unknownMembers(v: unknown, known: readonly string[], path: string): string[] {
  if (!isObject(v)) return [];
  return Object.keys(v).filter((k) => !known.includes(k)).map((k) => `${path}${path ? '.' : ''}${k} is not a known field`);
}

/** Errors for a list of ranges: well-formed, ordered, non-overlapping. */
export function validateTimeRanges(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) return [`${path} must be a list of {start, end} ranges`];
  const errors: string[] = [];
  let previousEnd = -1;
  value.forEach((r: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(r) || typeof r.start !== 'string' || typeof r.end !== 'string') {
      errors.push(`${at} must have start and end as "HH:MM"`);
      return;
    }
    errors.push(...unknownMembers(r, ['start', 'end'], at));
    const startOk = CLOCK.test(r.start) && r.start !== '24:00';
    if (!startOk) errors.push(`${at}.start "${r.start}" is not a time "HH:MM"`);
    if (!CLOCK.test(r.end)) errors.push(`${at}.end "${r.end}" is not a time "HH:MM" (24:00 allowed)`);
    if (!startOk || !CLOCK.test(r.end)) return;
    const s = parseClock(r.start);
    const e = parseClock(r.end);
    if (e <= s) errors.push(`${at}: end ${r.end} must be after start ${r.start}`);
    else if (s < previousEnd) errors.push(`${at} starts before the previous range ends; list ranges in order without overlap`);
    previousEnd = e;
  });
  return errors;
}

function validateHolidays(value: unknown): string[] {
  if (value === null) return [];
  if (!isObject(value) || typeof value.country !== 'string') {
    return ['holidays must be null or {country, region?, types?}'];
  }
  const errors: string[] = unknownMembers(value, ['country', 'region', 'types'], 'holidays');
  const region = typeof value.region === 'string' ? value.region : undefined;
  if (value.region !== undefined && region === undefined) errors.push('holidays.region must be a string');
  else if (!isKnownCountry(value.country, region)) {
    errors.push(`holidays: unknown country/region "${value.country}${region ? `-${region}` : ''}"`);
  }
  if (value.types !== undefined) {
    const ok = Array.isArray(value.types) && value.types.length > 0 && value.types.every((t) => HOLIDAY_TYPES.includes(t));
    if (!ok) errors.push(`holidays.types must be a non-empty list of ${HOLIDAY_TYPES.join(', ')}`);
  }
  return errors;
}

function validateOverrides(value: unknown): string[] {
  if (!Array.isArray(value)) return ['overrides must be a list'];
  const errors: string[] = [];
  const seen = new Set<string>();
  value.forEach((o: unknown, i) => {
    const at = `overrides[${i}]`;
    if (!isObject(o)) return void errors.push(`${at} must be an object`);
    errors.push(...unknownMembers(o, ['date', 'kind', 'hours', 'note'], at));
    if (typeof o.date !== 'string' || !isIsoDate(o.date)) errors.push(`${at}.date must be a real date YYYY-MM-DD`);
    else if (seen.has(o.date)) errors.push(`${at}: ${o.date} is overridden more than once`);
    else seen.add(o.date);
    if (o.kind !== 'workday' && o.kind !== 'holiday') errors.push(`${at}.kind must be "workday" or "holiday"`);
    if (o.hours !== undefined) {
      if (o.kind === 'holiday') errors.push(`${at}: a holiday cannot have hours`);
      else if (Array.isArray(o.hours) && o.hours.length === 0) errors.push(`${at}.hours is empty; use kind "holiday" instead`);
      else errors.push(...validateTimeRanges(o.hours, `${at}.hours`));
    }
    if (o.note !== undefined && typeof o.note !== 'string') errors.push(`${at}.note must be text`);
  });
  return errors;
}

export function validateCalendarConfig(value: unknown): string[] {
  if (!isObject(value)) return ['calendar must be an object'];
  const c = value as Partial<Record<keyof CalendarConfig, unknown>>;
  const errors: string[] = unknownMembers(value, ['timeZone', 'workingDays', 'workingHours', 'holidays', 'overrides'], '');
  if (typeof c.timeZone !== 'string' || !isValidTimeZone(c.timeZone)) {
    errors.push(`timeZone "${String(c.timeZone)}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  }
  const days = c.workingDays;
  if (!Array.isArray(days) || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    errors.push('workingDays must list ISO weekdays 1 (Monday) … 7 (Sunday)');
  } else if (new Set(days).size !== days.length) errors.push('workingDays lists a weekday twice');
  else if (days.length === 0) errors.push('workingDays is empty; at least one weekday must be worked');
  errors.push(...validateTimeRanges(c.workingHours, 'workingHours'));
  if (Array.isArray(c.workingHours) && c.workingHours.length === 0) {
    errors.push('workingHours is empty; a working day needs at least one range');
  }
  errors.push(...validateHolidays(c.holidays));
  errors.push(...validateOverrides(c.overrides));
  return errors;
}
