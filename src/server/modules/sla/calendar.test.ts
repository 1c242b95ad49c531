import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  createCalendar,
  describeDay,
  isWorkingTime,
  nextWorkingTime,
  validateCalendarConfig,
  workingDayMs,
} from './calendar.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Beijing wall-clock time (UTC+8, no DST). */
const cst = (local: string) => new Date(`${local}:00+08:00`);

const cn = createCalendar(); // Asia/Shanghai, Mon–Fri 09:00–12:00 + 13:30–18:00, CN holidays
const WORKING_DAY = 7.5 * HOUR;

describe('default Chinese calendar', () => {
  it('has a 7.5 h working day', () => {
    expect(workingDayMs(cn)).toBe(WORKING_DAY);
    expect(validateCalendarConfig(cn)).toEqual([]);
  });
});

describe('National Day 2025 (Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked)', () => {
  it('classifies the days from chinese-days data', () => {
    expect(describeDay(cn, '2025-09-28')).toMatchObject({ working: true, reason: 'makeup_workday', name: '国庆节' });
    expect(describeDay(cn, '2025-10-01')).toMatchObject({ working: false, reason: 'statutory_holiday', name: '国庆节' });
    expect(describeDay(cn, '2025-10-06')).toMatchObject({ working: false, name: '中秋' });
    expect(describeDay(cn, '2025-10-08')).toMatchObject({ working: false, reason: 'statutory_holiday' });
    expect(describeDay(cn, '2025-10-09')).toMatchObject({ working: true, reason: 'weekly' });
    expect(describeDay(cn, '2025-10-11')).toMatchObject({ working: true, reason: 'makeup_workday' });
    expect(describeDay(cn, '2025-10-12')).toMatchObject({ working: false, reason: 'weekly' });
  });

  it('carries a 2-working-day deadline from Sep 30 over the whole holiday', () => {
    // Sep 30: 10–12 + 13:30–18 = 6.5 h; Oct 1–8 off; Oct 9: 7.5 h; Oct 10: 1 h more.
    expect(addBusinessTime(cn, cst('2025-09-30T10:00'), 2 * WORKING_DAY, 'working')).toEqual(cst('2025-10-10T10:00'));
    expect(businessTimeBetween(cn, cst('2025-09-30T09:00'), cst('2025-10-09T18:00'), 'working')).toBe(2 * WORKING_DAY);
    expect(nextWorkingTime(cn, cst('2025-09-30T18:00'))).toEqual(cst('2025-10-09T09:00'));
  });

  it('counts the make-up Saturday Oct 11 as a working day', () => {
    // Fri Oct 10 14:00–18:00 = 4 h, then Sat Oct 11 09:00–12:00 + 13:30–14:00.
    expect(addBusinessTime(cn, cst('2025-10-10T14:00'), WORKING_DAY, 'working')).toEqual(cst('2025-10-11T14:00'));
    expect(isWorkingTime(cn, cst('2025-10-11T10:00'))).toBe(true);
    expect(isWorkingTime(cn, cst('2025-10-04T10:00'))).toBe(false); // a Saturday inside the holiday
  });

  it('counts the make-up Sunday Sep 28 before the holiday', () => {
    // Fri Sep 26 17:00 → 1 h; Sep 27 off; Sun 28, Mon 29, Tue 30 worked; then Oct 9, 10.
    expect(addBusinessTime(cn, cst('2025-09-26T17:00'), 5 * WORKING_DAY, 'working')).toEqual(cst('2025-10-10T17:00'));
    expect(isWorkingTime(cn, cst('2025-09-28T09:00'))).toBe(true);
  });

  it('ignores the calendar in natural mode', () => {
    expect(addBusinessTime(cn, cst('2025-10-01T10:00'), 24 * HOUR, 'natural')).toEqual(cst('2025-10-02T10:00'));
    expect(businessTimeBetween(cn, cst('2025-10-01T10:00'), cst('2025-10-02T10:00'), 'natural')).toBe(24 * HOUR);
  });

  it('knows 2026 National Day (Oct 1–7, Sun Sep 20 and Sat Oct 10 worked)', () => {
    expect(describeDay(cn, '2026-09-20').reason).toBe('makeup_workday');
    expect(describeDay(cn, '2026-10-07').working).toBe(false);
    expect(describeDay(cn, '2026-10-08').working).toBe(true);
    expect(describeDay(cn, '2026-10-10').reason).toBe('makeup_workday');
  });
});

