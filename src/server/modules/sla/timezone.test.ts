import { describe, expect, it } from 'vitest';
import { hasStatutoryData } from './holidays.js';
import { dayNumFromIso, isIsoDate, isoWeekday, offsetMs, zonedParts, zonedToEpoch } from './timezone.js';

const HOUR = 3_600_000;

describe('time-zone arithmetic', () => {
  it('converts Beijing wall-clock time (UTC+8, no DST)', () => {
    expect(zonedToEpoch(dayNumFromIso('2025-10-01'), 9 * HOUR, 'Asia/Shanghai')).toBe(Date.parse('2025-10-01T01:00:00Z'));
    expect(zonedParts(Date.parse('2025-09-30T16:30:00.250Z'), 'Asia/Shanghai')).toEqual({
      dayNum: dayNumFromIso('2025-10-01'),
      msOfDay: 0.5 * HOUR + 250,
    });
  });

  it('pushes a time skipped by spring-forward past the gap (New York, 2026-03-08)', () => {
    // 02:30 does not exist; like Temporal 'compatible' it becomes 03:30 EDT = 07:30Z.
    expect(zonedToEpoch(dayNumFromIso('2026-03-08'), 2.5 * HOUR, 'America/New_York')).toBe(Date.parse('2026-03-08T07:30:00Z'));
    expect(offsetMs(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York')).toBe(-5 * HOUR);
    expect(offsetMs(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-4 * HOUR);
  });

  it('picks the earlier instant of a time repeated by fall-back (New York, 2025-11-02)', () => {
    expect(zonedToEpoch(dayNumFromIso('2025-11-02'), 1.5 * HOUR, 'America/New_York')).toBe(Date.parse('2025-11-02T05:30:00Z'));
  });

  it('handles southern-hemisphere DST (Sydney, 2025-10-05 02:00 → 03:00)', () => {
    expect(zonedToEpoch(dayNumFromIso('2025-10-05'), 9 * HOUR, 'Australia/Sydney')).toBe(Date.parse('2025-10-04T22:00:00Z'));
    expect(zonedToEpoch(dayNumFromIso('2025-10-04'), 9 * HOUR, 'Australia/Sydney')).toBe(Date.parse('2025-10-03T23:00:00Z'));
  });

  it('validates dates and weekdays', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isoWeekday(dayNumFromIso('2025-10-11'))).toBe(6);
    expect(isoWeekday(dayNumFromIso('2025-09-28'))).toBe(7);
  });
});

describe('statutory data coverage', () => {
  it('knows which Chinese years are published', () => {
    expect(hasStatutoryData({ country: 'CN' }, 2026)).toBe(true);
    expect(hasStatutoryData({ country: 'CN' }, 2099)).toBe(false);
    expect(hasStatutoryData({ country: 'US' }, 2099)).toBe(true);
  });
});
