import { describe, expect, it } from 'vitest';
import { addBusinessTime, createCalendar } from './calendar.js';
import { computeClock } from './clock.js';
import { defaultPolicies, resolveSla, validatePolicies, type SlaPolicy } from './policy.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const cal = createCalendar();
const cst = (local: string) => new Date(`${local}:00+08:00`);

describe('default policies', () => {
  const policies = defaultPolicies();

  it('are valid', () => {
    expect(validatePolicies(policies)).toEqual([]);
  });

  it('give first response Ⅰ 30 min, Ⅱ 1 h, Ⅲ 4 h, Ⅳ 24 h in natural time', () => {
    const first = ([1, 2, 3, 4] as const).map((level) => resolveSla(policies, { level }, cal).targets.firstResponse);
    expect(first.map((t) => [t?.durationMs, t?.mode])).toEqual([
      [30 * MIN, 'natural'], [HOUR, 'natural'], [4 * HOUR, 'natural'], [24 * HOUR, 'natural'],
    ]);
  });

  it('give resolution Ⅰ 24 h natural, Ⅱ 2 / Ⅲ 5 / Ⅳ 15 working days of 7.5 h', () => {
    const res = ([1, 2, 3, 4] as const).map((level) => resolveSla(policies, { level }, cal).targets.resolution);
    expect(res.map((t) => [t?.durationMs, t?.mode])).toEqual([
      [24 * HOUR, 'natural'], [15 * HOUR, 'working'], [37.5 * HOUR, 'working'], [112.5 * HOUR, 'working'],
    ]);
  });

  it('give update cadence Ⅰ 2 h, Ⅱ 4 h, Ⅲ daily, Ⅳ none; sign-for Ⅰ–Ⅱ 30 min, else 1 working hour', () => {
    const sla = ([1, 2, 3, 4] as const).map((level) => resolveSla(policies, { level }, cal).targets);
    expect(sla.map((t) => t.updateCadence?.durationMs ?? null)).toEqual([2 * HOUR, 4 * HOUR, 7.5 * HOUR, null]);
    expect(sla.map((t) => [t.signFor?.durationMs, t.signFor?.mode])).toEqual([
      [30 * MIN, 'natural'], [30 * MIN, 'natural'], [HOUR, 'working'], [HOUR, 'working'],
    ]);
    expect(sla.every((t) => t.resolution?.warnRatio === 0.75)).toBe(true);
  });

  it('resolve a Ⅳ 15-working-day deadline across National Day 2025', () => {
    // Received Mon Sep 22 09:00: Sep 22–26, Sun 28, Sep 29–30 (8 days), Oct 9–11 (3 incl. the
    // make-up Saturday), Oct 13–16 (4) = 15 working days → Thu Oct 16 18:00.
    const target = resolveSla(policies, { level: 4 }, cal).targets.resolution!;
    expect(addBusinessTime(cal, cst('2025-09-22T09:00'), target.durationMs, target.mode)).toEqual(cst('2025-10-16T18:00'));
  });
});

