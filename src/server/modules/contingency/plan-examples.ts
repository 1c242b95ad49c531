import { v7 as uuidv7 } from 'uuid';
import { Value } from 'typebox/value';
import type { AppContext } from '../../context.js';
import { PlanContent } from '../../../shared/contingency.js';
import { planProblems } from './plan-validate.js';
import { ContingencyPlanService } from './contingency.plans.service.js';
import * as repo from './contingency.plans.repo.js';
// Imported, not read from disk: the server bundle inlines them, so they ship with it.
import customerComplaints from './examples/customer_complaints.json' with { type: 'json' };
import canteenFoodSafety from './examples/canteen_food_safety.json' with { type: 'json' };
import constructionSiteOpinion from './examples/construction_site_opinion.json' with { type: 'json' };

/**
 * Three bilingual example plans drawn from common practice (客户投诉, 校园食堂食品安全, 建设工地舆情),
 * installed as published version 1 on a fresh database so a new organisation starts from a
 * working plan and adapts it. An organisation that deletes or renames nothing gets them once: a key
 * that exists (installed earlier, or the organisation's own plan) is left alone.
 */
export const EXAMPLE_PLANS = [customerComplaints, canteenFoodSafety, constructionSiteOpinion] as unknown as { key: string; content: PlanContent }[];

/** Problems with an example (schema errors and semantic checks); empty when it is valid. */
export function exampleProblems(e: { key: string; content: unknown }): string[] {
  const schema = [...Value.Errors(PlanContent, e.content)].map((x) => `${x.instancePath} ${x.message}`);
  return schema.length ? schema : planProblems(e.content as PlanContent).map((p) => `${p.path} ${p.message}`);
}

/**
 * Installs the examples that are missing, owned by the first active admin (none yet: nothing to do,
 * the next start installs them). Returns the keys installed. One transaction per plan.
 */
export async function installExamplePlans(ctx: AppContext): Promise<string[]> {
  const owner = (await ctx.db.selectFrom('users').select(['id', 'roles']).where('active', '=', 1).orderBy('created_at').execute()).find((u) =>
    (JSON.parse(u.roles) as string[]).includes('admin'),
  );
  if (!owner) return [];
  const service = new ContingencyPlanService(ctx);
  const installed: string[] = [];
  for (const example of EXAMPLE_PLANS) {
    if (await repo.findPlanByKey(ctx.db, example.key)) continue;
    const problems = exampleProblems(example);
    if (problems.length) throw new Error(`Example plan ${example.key} is invalid: ${problems.join('; ')}`);
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const planId = uuidv7();
        await service.insertPlanWithDraft(trx, { planId, key: example.key, ownerId: owner.id, departmentId: null, content: example.content, changeNote: null, actorId: null });
        await service.move(trx, null, planId, 1, 'approve');
        await service.move(trx, null, planId, 1, 'publish');
      });
      installed.push(example.key);
    } catch (e) {
      // Another instance installed it at the same moment (unique key): theirs stands.
      if (!(await repo.findPlanByKey(ctx.db, example.key))) throw e;
    }
  }
  if (installed.length) ctx.events.flush();
  return installed;
}
