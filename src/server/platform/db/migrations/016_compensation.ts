import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * Compensation decisions (赔偿/补偿决定, issue 13): a kind and an amount in minor units (fen) on a
 * complaint or an incident, proposed → approved | refused → paid, or cancelled; approval within the
 * approver's role limit (settings row `compensation`). The statistics count approved and paid
 * amounts (CNY) per complaint fact and rollup row.
 *
 * The handling plan's free compensation amount (yuan, a double) becomes a decision here: an approved
 * plan's amount an approved decision (decided by whoever approved the plan), a pending plan's a
 * proposed one, a returned plan's a refused one (the leader sent it back). The kind is read from the
 * free text where it says so (退款 → refund, 维修 → repair, …), else `other`; the text is the reason.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('compensation_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_type', 'text', (c) => c.notNull()) // complaint | incident
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text') // the handling plan that proposed it, if any
    .addColumn('kind', 'text', (c) => c.notNull()) // refund | repair | replacement | cash | voucher | other
    .addColumn('amount', 'bigint', (c) => c.notNull()) // minor units (fen)
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | approved | refused | paid | cancelled
    .addColumn('proposed_by', 'text', (c) => c.references('users.id'))
    .addColumn('proposed_at', time, (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', time)
    .addColumn('decision_note', 'text')
    .addColumn('paid_by', 'text', (c) => c.references('users.id'))
    .addColumn('paid_at', time)
    .addColumn('payment_date', 'text') // YYYY-MM-DD, as on the payment record
    .addColumn('payment_reference', 'text')
    .addColumn('cancelled_by', 'text', (c) => c.references('users.id'))
    .addColumn('cancelled_at', time)
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('compensation_subject').on('compensation_decisions').columns(['subject_type', 'subject_id', 'id']).execute();
  await db.schema.createIndex('compensation_status').on('compensation_decisions').columns(['status', 'id']).execute();

  await db.schema.alterTable('stats_facts').addColumn('comp_approved', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('stats_facts').addColumn('comp_paid', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('stats_rollup').addColumn('comp_approved', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('stats_rollup').addColumn('comp_paid', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

  await migratePlanAmounts(db);
}

/**
 * Exported for its test: the data step. Pure SQL (INSERT … SELECT): on SQLite a plain read here
 * would go to the read-only connection, which does not see the tables this migration run created.
 * Each decision takes its plan's id (a UUIDv7 from the plan's submission, so it sorts in time).
 * The kind is read from the free text (kept here: a shipped migration never changes).
 */
export async function migratePlanAmounts(db: Kysely<any>): Promise<void> {
  const text = sql`LOWER(COALESCE(p.compensation_kind, ''))`;
  const like = (...words: string[]) => sql.join(words.map((w) => sql`${text} LIKE ${`%${w}%`}`), sql` OR `);
  const kind = sql`CASE
      WHEN ${like('退款', '退费', '退还', '退钱', 'refund')} THEN 'refund'
      WHEN ${like('维修', '修理', '修复', 'repair')} THEN 'repair'
      WHEN ${like('更换', '换货', '调换', 'replace')} THEN 'replacement'
      WHEN ${like('券', 'voucher', 'coupon')} THEN 'voucher'
      WHEN ${like('现金', '赔偿金', '补偿金', 'cash')} THEN 'cash'
      ELSE 'other' END`;
  const status = sql`CASE p.status WHEN 'approved' THEN 'approved' WHEN 'returned' THEN 'refused' ELSE 'proposed' END`;
  const decided = sql`p.status IN ('approved', 'returned')`;
  const r = await sql`
    INSERT INTO compensation_decisions (id, subject_type, subject_id, plan_id, kind, amount, currency, reason, status, proposed_by, proposed_at,
      decided_by, decided_at, decision_note, updated_at)
    SELECT p.id, 'complaint', p.complaint_id, p.id, ${kind}, CAST(ROUND(p.compensation_amount * 100) AS bigint), 'CNY',
      CASE WHEN TRIM(COALESCE(p.compensation_kind, '')) = '' THEN '处理方案中的补偿' ELSE TRIM(p.compensation_kind) END,
      ${status}, p.submitted_by, p.submitted_at,
      CASE WHEN ${decided} THEN p.decided_by END, CASE WHEN ${decided} THEN p.decided_at END, CASE WHEN ${decided} THEN p.decision_comment END,
      COALESCE(p.decided_at, p.submitted_at)
    FROM handling_plans p WHERE p.compensation_amount > 0`.execute(db);
  if (r.numAffectedRows !== undefined && Number(r.numAffectedRows) === 0) return;

  // The statistics: each fact's approved amount, then every rollup row's sum of its facts.
  await sql`UPDATE stats_facts SET comp_approved = COALESCE((
      SELECT SUM(d.amount) FROM compensation_decisions d
      WHERE d.subject_type = 'complaint' AND d.subject_id = stats_facts.complaint_id AND d.currency = 'CNY' AND d.status IN ('approved', 'paid')), 0)`.execute(db);
  for (const [grain, period] of [['d', 'day'], ['m', 'month']] as const) {
    for (const [dim, g] of [['all', null], ['category', 'category_id'], ['status', 'status']] as const) {
      await sql`UPDATE stats_rollup SET comp_approved = COALESCE((
          SELECT SUM(f.comp_approved) FROM stats_facts f
          WHERE f.${sql.raw(period)} = stats_rollup.period AND f.department_id = stats_rollup.department_id
            AND f.level = stats_rollup.level AND f.channel = stats_rollup.channel
            ${g ? sql`AND f.${sql.raw(g)} = stats_rollup.g` : sql``}), 0)
        WHERE grain = ${grain} AND dim = ${dim}`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stats_rollup').dropColumn('comp_paid').execute();
  await db.schema.alterTable('stats_rollup').dropColumn('comp_approved').execute();
  await db.schema.alterTable('stats_facts').dropColumn('comp_paid').execute();
  await db.schema.alterTable('stats_facts').dropColumn('comp_approved').execute();
  await db.schema.dropTable('compensation_decisions').execute();
}