describe('lunch break and overnight boundaries (Tue 2025-06-10)', () => {
  it('skips the lunch break', () => {
    expect(addBusinessTime(cn, cst('2025-06-10T11:30'), HOUR, 'working')).toEqual(cst('2025-06-10T14:00'));
    expect(addBusinessTime(cn, cst('2025-06-10T12:30'), 30 * MIN, 'working')).toEqual(cst('2025-06-10T14:00'));
    expect(businessTimeBetween(cn, cst('2025-06-10T11:00'), cst('2025-06-10T14:00'), 'working')).toBe(1.5 * HOUR);
    expect(businessTimeBetween(cn, cst('2025-06-10T14:00'), cst('2025-06-10T11:00'), 'working')).toBe(-1.5 * HOUR);
  });

  it('ends a budget exactly at a period end, not the next period start', () => {
    expect(addBusinessTime(cn, cst('2025-06-10T09:00'), 3 * HOUR, 'working')).toEqual(cst('2025-06-10T12:00'));
    expect(addBusinessTime(cn, cst('2025-06-10T09:00'), WORKING_DAY, 'working')).toEqual(cst('2025-06-10T18:00'));
  });

  it('rolls over night and weekend', () => {
    expect(addBusinessTime(cn, cst('2025-06-10T17:30'), HOUR, 'working')).toEqual(cst('2025-06-11T09:30'));
    expect(addBusinessTime(cn, cst('2025-06-10T22:00'), HOUR, 'working')).toEqual(cst('2025-06-11T10:00'));
    expect(addBusinessTime(cn, cst('2025-06-13T17:00'), 2 * HOUR, 'working')).toEqual(cst('2025-06-16T10:00'));
  });

  it('treats period starts as inside and ends as outside', () => {
    expect(isWorkingTime(cn, cst('2025-06-10T09:00'))).toBe(true);
    expect(isWorkingTime(cn, cst('2025-06-10T11:59'))).toBe(true);
    expect(isWorkingTime(cn, cst('2025-06-10T12:00'))).toBe(false);
    expect(isWorkingTime(cn, cst('2025-06-10T13:30'))).toBe(true);
    expect(isWorkingTime(cn, cst('2025-06-10T18:00'))).toBe(false);
    expect(nextWorkingTime(cn, cst('2025-06-10T12:15'))).toEqual(cst('2025-06-10T13:30'));
    expect(nextWorkingTime(cn, cst('2025-06-10T10:05'))).toEqual(cst('2025-06-10T10:05'));
  });

  it('rejects negative and non-finite durations', () => {
    expect(() => addBusinessTime(cn, cst('2025-06-10T09:00'), -1, 'working')).toThrow(new RangeError('duration must be a finite ms >= 0, got -1'));
    expect(() => addBusinessTime(cn, cst('2025-06-10T09:00'), Number.NaN, 'natural')).toThrow(RangeError);
    expect(() => addBusinessTime(cn, cst('2025-06-10T09:00'), Infinity, 'working')).toThrow(RangeError);
  });

  it('a zero budget is due at once, even outside working hours', () => {
    expect(addBusinessTime(cn, cst('2025-06-14T22:00'), 0, 'working')).toEqual(cst('2025-06-14T22:00'));
    expect(addBusinessTime(cn, cst('2025-06-10T12:00'), 1, 'working')).toEqual(new Date(cst('2025-06-10T13:30').getTime() + 1));
  });

  it('counts backwards as negative time, in both modes', () => {
    expect(businessTimeBetween(cn, cst('2025-06-11T10:00'), cst('2025-06-10T17:00'), 'working')).toBe(-2 * HOUR);
    expect(businessTimeBetween(cn, cst('2025-06-11T10:00'), cst('2025-06-10T17:00'), 'natural')).toBe(-17 * HOUR);
    expect(businessTimeBetween(cn, cst('2025-06-10T12:30'), cst('2025-06-10T12:30'), 'working')).toBe(0);
  });

  it('a calendar with no working time says so instead of looping', () => {
    const closed = createCalendar({ workingDays: [], holidays: null });
    expect(() => nextWorkingTime(closed, cst('2025-06-10T09:00'))).toThrow('calendar has no working time within 3700 days');
    expect(() => addBusinessTime(closed, cst('2025-06-10T09:00'), HOUR, 'working')).toThrow('calendar has no working time within 3700 days');
    expect(businessTimeBetween(closed, cst('2025-06-10T09:00'), cst('2025-06-20T09:00'), 'working')).toBe(0);
    expect(isWorkingTime(closed, cst('2025-06-10T10:00'))).toBe(false);
  });
});

