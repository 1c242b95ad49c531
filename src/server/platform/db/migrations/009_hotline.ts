import { sql, type Kysely } from 'kysely';

/**
 * The hotline journey: per-user phone-lookup quotas (`phone_lookups`: one row per number looked up
 * in a window, and a '#' row counting them), and the 即时办结 (resolved at first contact) measure
 * in the statistics facts and rollups.
 */
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('phone_lookups')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('phone_lookups_pk', ['user_id', 'window_start', 'key'])
    .execute();
  await db.schema.alterTable('stats_facts').addColumn('fcr', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('stats_rollup').addColumn('fcr_n', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Tracking-number prefix search (`?q=TS20261128`): LIKE 'prefix%' uses a pattern-ops index on
  // PostgreSQL whatever the database collation. (SQLite matches exact numbers by the unique index.)
  if (dialect === 'postgres') await sql`CREATE INDEX complaints_tracking_prefix ON complaints (tracking_no text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS complaints_tracking_prefix`.execute(db);
  await db.schema.alterTable('stats_rollup').dropColumn('fcr_n').execute();
  await db.schema.alterTable('stats_facts').dropColumn('fcr').execute();
  await db.schema.dropTable('phone_lookups').execute();
}
