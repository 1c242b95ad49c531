import type { Kysely } from 'kysely';

/**
 * Case library (案例库, issue 16 part 4): anonymised cases made from closed complaints, and their
 * search terms (the search analyzer's terms, one row each — the same on SQLite and PostgreSQL).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey()) // UUIDv7
    .addColumn('source_kind', 'text', (c) => c.notNull()) // complaint
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull()) // zh | en
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull()) // JSON string[]
    .addColumn('lessons', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull()) // JSON: redacted subject, description, location, replies, timeline
    .addColumn('redaction_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_source').on('cases').columns(['source_kind', 'source_id']).unique().execute();
  await db.schema.createIndex('cases_created').on('cases').column('created_at').execute();
  await db.schema
    .createTable('case_search_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_search_terms_pk', ['term', 'case_id'])
    .execute();
  await db.schema.createIndex('case_search_terms_case').on('case_search_terms').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_search_terms').execute();
  await db.schema.dropTable('cases').execute();
}