describe('non-Chinese calendar: US, America/New_York (DST)', () => {
  const us = createCalendar({
    timeZone: 'America/New_York',
    workingHours: [{ start: '09:00', end: '17:00' }],
    holidays: { country: 'US' },
  });

  it('skips Thanksgiving but works the day after unless observances count', () => {
    // Wed Nov 26 16:00 EST: 1 h, Thu 27 off, Fri 28 09:00 EST (14:00Z) + 1 h.
    expect(addBusinessTime(us, new Date('2025-11-26T21:00:00Z'), 2 * HOUR, 'working')).toEqual(new Date('2025-11-28T15:00:00Z'));
    expect(describeDay(us, '2025-11-27')).toMatchObject({ working: false, name: 'Thanksgiving Day' });
    const cal = createCalendar({ ...us, holidays: { country: 'US', types: ['public', 'observance'] } });
    expect(describeDay(cal, '2025-11-28').working).toBe(false);
  });

  it('follows the wall clock across the end of DST (Nov 2, 2025)', () => {
    // Fri Oct 31 16:00 EDT (20:00Z) + 2 h → Mon Nov 3 10:00 EST (15:00Z).
    expect(addBusinessTime(us, new Date('2025-10-31T20:00:00Z'), 2 * HOUR, 'working')).toEqual(new Date('2025-11-03T15:00:00Z'));
  });

  it('counts a 23-hour spring-forward day on a round-the-clock calendar', () => {
    const allDay = createCalendar({
      timeZone: 'America/New_York',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: [{ start: '00:00', end: '24:00' }],
      holidays: null,
    });
    // 2026-03-08 00:00 EST = 05:00Z; 2026-03-09 00:00 EDT = 04:00Z.
    expect(businessTimeBetween(allDay, new Date('2026-03-08T05:00:00Z'), new Date('2026-03-09T04:00:00Z'), 'working')).toBe(23 * HOUR);
    expect(isWorkingTime(allDay, new Date('2026-03-08T07:30:00Z'))).toBe(true);
  });
});

