// The compensation part of a complaint's statistics fact (migration 016): the CNY amounts (fen) of
// its compensation decisions approved (paid or not) and paid. Incident compensations have no
// complaint fact and are not in these figures.
import { sql, type Kysely } from 'kysely';
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
