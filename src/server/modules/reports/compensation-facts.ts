// Compensation in the statistics (migration 016). A complaint's fact carries the CNY amounts (fen) of
// its decisions approved (paid or not) and paid. An incident has no fact: its few decisions are summed
// directly, by the incident's activation day, department and level; drills never count.
import { sql, type Kysely } from 'kysely';
import type { StatsFilter } from './reports.repo.js';
import type { Database } from '../../platform/db/schema.js';

export interface CompensationSums {
  comp_approved: number;
  comp_paid: number;
}

export const NO_COMPENSATION: CompensationSums = { comp_approved: 0, comp_paid: 0 };

export async function compensationOf(db: Kysely<Database>, complaintId: string): Promise<CompensationSums> {
  const r = await db
    .selectFrom('compensation_decisions')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('status', 'in', ['approved', 'paid']).then(eb.ref('amount')).else(0).end()), sql<number>`0`).as('approved'),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('status', '=', 'paid').then(eb.ref('amount')).else(0).end()), sql<number>`0`).as('paid'),
    ])
    .where('subject_type', '=', 'complaint')
    .where('subject_id', '=', complaintId)
    .where('currency', '=', 'CNY')
    .executeTakeFirst();
  return { comp_approved: Number(r?.approved ?? 0), comp_paid: Number(r?.paid ?? 0) };
}

/** The same sums for every complaint, as a subquery joined by `rebuildRollups` (alias `cp`). */
export const compensationAgg = sql`LEFT JOIN (
    SELECT subject_id,
      SUM(CASE WHEN status IN ('approved', 'paid') THEN amount ELSE 0 END) AS approved,
      SUM(CASE WHEN status = 'paid' THEN amount ELSE 0 END) AS paid
    FROM compensation_decisions WHERE subject_type = 'complaint' AND currency = 'CNY' GROUP BY subject_id) cp ON cp.subject_id = c.id`;

/**
 * CNY approved and paid on incidents activated in [fromMs, toMs) within the filter's departments and
 * levels (an incident has no channel: a channel filter leaves them out). Drills are excluded.
 */
export async function incidentCompensation(db: Kysely<Database>, f: StatsFilter, fromMs: number, toMs: number): Promise<{ approved: number; paid: number }> {
  if (f.channels?.length || (f.departmentIds && !f.departmentIds.length)) return { approved: 0, paid: 0 };
  let q = db
    .selectFrom('compensation_decisions as d')
    .innerJoin('incidents as i', 'i.id', 'd.subject_id')
    .where('d.subject_type', '=', 'incident')
    .where('d.currency', '=', 'CNY')
    .where('i.is_drill', '=', 0)
    .where('i.activated_at', '>=', fromMs)
    .where('i.activated_at', '<', toMs);
  if (f.departmentIds) q = q.where((eb) => eb.fn.coalesce('i.department_id', sql.lit('')), 'in', f.departmentIds);
  if (f.levels?.length) q = q.where('i.level', 'in', f.levels);
  const r = await q
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('d.status', 'in', ['approved', 'paid']).then(eb.ref('d.amount')).else(0).end()).as('approved'),
      eb.fn.sum<number>(eb.case().when('d.status', '=', 'paid').then(eb.ref('d.amount')).else(0).end()).as('paid'),
    ])
    .executeTakeFirst();
  return { approved: Number(r?.approved ?? 0), paid: Number(r?.paid ?? 0) };
}