describe('admin overrides', () => {
  const cal = createCalendar({
    overrides: [
      { date: '2025-06-11', kind: 'holiday', note: 'typhoon closure' },
      { date: '2025-10-08', kind: 'workday', hours: [{ start: '09:00', end: '12:00' }], note: 'duty half-day' },
      { date: '2025-10-11', kind: 'holiday' },
    ],
  });

  it('beats the weekly pattern and the statute', () => {
    expect(describeDay(cal, '2025-06-11')).toMatchObject({ working: false, reason: 'override', name: 'typhoon closure' });
    expect(describeDay(cal, '2025-06-11')).toMatchObject({ hours: [] });
    expect(describeDay(cal, '2025-10-08')).toEqual({ date: '2025-10-08', working: true, hours: [{ start: '09:00', end: '12:00' }], reason: 'override', name: 'duty half-day' });
    expect(describeDay(cal, '2025-10-11')).toMatchObject({ working: false, reason: 'override' });
    // A workday override without hours works the normal hours.
    const sunday = createCalendar({ overrides: [{ date: '2025-06-15', kind: 'workday' }] });
    expect(describeDay(sunday, '2025-06-15')).toMatchObject({ working: true, hours: sunday.workingHours, reason: 'override' });
    expect(describeDay(cal, '2025-06-15')).toEqual({ date: '2025-06-15', working: false, hours: [], reason: 'weekly' });
    expect(describeDay(cal, '2025-06-16')).toEqual({ date: '2025-06-16', working: true, hours: cal.workingHours, reason: 'weekly' });
  });

  it('applies to deadlines, with custom hours', () => {
    // Tue Jun 10 17:00 + 2 h: 1 h Tue, Wed closed, Thu 09:00 + 1 h.
    expect(addBusinessTime(cal, cst('2025-06-10T17:00'), 2 * HOUR, 'working')).toEqual(cst('2025-06-12T10:00'));
    // Sep 30 17:00: 1 h, then the Oct 8 half day (3 h) before Oct 9.
    expect(addBusinessTime(cal, cst('2025-09-30T17:00'), 4 * HOUR, 'working')).toEqual(cst('2025-10-08T12:00'));
    expect(isWorkingTime(cal, cst('2025-10-08T14:00'))).toBe(false);
    // Fri Oct 10 14:00 + 7.5 h: the make-up Saturday is cancelled, so it lands on Mon Oct 13.
    expect(addBusinessTime(cal, cst('2025-10-10T14:00'), WORKING_DAY, 'working')).toEqual(cst('2025-10-13T14:00'));
  });
});

describe('validateCalendarConfig', () => {
  it('explains what is wrong', () => {
    const errors = validateCalendarConfig({
      timeZone: 'Mars/Olympus',
      workingDays: [1, 8],
      workingHours: [
        { start: '13:30', end: '12:00' },
        { start: '9:00', end: '10:00' },
      ],
      holidays: { country: 'XX' },
      overrides: [
        { date: '2025-02-30', kind: 'workday' },
        { date: '2025-06-11', kind: 'holiday', hours: [{ start: '09:00', end: '12:00' }] },
        { date: '2025-06-11', kind: 'closed' },
      ],
    });
    expect(errors).toEqual([
      'timeZone "Mars/Olympus" is not an IANA time zone (e.g. Asia/Shanghai)',
      'workingDays must list ISO weekdays 1 (Monday) … 7 (Sunday)',
      'workingHours[0]: end 12:00 must be after start 13:30',
      'workingHours[1].start "9:00" is not a time "HH:MM"',
      'holidays: unknown country/region "XX"',
      'overrides[0].date must be a real date YYYY-MM-DD',
      'overrides[1]: a holiday cannot have hours',
      'overrides[2]: 2025-06-11 is overridden more than once',
      'overrides[2].kind must be "workday" or "holiday"',
    ]);
  });

  it('rejects overlapping ranges and a calendar without working time', () => {
    const base = createCalendar();
    expect(validateCalendarConfig({ ...base, workingHours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] })).toEqual([
      'workingHours[1] starts before the previous range ends; list ranges in order without overlap',
    ]);
    expect(validateCalendarConfig({ ...base, workingDays: [], workingHours: [] })).toEqual([
      'workingDays is empty; at least one weekday must be worked',
      'workingHours is empty; a working day needs at least one range',
    ]);
    expect(validateCalendarConfig({ ...base, holidays: { country: 'US', region: 'CA' } })).toEqual([]);
    expect(validateCalendarConfig({ ...base, holidays: null })).toEqual([]);
    expect(validateCalendarConfig('nope')).toEqual(['calendar must be an object']);
  });

  it('refuses members it does not know, at every depth (a misspelt one would be saved and ignored)', () => {
    const base = createCalendar();
    const typo = {
      ...base,
      workdays: [1, 2],
      workingHours: [{ start: '09:00', end: '12:00', label: 'am' }],
      holidays: { country: 'CN', province: 'GD' },
      overrides: [{ date: '2025-06-11', kind: 'holiday', reason: 'flood' }],
    };
    expect(validateCalendarConfig(typo)).toEqual([
      'workdays is not a known field',
      'workingHours[0].label is not a known field',
      'holidays.province is not a known field',
      'overrides[0].reason is not a known field',
    ]);
  });
});
