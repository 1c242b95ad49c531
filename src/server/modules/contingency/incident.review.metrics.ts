// Post-incident review (复盘) metrics, computed from what the incident recorded — its timeline, tasks
// and situation reports, and the linked complaints' first call or reply. Pure: the caller loads the
// facts. Durations are minutes from activation (null: it never happened).

export interface MetricFacts {
  activatedAt: number;
  stableAt: number | null;
  resolvedAt: number | null;
  /** Incident timeline entries (kind, actor, time, data). */
  timeline: { kind: string; actorId: string | null; at: number; data: Record<string, unknown> }[];
  tasks: { stepKey: string; status: string; dueAt: number; doneAt: number | null; startedAt: number | null }[];
  /** First call or public reply on any linked complaint after activation. */
  firstComplaintContactAt: number | null;
}

export interface ReviewMetrics {
  timeToAcknowledgeMinutes: number | null;
  timeToFirstContactMinutes: number | null;
  timeToContainmentMinutes: number | null;
  timeToResolutionMinutes: number | null;
  tasksOnTime: number;
  tasksTotal: number;
  sitrepsOnTime: number;
  sitrepsTotal: number;
}

const minutes = (from: number, to: number | null | undefined) => (to === null || to === undefined ? null : Math.max(0, Math.round((to - from) / 60_000)));
const min = (xs: (number | null | undefined)[]) => {
  const v = xs.filter((x): x is number => typeof x === 'number');
  return v.length ? Math.min(...v) : null;
};

/** Steps whose key names first contact with the complainant (首次联系). */
export const isFirstContactStep = (key: string) => key.includes('first_contact') || key.includes('contact_complainant');

export function computeMetrics(f: MetricFacts, graceMs = 60_000): ReviewMetrics {
  // Acknowledged: the first time a person acted on the response — a task started or done, or a role taken by hand.
  const ack = min(f.timeline.filter((e) => e.actorId && e.at >= f.activatedAt && (e.kind === 'task_started' || e.kind === 'task_done' || (e.kind === 'role_assigned' && e.data.source === 'manual'))).map((e) => e.at));
  const contactTask = min(f.tasks.filter((t) => isFirstContactStep(t.stepKey) && t.status === 'done').map((t) => t.doneAt));
  const contact = min([contactTask, f.firstComplaintContactAt]);
  const firstStatus = (to: string) => min(f.timeline.filter((e) => e.kind === 'status_changed' && e.data.to === to).map((e) => e.at));
  const counted = f.tasks.filter((t) => t.status !== 'cancelled');
  const sitreps = f.timeline.filter((e) => e.kind === 'sitrep');
  return {
    timeToAcknowledgeMinutes: minutes(f.activatedAt, ack),
    timeToFirstContactMinutes: minutes(f.activatedAt, contact),
    timeToContainmentMinutes: minutes(f.activatedAt, firstStatus('stable') ?? f.stableAt),
    timeToResolutionMinutes: minutes(f.activatedAt, firstStatus('resolved') ?? f.resolvedAt),
    // On time = done before the task would have escalated (its due time plus the incident grace).
    tasksOnTime: counted.filter((t) => t.status === 'done' && t.doneAt !== null && t.doneAt <= t.dueAt + graceMs).length,
    tasksTotal: counted.length,
    sitrepsOnTime: sitreps.filter((e) => e.data.wasOverdue !== true).length,
    sitrepsTotal: sitreps.length,
  };
}
