// Reading incidents: the scoped list, one incident with its plan version, team, tasks, reports,
// decisions and complaints, and its timeline.
import type { AppContext } from '../../context.js';
import { can, workDepartmentIds, type Actor } from '../../platform/auth/actor.js';
import { decodeCursor, encodeCursor, type Page } from '../../platform/http/pagination.js';
import { canSee } from '../complaints/complaint.policy.js';
import { getPlanVersion } from './contingency.plans.repo.js';
import { visibleIncident } from './incident.access.js';
import { responseFor } from './incident.plan.js';
import { canCommand } from './incident.policy.js';
import { presentDecision, presentRoles, presentSitrep, presentSummary, presentTask, presentTimelineEntry } from './incident.presenter.js';
import * as repo from './incident.repo.js';

export type IncidentSummaryJson = ReturnType<typeof presentSummary>;

export async function listIncidents(ctx: AppContext, actor: Actor, q: { status?: string; level?: number; drill?: boolean; cursor?: string; limit?: number }): Promise<Page<IncidentSummaryJson>> {
  const limit = q.limit ?? 50;
  const scope = can(actor, 'complaint.read_all') ? undefined : { departmentIds: workDepartmentIds(actor), userId: actor.id };
  const rows = await repo.listIncidents(ctx.db, { status: q.status, level: q.level, drill: q.drill, beforeId: decodeCursor(q.cursor), limit, scope });
  const page = rows.slice(0, limit);
  const names = await repo.userNames(ctx.db, page.map((r) => r.commander_id));
  return { items: page.map((r) => presentSummary(r, names)), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null };
}

export async function getIncident(ctx: AppContext, actor: Actor, id: string) {
  const i = await visibleIncident(ctx.db, actor, id);
  const [version, roles, tasks, sitreps, decisions, complaints] = await Promise.all([
    getPlanVersion(ctx.db, i.plan_version_id),
    repo.rolesOf(ctx.db, i.id),
    repo.tasksOf(ctx.db, i.id),
    repo.sitrepsOf(ctx.db, i.id),
    repo.decisionsOf(ctx.db, i.id),
    repo.linkedComplaints(ctx.db, i.id),
  ]);
  if (!version) throw new Error(`plan version ${i.plan_version_id} of incident ${i.id} is missing`);
  const names = await repo.userNames(ctx.db, [
    i.commander_id, i.activated_by, ...roles.map((r) => r.user_id), ...tasks.map((t) => t.assignee_id), ...sitreps.map((s) => s.author_id), ...decisions.map((d) => d.author_id),
  ]);
  const response = responseFor(version.content, i.level);
  const now = ctx.jobs.now();
  return {
    ...presentSummary(i, names),
    activatedBy: i.activated_by ? { id: i.activated_by, name: names.get(i.activated_by) ?? '' } : null,
    plan: { id: version.planId, key: version.planKey, versionId: version.id, version: version.version, status: version.status, title: version.content.title },
    response: { level: response.level, text: response.response, sitrepEveryMinutes: response.sitrepEveryMinutes },
    roles: presentRoles(version.content, roles, names),
    tasks: tasks.map((t) => presentTask(t, names, now)),
    sitreps: sitreps.map((s) => presentSitrep(s, names)),
    decisions: decisions.map((d) => presentDecision(d, names)),
    complaints: complaints.map((c) => ({
      id: c.id,
      trackingNo: c.tracking_no,
      subject: canSee(actor, c) ? c.subject : null,
      level: Number(c.level),
      status: c.status,
      via: c.via as 'trigger' | 'cluster' | 'manual',
      linkedAt: new Date(Number(c.linked_at)).toISOString(),
    })),
    can: { command: canCommand(actor, i) && i.status !== 'closed', close: can(actor, 'incident.close') && i.status === 'resolved' },
  };
}

export async function incidentTimeline(ctx: AppContext, actor: Actor, id: string) {
  const i = await visibleIncident(ctx.db, actor, id);
  const rows = await repo.timelineOf(ctx.db, i.id);
  const names = await repo.userNames(ctx.db, rows.map((r) => r.actor_id));
  return { items: rows.map((r) => presentTimelineEntry(r, names)) };
}
