import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * The job pool: `partition_key` orders the jobs of one record (a complaint's events run one at a
 * time, oldest first). "Oldest" is the order of insertion: `seq` (bigserial) on PostgreSQL, the
 * rowid on SQLite — both grow with every insert, so a later transaction's job sorts after an
 * earlier one's even when instance clocks disagree. The partial index finds a key's unfinished
 * jobs for the claim's "no older unfinished job of this key" test.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('partition_key', 'text').execute();
  if (dialect === 'postgres') {
    await sql`ALTER TABLE jobs ADD COLUMN seq bigserial`.execute(db);
    await sql`CREATE INDEX jobs_partition ON jobs (partition_key, seq) WHERE partition_key IS NOT NULL AND status IN ('pending', 'running')`.execute(db);
  } else {
    await sql`CREATE INDEX jobs_partition ON jobs (partition_key) WHERE partition_key IS NOT NULL AND status IN ('pending', 'running')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS jobs_partition`.execute(db);
  await db.schema.alterTable('jobs').dropColumn('partition_key').execute();
}
