import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import type { CategoryPlanBody } from './contingency.plans.schema.js';
import * as repo from './contingency.plans.repo.js';

/**
 * Each complaint category may name the emergency plan a complaint in it activates and its response
 * strategy (应对策略, bilingual). Read by activation (planForCategory) and shown on the category.
 */
export async function categoryPlans(ctx: AppContext, categoryId?: string) {
  let q = ctx.db
    .selectFrom('contingency_category_plans as c')
    .leftJoin('contingency_plans as p', 'p.id', 'c.plan_id')
    .leftJoin('contingency_plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'c.plan_id').on('v.status', '=', 'published'))
    .select(['c.category_id', 'c.plan_id', 'c.response_strategy', 'c.updated_by', 'c.updated_at', 'p.key as plan_key', 'v.version as published_version'])
    .orderBy('c.category_id');
  if (categoryId) q = q.where('c.category_id', '=', categoryId);
  return (await q.execute()).map((r) => ({
    categoryId: r.category_id,
    planId: r.plan_id,
    planKey: r.plan_key ?? null,
    publishedVersion: r.published_version === null || r.published_version === undefined ? null : Number(r.published_version),
    responseStrategy: repo.parseStrategy(r.response_strategy),
    updatedBy: r.updated_by,
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  }));
}

/** A category's mapping; a category never mapped answers with nulls (it exists, it has no plan). */
export async function categoryPlan(ctx: AppContext, categoryId: string) {
  if (!(await ctx.db.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst())) throw notFound('Category');
  const [row] = await categoryPlans(ctx, categoryId);
  return row ?? { categoryId, planId: null, planKey: null, publishedVersion: null, responseStrategy: null, updatedBy: null, updatedAt: null };
}

export async function setCategoryPlan(ctx: AppContext, actor: Actor, categoryId: string, body: CategoryPlanBody) {
  if (!(await ctx.db.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst())) throw notFound('Category');
  if (body.planId && !(await repo.findPlan(ctx.db, body.planId))) throw badRequest('unknown_plan', `No plan ${body.planId}`);
  await ctx.db.transaction().execute(async (trx) => {
    const at = ctx.jobs.now();
    await repo.upsertCategoryPlan(trx, { category_id: categoryId, plan_id: body.planId, response_strategy: body.responseStrategy ? JSON.stringify(body.responseStrategy) : null, updated_by: actor.id, updated_at: at });
    await appendAudit(trx, { actorId: actor.id, action: 'contingency.category_plan_set', entityType: 'category', entityId: categoryId, data: { planId: body.planId, responseStrategy: body.responseStrategy } });
    await ctx.events.emit(trx, 'contingency.category_mapped', { categoryId, planId: body.planId, actorId: actor.id });
  });
  ctx.events.flush();
  return categoryPlan(ctx, categoryId);
}
