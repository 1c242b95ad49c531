import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * SQLite: FTS5 cannot index its UNINDEXED complaint_id column, so replacing a complaint's terms
 * scanned the whole search table (≈170 ms at 100,000 complaints). A plain table now maps each
 * complaint to its FTS rowid, making a re-index two indexed lookups. PostgreSQL keys its search
 * table by complaint_id already.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`CREATE TABLE complaint_search_docs (doc_id INTEGER PRIMARY KEY, complaint_id TEXT NOT NULL UNIQUE REFERENCES complaints(id))`.execute(db);
  await sql`INSERT INTO complaint_search_docs (doc_id, complaint_id) SELECT rowid, complaint_id FROM complaint_search`.execute(db);
}
