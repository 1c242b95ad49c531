import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ContingencyPlanTable, ContingencyPlanVersionTable, Database } from '../../platform/db/schema.js';
import type { BilingualText, ContingencyPlanStatus, PlanContent } from '../../../shared/contingency.js';

/** SQL for emergency plans (应急预案) and their versions; the only place that touches these tables. */

type Q = Db | Transaction<Database>;
export type PlanRow = Selectable<ContingencyPlanTable>;
export type PlanVersionRow = Selectable<ContingencyPlanVersionTable>;

/** One version of a plan as other modules (incidents, drills) use it: pinned by id, content parsed. */
export interface PlanVersionRef {
  id: string;
  planId: string;
  planKey: string;
  version: number;
  status: ContingencyPlanStatus;
  content: PlanContent;
}

const toRef = (r: PlanVersionRow & { plan_key: string }): PlanVersionRef => ({
  id: r.id,
  planId: r.plan_id,
  planKey: r.plan_key,
  version: Number(r.version),
  status: r.status as ContingencyPlanStatus,
  content: JSON.parse(r.content) as PlanContent,
});

const versionsWithKey = (db: Q) =>
  db.selectFrom('contingency_plan_versions as v').innerJoin('contingency_plans as p', 'p.id', 'v.plan_id').selectAll('v').select('p.key as plan_key');

/** A version by id (an incident keeps running the version it was activated with, whatever its status now). */
export async function getPlanVersion(db: Q, versionId: string): Promise<PlanVersionRef | undefined> {
  const row = await versionsWithKey(db).where('v.id', '=', versionId).executeTakeFirst();
  return row ? toRef(row) : undefined;
}

/** The current published version of every plan (at most one per plan), by plan key. */
export async function publishedVersions(db: Q): Promise<PlanVersionRef[]> {
  const rows = await versionsWithKey(db).where('v.status', '=', 'published').orderBy('p.key').execute();
  return rows.map(toRef);
}

/** The published version of the plan a category names, with its response strategy (应对策略). */
export async function planForCategory(
  db: Q,
  categoryId: string,
): Promise<{ categoryId: string; planId: string | null; responseStrategy: BilingualText | null; published: PlanVersionRef | undefined } | undefined> {
  const row = await db.selectFrom('contingency_category_plans').selectAll().where('category_id', '=', categoryId).executeTakeFirst();
  if (!row) return undefined;
  const published = row.plan_id
    ? await versionsWithKey(db).where('v.plan_id', '=', row.plan_id).where('v.status', '=', 'published').executeTakeFirst()
    : undefined;
  return { categoryId, planId: row.plan_id, responseStrategy: parseStrategy(row.response_strategy), published: published ? toRef(published) : undefined };
}

export function parseStrategy(text: string | null): BilingualText | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as BilingualText;
    if (typeof v?.zh === 'string' && typeof v?.en === 'string') return v;
  } catch {
    // stored before it was bilingual: plain text reads the same in both languages
  }
  return { zh: text, en: text };
}

// ---- plans ----

export const listPlans = (db: Q) => db.selectFrom('contingency_plans').selectAll().orderBy('key').execute();
export const findPlan = (db: Q, id: string) => db.selectFrom('contingency_plans').selectAll().where('id', '=', id).executeTakeFirst();
export const findPlanByKey = (db: Q, key: string) => db.selectFrom('contingency_plans').selectAll().where('key', '=', key).executeTakeFirst();
export const insertPlan = (db: Q, row: Insertable<ContingencyPlanTable>) => db.insertInto('contingency_plans').values(row).execute();
export const updatePlan = (db: Q, id: string, patch: Updateable<ContingencyPlanTable>) => db.updateTable('contingency_plans').set(patch).where('id', '=', id).execute();
export const touchPlan = (db: Q, id: string, at: number) => db.updateTable('contingency_plans').set({ updated_at: at }).where('id', '=', id).execute();

// ---- versions ----

export const allVersions = (db: Q) => db.selectFrom('contingency_plan_versions').selectAll().orderBy('plan_id').orderBy('version').execute();
export const versionsOf = (db: Q, planId: string) =>
  db.selectFrom('contingency_plan_versions').selectAll().where('plan_id', '=', planId).orderBy('version').execute();
export const findVersion = (db: Q, planId: string, version: number) =>
  db.selectFrom('contingency_plan_versions').selectAll().where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst();
export const insertVersion = (db: Q, row: Insertable<ContingencyPlanVersionTable>) => db.insertInto('contingency_plan_versions').values(row).execute();

/**
 * Moves a version from one status to another only if it is still in the expected one: the returned
 * count is 0 when a concurrent request got there first (the caller answers 409).
 */
export async function transitionVersion(db: Q, id: string, from: ContingencyPlanStatus, patch: Updateable<ContingencyPlanVersionTable>): Promise<boolean> {
  const res = await db.updateTable('contingency_plan_versions').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Published versions whose review date has passed and whose owner was not yet reminded. */
export const reviewsDue = (db: Q, now: number) =>
  db
    .selectFrom('contingency_plan_versions as v')
    .innerJoin('contingency_plans as p', 'p.id', 'v.plan_id')
    .select(['v.id', 'v.plan_id', 'v.version', 'v.content', 'v.review_due_at', 'p.key as plan_key', 'p.owner_id'])
    .where('v.status', '=', 'published')
    .where('v.review_due_at', '<=', now)
    .where('v.review_reminded_at', 'is', null)
    .execute();

export const markReminded = (db: Q, id: string, at: number) =>
  db.updateTable('contingency_plan_versions').set({ review_reminded_at: at }).where('id', '=', id).where('review_reminded_at', 'is', null).executeTakeFirst();

// ---- category mapping ----

export const findCategoryPlan = (db: Q, categoryId: string) =>
  db.selectFrom('contingency_category_plans').selectAll().where('category_id', '=', categoryId).executeTakeFirst();

export async function upsertCategoryPlan(db: Q, row: { category_id: string; plan_id: string | null; response_strategy: string | null; updated_by: string; updated_at: number }) {
  await db
    .insertInto('contingency_category_plans')
    .values(row)
    .onConflict((oc) => oc.column('category_id').doUpdateSet({ plan_id: row.plan_id, response_strategy: row.response_strategy, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}
