// Reading an incident's review (复盘): live metrics until it is completed (then the frozen ones), the
// findings and the improvement actions with the plan draft a revise_plan action is linked to.
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { visibleIncident } from './incident.access.js';
import { computeMetrics, type ReviewMetrics } from './incident.review.metrics.js';
import { userNames } from './incident.repo.js';
import { iso } from './incident.timers.js';
import * as repo from './incident.review.repo.js';

export async function getReview(ctx: AppContext, actor: Actor, incidentId: string) {
  const incident = await visibleIncident(ctx.db, actor, incidentId);
  const [review, actions] = await Promise.all([repo.findReview(ctx.db, incident.id), repo.actionsOf(ctx.db, incident.id)]);
  const metrics: ReviewMetrics = review?.status === 'completed' ? (JSON.parse(review.metrics) as ReviewMetrics) : computeMetrics(await repo.metricFacts(ctx.db, incident));
  const versionIds = actions.map((a) => a.plan_version_id).filter((x): x is string => !!x);
  const versions = versionIds.length ? await ctx.db.selectFrom('contingency_plan_versions').select(['id', 'version', 'status']).where('id', 'in', versionIds).execute() : [];
  const names = await userNames(ctx.db, [review?.completed_by ?? null, ...actions.flatMap((a) => [a.owner_id, a.done_by])]);
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  const now = ctx.jobs.now();
  return {
    incidentId: incident.id,
    status: (review?.status ?? 'none') as 'none' | 'draft' | 'completed',
    findings: review?.findings ?? null,
    metrics,
    createdAt: iso(review?.created_at),
    updatedAt: iso(review?.updated_at),
    completedAt: iso(review?.completed_at),
    completedBy: person(review?.completed_by ?? null),
    actions: actions.map((a) => {
      const v = versions.find((x) => x.id === a.plan_version_id);
      return {
        id: a.id,
        type: a.type as 'revise_plan' | 'training' | 'process' | 'other',
        title: a.title,
        owner: person(a.owner_id),
        dueAt: iso(a.due_at)!,
        status: a.status as 'open' | 'done',
        overdue: a.status === 'open' ? now > a.due_at : (a.done_at ?? 0) > a.due_at,
        planVersion: v ? { id: v.id, version: Number(v.version), status: v.status } : null,
        createdAt: iso(a.created_at)!,
        doneAt: iso(a.done_at),
        doneBy: person(a.done_by),
      };
    }),
  };
}
