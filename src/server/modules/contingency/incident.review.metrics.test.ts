// Pure rules of the follow-up work: review metrics from an incident's record, and the capacity in
// which a person approves a statement.
import { describe, expect, it } from 'vitest';
import { computeMetrics, type MetricFacts } from './incident.review.metrics.js';
import { approvalCapacity } from './incident.statements.service.js';

const MIN = 60_000;
const T0 = Date.parse('2026-12-05T04:30:00Z');
const facts = (over: Partial<MetricFacts> = {}): MetricFacts => ({ activatedAt: T0, stableAt: null, resolvedAt: null, timeline: [], tasks: [], firstComplaintContactAt: null, ...over });

describe('review metrics', () => {
  it('nothing happened yet: every duration is null and nothing counts', () => {
    expect(computeMetrics(facts())).toEqual({
      timeToAcknowledgeMinutes: null, timeToFirstContactMinutes: null, timeToContainmentMinutes: null, timeToResolutionMinutes: null, tasksOnTime: 0, tasksTotal: 0, sitrepsOnTime: 0, sitrepsTotal: 0,
    });
  });

  it('acknowledged by the first person acting; a role taken by hand counts, a timer or an automatic fill does not', () => {
    const m = computeMetrics(facts({
      timeline: [
        { kind: 'role_assigned', actorId: null, at: T0, data: { source: 'oncall' } },
        { kind: 'task_overdue', actorId: null, at: T0 + 2 * MIN, data: {} },
        { kind: 'role_assigned', actorId: 'u1', at: T0 + 7 * MIN, data: { source: 'manual' } },
        { kind: 'task_started', actorId: 'u2', at: T0 + 9 * MIN, data: {} },
      ],
    }));
    expect(m.timeToAcknowledgeMinutes).toBe(7);
  });

  it('first contact: the earlier of the first-contact step and a call or reply on a linked complaint', () => {
    const tasks = [{ stepKey: 'first_contact', status: 'done', dueAt: T0 + 60 * MIN, doneAt: T0 + 50 * MIN, startedAt: null }];
    expect(computeMetrics(facts({ tasks })).timeToFirstContactMinutes).toBe(50);
    expect(computeMetrics(facts({ tasks, firstComplaintContactAt: T0 + 20 * MIN })).timeToFirstContactMinutes).toBe(20);
  });

  it('containment and resolution from the first move to stable and resolved; cancelled tasks do not count; late reports are not on time', () => {
    const m = computeMetrics(facts({
      stableAt: T0 + 500 * MIN,
      timeline: [
        { kind: 'status_changed', actorId: 'u', at: T0 + 90 * MIN, data: { to: 'stable' } },
        { kind: 'status_changed', actorId: 'u', at: T0 + 100 * MIN, data: { to: 'active' } },
        { kind: 'status_changed', actorId: 'u', at: T0 + 500 * MIN, data: { to: 'stable' } },
        { kind: 'status_changed', actorId: 'u', at: T0 + 600 * MIN, data: { to: 'resolved' } },
        { kind: 'sitrep', actorId: 'u', at: T0 + 50 * MIN, data: { wasOverdue: false } },
        { kind: 'sitrep', actorId: 'u', at: T0 + 200 * MIN, data: { wasOverdue: true } },
      ],
      tasks: [
        { stepKey: 'a', status: 'done', dueAt: T0, doneAt: T0 + 30_000, startedAt: null },
        { stepKey: 'b', status: 'done', dueAt: T0, doneAt: T0 + 2 * MIN, startedAt: null },
        { stepKey: 'c', status: 'open', dueAt: T0 + 60 * MIN, doneAt: null, startedAt: null },
        { stepKey: 'd', status: 'cancelled', dueAt: T0, doneAt: null, startedAt: null },
      ],
    }));
    expect(m).toMatchObject({ timeToContainmentMinutes: 90, timeToResolutionMinutes: 600, tasksOnTime: 1, tasksTotal: 3, sitrepsOnTime: 1, sitrepsTotal: 2 });
  });
});

describe('statement approval capacity', () => {
  it('a PR officer gives the PR approval, a leader the leader’s; someone with both roles gives the one still missing; nothing when theirs is given', () => {
    expect(approvalCapacity(['pr_officer'], [])).toBe('pr_officer');
    expect(approvalCapacity(['leader'], ['pr_officer'])).toBe('leader');
    expect(approvalCapacity(['pr_officer', 'leader'], ['pr_officer'])).toBe('leader');
    expect(approvalCapacity(['leader'], ['leader'])).toBeUndefined();
    expect(approvalCapacity(['handler'], [])).toBeUndefined();
  });
});
