import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * PostgreSQL: a GIN index cannot return matches in creation order, so a common term either
 * collected every hit and sorted them or walked complaints newest-first checking each row's
 * tsvector (both slow for some terms). Every search row now also carries time-bucket lexemes
 * derived from its UUIDv7 complaint id ('#<level>:<ms >> (22 + 4·level)>', levels 0–3: ≈70 min,
 * ≈19 h, ≈12 days, ≈199 days), so one GIN scan can intersect the query's terms with a window of
 * time (platform/search walks windows newest-first). A trigger adds them, so every writer — the
 * search index and the bulk loader alike — gets them. Analyzer terms never contain '#'. SQLite
 * needs none of this: FTS5 rowids already follow creation order.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`CREATE FUNCTION complaint_search_buckets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ms bigint;
BEGIN
  IF NEW.complaint_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-' THEN
    ms := ('x' || substr(NEW.complaint_id, 1, 8) || substr(NEW.complaint_id, 10, 4))::bit(48)::bigint;
    NEW.tokens := NEW.tokens || array_to_tsvector(ARRAY['#0:' || (ms >> 22), '#1:' || (ms >> 26), '#2:' || (ms >> 30), '#3:' || (ms >> 34)]);
  END IF;
  RETURN NEW;
END $$`.execute(db);
  await sql`CREATE TRIGGER complaint_search_buckets BEFORE INSERT OR UPDATE OF tokens ON complaint_search
    FOR EACH ROW EXECUTE FUNCTION complaint_search_buckets()`.execute(db);
  await sql`UPDATE complaint_search SET tokens = tokens`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS complaint_search_buckets ON complaint_search`.execute(db);
  await sql`DROP FUNCTION IF EXISTS complaint_search_buckets()`.execute(db);
}
