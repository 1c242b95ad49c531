// Incident rows → JSON (the shapes in incident.schema.ts). Staff names only; complaint subjects
// only for complaints the reader may see.
import type { Selectable } from 'kysely';
import type { IncidentDecisionTable, IncidentSitrepTable, IncidentTimelineTable } from '../../platform/db/schema.js';
import type { PlanContent } from '../../../shared/contingency.js';
import { iso } from './incident.timers.js';
import type { IncidentRow, RoleRow, TaskRow } from './incident.repo.js';

export type Names = Map<string, string>;
const person = (names: Names, id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
const isoOf = (ms: number | null) => iso(ms) as string;

export function presentSummary(i: IncidentRow, names: Names) {
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    level: i.level,
    status: i.status as 'active' | 'stable' | 'resolved' | 'closed',
    isDrill: !!i.is_drill,
    trigger: i.trigger_kind as 'mass_cluster' | 'fast_path' | 'category' | 'opinion_alert' | 'manual' | 'drill',
    departmentId: i.department_id,
    commander: person(names, i.commander_id),
    planId: i.plan_id,
    planVersionId: i.plan_version_id,
    activatedAt: isoOf(i.activated_at),
    stableAt: iso(i.stable_at),
    resolvedAt: iso(i.resolved_at),
    closedAt: iso(i.closed_at),
    sitrepDueAt: iso(i.sitrep_due_at),
    sitrepOverdue: i.sitrep_overdue_at !== null,
  };
}

/** The plan's roles in plan order, each with who fills it (a role the plan names but nobody holds shows as unfilled). */
export function presentRoles(content: PlanContent, rows: RoleRow[], names: Names) {
  return content.roles.map((r) => {
    const row = rows.find((x) => x.role_key === r.key);
    return {
      key: r.key,
      name: r.name,
      duties: r.duties,
      required: r.required,
      user: person(names, row?.user_id ?? null),
      source: (row?.source ?? 'unfilled') as 'oncall' | 'fallback' | 'activator' | 'manual' | 'unfilled',
      assignedAt: row ? iso(Number(row.assigned_at)) : null,
    };
  });
}

export function presentTask(t: TaskRow, names: Names, now: number) {
  return {
    id: t.id,
    stepKey: t.step_key,
    title: { zh: t.title_zh, en: t.title_en },
    ownerRole: t.owner_role,
    assignee: person(names, t.assignee_id),
    offsetMinutes: t.offset_minutes,
    dueAt: isoOf(t.due_at),
    status: t.status as 'open' | 'in_progress' | 'blocked' | 'done' | 'cancelled',
    blockedReason: t.blocked_reason,
    startedAt: iso(t.started_at),
    doneAt: iso(t.done_at),
    overdue: t.status === 'done' ? (t.done_at ?? 0) > t.due_at : t.status !== 'cancelled' && now > t.due_at,
    overdueAt: iso(t.overdue_at),
    escalated: !!t.escalated,
  };
}

export const presentSitrep = (s: Selectable<IncidentSitrepTable>, names: Names) => ({
  id: s.id,
  conditions: s.conditions,
  actions: s.actions,
  needs: s.needs,
  author: person(names, s.author_id),
  createdAt: isoOf(Number(s.created_at)),
});

export const presentDecision = (d: Selectable<IncidentDecisionTable>, names: Names) => ({
  id: d.id,
  decision: d.decision,
  rationale: d.rationale,
  author: person(names, d.author_id),
  createdAt: isoOf(Number(d.created_at)),
});

export const presentTimelineEntry = (t: Selectable<IncidentTimelineTable>, names: Names) => ({
  id: t.id,
  kind: t.kind,
  actor: person(names, t.actor_id),
  data: JSON.parse(t.data) as Record<string, unknown>,
  createdAt: isoOf(Number(t.created_at)),
});
