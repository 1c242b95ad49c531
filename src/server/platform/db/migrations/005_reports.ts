import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * Statistics rollups (modules/reports). `stats_facts` holds, per complaint, exactly what was added
 * to `stats_rollup`, so a refresh subtracts the old contribution and adds the new one — re-delivered
 * or out-of-order events never double-count. `stats_rollup` sums the facts by the complaint's local
 * creation day (`grain` 'd': days since 1970-01-01 in the organisation's time zone) and month ('m'),
 * by the filter dimensions (department, level, channel) and one grouping dimension at a time (`dim`:
 * 'all', 'category', 'status') — narrow keys keep the table small enough to answer from. '' stands
 * for "no department/category" so the key has no NULLs.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('stats_facts')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handled_ms', 'bigint') // created → closed, only while closed
    .addColumn('fr', 'integer', (c) => c.notNull().defaultTo(0)) // first response: 0 undecided, 1 on time, 2 late
    .addColumn('res', 'integer', (c) => c.notNull().defaultTo(0)) // resolution: same
    .addColumn('open_breach', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  let t = db.schema
    .createTable('stats_rollup')
    .addColumn('grain', 'text', (c) => c.notNull()) // 'd' day | 'm' month
    .addColumn('dim', 'text', (c) => c.notNull()) // 'all' | 'category' | 'status'
    .addColumn('period', 'integer', (c) => c.notNull()) // local day number, or year*12 + month-1
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('g', 'text', (c) => c.notNull()) // the dim's value: '' for 'all', category id, status
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('handled_n', 'bigint', (c) => c.notNull())
    .addColumn('handled_ms', 'bigint', (c) => c.notNull())
    .addColumn('fr_ontime', 'bigint', (c) => c.notNull())
    .addColumn('fr_decided', 'bigint', (c) => c.notNull())
    .addColumn('res_ontime', 'bigint', (c) => c.notNull())
    .addColumn('res_decided', 'bigint', (c) => c.notNull())
    .addColumn('open_breaches', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_rollup_pk', ['grain', 'dim', 'period', 'department_id', 'level', 'channel', 'g']);
  // SQLite: the table is its own covering index (rows stored in key order).
  if (dialect === 'sqlite') t = t.modifyEnd(sql`WITHOUT ROWID`);
  await t.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stats_rollup').execute();
  await db.schema.dropTable('stats_facts').execute();
}