describe('ordered matching by level, category and channel', () => {
  const foodSafety: SlaPolicy = {
    id: 'food-safety',
    name: 'Food safety',
    match: { categoryIds: ['food'] },
    targets: { resolution: { value: 3, unit: 'days', mode: 'working' } },
    warnRatio: 0.5,
  };
  const hotlineMinor: SlaPolicy = {
    id: 'hotline-minor',
    name: '12345 hotline, minor',
    match: { levels: [4], channels: ['hotline'] },
    targets: { firstResponse: { value: 2, unit: 'hours', mode: 'natural', warnRatio: 0.9 }, signFor: null },
  };
  const policies = [foodSafety, hotlineMinor, ...defaultPolicies()];

  it('lets a category policy override one target and inherit the rest', () => {
    const sla = resolveSla(policies, { level: 3, categoryPath: ['food-dairy', 'food'] }, cal);
    expect(sla.targets.resolution).toEqual({ durationMs: 22.5 * HOUR, mode: 'working', warnRatio: 0.5, policyId: 'food-safety' });
    expect(sla.targets.firstResponse).toMatchObject({ durationMs: 4 * HOUR, warnRatio: 0.5, policyId: 'default-level-3' });
    expect(sla.escalation.find((s) => s.notify === 'leader')?.afterMs).toBe(4 * HOUR);
  });

  it('matches channel and level together; null switches an SLA off', () => {
    const sla = resolveSla(policies, { level: 4, channel: 'hotline' }, cal);
    expect(sla.targets.firstResponse).toMatchObject({ durationMs: 2 * HOUR, warnRatio: 0.9, policyId: 'hotline-minor' });
    expect(sla.targets.signFor).toBeNull();
    expect(resolveSla(policies, { level: 3, channel: 'hotline' }, cal).targets.firstResponse?.policyId).toBe('default-level-3');
    expect(resolveSla(policies, { level: 4, channel: 'email' }, cal).targets.signFor?.policyId).toBe('default-level-4');
  });

  it('feeds a clock whose warning follows the policy ratio', () => {
    const target = resolveSla(policies, { level: 2, categoryPath: ['food'] }, cal).targets.firstResponse!;
    const snap = computeClock({ target, calendar: cal, events: [{ type: 'start', at: cst('2025-06-10T10:00') }] }, cst('2025-06-10T10:31'));
    expect(snap).toMatchObject({ status: 'warning', warnAt: cst('2025-06-10T10:30'), dueAt: cst('2025-06-10T11:00') });
  });
});

describe('validatePolicies', () => {
  it('explains what is wrong', () => {
    const broken = [
      { id: 'a', name: 'A', match: { levels: [5] }, targets: { resolution: { value: 0, unit: 'weeks', mode: 'calendar' } }, warnRatio: 1.5 },
      { id: 'b', name: '', match: { channels: [] }, targets: { reply: null }, escalation: [{ on: 'late', afterMs: -1, notify: 'mayor' }] },
    ];
    expect(validatePolicies(broken)).toEqual([
      'policies[0].match.levels must be a non-empty list of 1..4 (omit it to match any)',
      'policies[0].targets.resolution.value must be a positive number',
      'policies[0].targets.resolution.unit must be minutes, hours or days',
      'policies[0].targets.resolution.mode must be "natural" or "working"',
      'policies[0].warnRatio must be between 0 and 1 (e.g. 0.75)',
      'policies[1].name is required',
      'policies[1].match.channels must be a non-empty list of ids (omit it to match any)',
      'policies[1].targets.reply is not one of signFor, firstResponse, updateCadence, resolution',
      'policies[1].escalation[0].on must be "warning" or "breach"',
      'policies[1].escalation[0].afterMs must be a number of ms >= 0',
      'policies[1].escalation[0].notify must be one of owner, department_head, leader',
    ]);
  });

  it('requires unique ids and a fallback for every level', () => {
    const [l1, l2, l3] = defaultPolicies();
    expect(validatePolicies([l1, { ...l2, id: l1.id }, l3])).toEqual([
      'policy id "default-level-1" is used twice',
      'level Ⅳ has no fallback policy (one without category or channel conditions)',
    ]);
    expect(validatePolicies({})).toEqual(['policies must be an ordered list']);
  });

  it('refuses members it does not know, at every depth (a misspelt one would be saved and ignored)', () => {
    const [l1, ...rest] = defaultPolicies();
    const typo = { ...l1, warnRation: 0.5, match: { ...l1.match, level: [1] }, targets: { ...l1.targets, resolution: { value: 1, unit: 'days', mode: 'working', warn: 0.5 } }, escalation: [{ on: 'breach', afterMs: 0, notify: 'leader', delay: 1 }] };
    expect(validatePolicies([typo, ...rest])).toEqual([
      'policies[0].warnRation is not a known field',
      'policies[0].match.level is not a known field',
      'policies[0].targets.resolution.warn is not a known field',
      'policies[0].escalation[0].delay is not a known field',
    ]);
  });

  it('round-trips through JSON', () => {
    const policies = JSON.parse(JSON.stringify(defaultPolicies())) as unknown;
    expect(validatePolicies(policies)).toEqual([]);
    expect(policies).toEqual(defaultPolicies());
  });
});
