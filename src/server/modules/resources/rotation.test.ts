import { describe, expect, it } from 'vitest';
import { onCallAt, shiftAt, upcomingShifts, type Rotation } from './rotation.js';

// Asia/Shanghai is UTC+8 all year (no DST): 09:00 local = 01:00Z.
const sh = (iso: string) => Date.parse(`${iso}+08:00`);
const daily: Rotation = { participants: ['ann', 'bob', 'cai'], period: 'daily', handoffTime: '09:00', startsOn: '2026-12-01', timeZone: 'Asia/Shanghai' };

describe('daily rotation in Asia/Shanghai', () => {
  it('hands over at 09:00 local: 08:59:59.999 is still the previous shift, 09:00 the next', () => {
    expect(shiftAt(daily, sh('2026-12-01T09:00:00'))?.userId).toBe('ann');
    expect(shiftAt(daily, sh('2026-12-02T08:59:59.999'))?.userId).toBe('ann');
    expect(shiftAt(daily, sh('2026-12-02T09:00:00'))?.userId).toBe('bob');
    expect(shiftAt(daily, sh('2026-12-03T23:30:00'))?.userId).toBe('cai');
    // Just after midnight belongs to the shift that began the morning before.
    expect(shiftAt(daily, sh('2026-12-04T00:10:00'))?.userId).toBe('cai');
  });

  it('starts over after the last participant, for any number of days', () => {
    expect(shiftAt(daily, sh('2026-12-04T09:00:00'))?.userId).toBe('ann');
    // 365 days later: 365 % 3 = 2 → cai.
    expect(shiftAt(daily, sh('2027-12-01T12:00:00'))?.userId).toBe('cai');
  });

  it('nobody is on call before the first handoff, or with no participants', () => {
    expect(shiftAt(daily, sh('2026-12-01T08:59:59'))).toBeNull();
    expect(shiftAt(daily, sh('2026-11-20T12:00:00'))).toBeNull();
    expect(shiftAt({ ...daily, participants: [] }, sh('2026-12-02T12:00:00'))).toBeNull();
  });

  it('a shift runs exactly 24 hours, from handoff to handoff', () => {
    const s = shiftAt(daily, sh('2026-12-02T15:00:00'))!;
    expect(s).toEqual({ index: 1, userId: 'bob', startsAt: sh('2026-12-02T09:00:00'), endsAt: sh('2026-12-03T09:00:00') });
    expect(new Date(s.startsAt).toISOString()).toBe('2026-12-02T01:00:00.000Z');
  });

  it('a handoff at midnight (00:00) belongs to the new day', () => {
    const r: Rotation = { ...daily, handoffTime: '00:00' };
    expect(shiftAt(r, sh('2026-12-01T23:59:59.999'))?.userId).toBe('ann');
    expect(shiftAt(r, sh('2026-12-02T00:00:00'))?.userId).toBe('bob');
  });
});

describe('weekly rotation', () => {
  // 2026-12-07 is a Monday.
  const weekly: Rotation = { participants: ['ann', 'bob'], period: 'weekly', handoffTime: '08:30', startsOn: '2026-12-07', timeZone: 'Asia/Shanghai' };
  it('hands over every seven days at the handoff time', () => {
    expect(shiftAt(weekly, sh('2026-12-07T08:30:00'))?.userId).toBe('ann');
    expect(shiftAt(weekly, sh('2026-12-14T08:29:59'))?.userId).toBe('ann');
    expect(shiftAt(weekly, sh('2026-12-14T08:30:00'))?.userId).toBe('bob');
    expect(shiftAt(weekly, sh('2026-12-21T08:30:00'))?.userId).toBe('ann');
    const s = shiftAt(weekly, sh('2026-12-16T12:00:00'))!;
    expect(s.endsAt - s.startsAt).toBe(7 * 86_400_000);
  });
});

describe('a zone with daylight saving keeps the local handoff time', () => {
  // Europe/Berlin leaves summer time on 2026-10-25 (03:00 CEST → 02:00 CET): that shift lasts 25 h.
  const berlin: Rotation = { participants: ['ann', 'bob'], period: 'daily', handoffTime: '09:00', startsOn: '2026-10-24', timeZone: 'Europe/Berlin' };
  it('hands over at 09:00 local on both sides of the change', () => {
    const s = shiftAt(berlin, Date.parse('2026-10-24T12:00:00Z'))!;
    expect(new Date(s.startsAt).toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(new Date(s.endsAt).toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(s.endsAt - s.startsAt).toBe(25 * 3_600_000);
    expect(shiftAt(berlin, Date.parse('2026-10-25T07:59:59Z'))?.userId).toBe('ann');
    expect(shiftAt(berlin, Date.parse('2026-10-25T08:00:00Z'))?.userId).toBe('bob');
  });
});

describe('overrides', () => {
  const cover = { userId: 'dan', startsAt: sh('2026-12-02T12:00:00'), endsAt: sh('2026-12-02T18:00:00') };
  it('someone covering a time range is on call for it, end exclusive; the rotation resumes after', () => {
    expect(onCallAt(daily, [cover], sh('2026-12-02T11:59:59'))).toEqual({ userId: 'bob', viaOverride: false });
    expect(onCallAt(daily, [cover], sh('2026-12-02T12:00:00'))).toEqual({ userId: 'dan', viaOverride: true });
    expect(onCallAt(daily, [cover], sh('2026-12-02T17:59:59.999'))).toEqual({ userId: 'dan', viaOverride: true });
    expect(onCallAt(daily, [cover], sh('2026-12-02T18:00:00'))).toEqual({ userId: 'bob', viaOverride: false });
  });

  it('of overlapping overrides the last listed (newest) wins', () => {
    const later = { userId: 'eve', startsAt: sh('2026-12-02T15:00:00'), endsAt: sh('2026-12-02T16:00:00') };
    expect(onCallAt(daily, [cover, later], sh('2026-12-02T15:30:00'))?.userId).toBe('eve');
    expect(onCallAt(daily, [cover, later], sh('2026-12-02T16:30:00'))?.userId).toBe('dan');
  });

  it('an override covers even before the rotation starts', () => {
    const early = { userId: 'dan', startsAt: sh('2026-11-30T00:00:00'), endsAt: sh('2026-11-30T12:00:00') };
    expect(onCallAt(daily, [early], sh('2026-11-30T06:00:00'))).toEqual({ userId: 'dan', viaOverride: true });
    expect(onCallAt(daily, [early], sh('2026-11-30T13:00:00'))).toBeNull();
  });
});

describe('upcoming shifts', () => {
  it('lists consecutive shifts from now, or from the first one before the start', () => {
    const before = upcomingShifts(daily, sh('2026-11-01T00:00:00'), 4);
    expect(before.map((s) => s.userId)).toEqual(['ann', 'bob', 'cai', 'ann']);
    expect(before[0].startsAt).toBe(sh('2026-12-01T09:00:00'));
    for (let i = 1; i < before.length; i++) expect(before[i].startsAt).toBe(before[i - 1].endsAt);
    expect(upcomingShifts(daily, sh('2026-12-03T10:00:00'), 2).map((s) => s.userId)).toEqual(['cai', 'ann']);
  });
});
