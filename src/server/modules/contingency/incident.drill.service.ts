// Drills (演练): the current published version of a plan runs as an incident with is_drill set —
// the same activation, roles, tasks, timers and command flow — marked 【演练】/[DRILL] in its title
// (and `isDrill`/`drill` on its events, so notices say so), with no complaints linked. Drills count
// in no statistic and their statements never leave the building. Once resolved, a drill has a report.
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { conflict, notFound } from '../../platform/http/problem.js';
import { publishedVersions } from './contingency.plans.repo.js';
import { activateIncident } from './incident.activation.js';
import { inTransaction, visibleIncident } from './incident.access.js';
import { responseFor } from './incident.plan.js';
import { drillReport, type DrillReport } from './incident.drill.report.js';
import { DRILL_MARK } from './incident.statements.service.js';
import { pinnedContent } from './incident.timers.js';
import * as repo from './incident.repo.js';

export interface DrillInput {
  level: number;
  title?: string;
  departmentId?: string;
}

export async function startDrill(ctx: AppContext, actor: Actor, planId: string, body: DrillInput): Promise<string> {
  const version = (await publishedVersions(ctx.db)).find((v) => v.planId === planId);
  if (!version) {
    const plan = await ctx.db.selectFrom('contingency_plans').select('id').where('id', '=', planId).executeTakeFirst();
    if (!plan) throw notFound('Plan');
    throw conflict('plan_not_published', 'The plan has no published version to drill');
  }
  if (body.departmentId && !(await ctx.db.selectFrom('departments').select('id').where('id', '=', body.departmentId).executeTakeFirst())) throw notFound('Department');
  const name = body.title ?? `${version.content.title.zh} / ${version.content.title.en}`;
  return inTransaction(ctx, async (trx, after) => {
    const { incident } = await activateIncident(ctx, trx, {
      version, level: body.level, title: `${DRILL_MARK.zh}${DRILL_MARK.en}${name}`.slice(0, 300), trigger: 'drill', triggerKey: null,
      departmentId: body.departmentId ?? null, complaintIds: [], activatedBy: actor.id, isDrill: true, details: { drill: true },
    }, after);
    return incident.id;
  });
}

/** The drill report; a drill that is resolved (or closed) only — 409 drill_not_finished before, incident_not_drill for a real incident. */
export async function getDrillReport(ctx: AppContext, actor: Actor, incidentId: string): Promise<DrillReport> {
  const i = await visibleIncident(ctx.db, actor, incidentId);
  if (!i.is_drill) throw conflict('incident_not_drill', 'Only a drill has a drill report');
  if (i.status !== 'resolved' && i.status !== 'closed') throw conflict('drill_not_finished', `The drill report is ready once the drill is resolved; it is ${i.status}`, { state: i.status });
  const content = await pinnedContent(ctx.db, i.plan_version_id);
  const [tasks, roles, timeline, version] = await Promise.all([
    repo.tasksOf(ctx.db, i.id),
    repo.rolesOf(ctx.db, i.id),
    repo.timelineOf(ctx.db, i.id),
    ctx.db.selectFrom('contingency_plan_versions').select('version').where('id', '=', i.plan_version_id).executeTakeFirstOrThrow(),
  ]);
  const data = (d: string) => JSON.parse(d) as Record<string, unknown>;
  return drillReport({
    incident: { id: i.id, code: i.code, title: i.title, level: i.level, activatedAt: i.activated_at, stableAt: i.stable_at, resolvedAt: i.resolved_at, planId: i.plan_id, planVersionId: i.plan_version_id, version: Number(version.version) },
    content,
    tasks: tasks.filter((t) => t.status !== 'cancelled').map((t) => ({ stepKey: t.step_key, titleZh: t.title_zh, titleEn: t.title_en, ownerRole: t.owner_role, offsetMinutes: t.offset_minutes, dueAt: t.due_at, doneAt: t.done_at, status: t.status })),
    roles: roles.map((r) => ({ roleKey: r.role_key, userId: r.user_id, source: r.source })),
    sitreps: timeline.filter((e) => e.kind === 'sitrep').map((e) => ({ wasOverdue: data(e.data).wasOverdue === true })),
    sitrepReminders: timeline.filter((e) => e.kind === 'sitrep_due').length,
    sitrepEveryMinutes: responseFor(content, i.level).sitrepEveryMinutes,
  });
}
