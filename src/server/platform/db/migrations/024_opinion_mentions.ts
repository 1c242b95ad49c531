import type { Kysely } from 'kysely';

/**
 * Opinion mentions (issue 15, parts 1–2): sources (feeds polled on the scheduler, signed push
 * gateways), the mentions they bring (deduplicated by URL and per-source guid; near-duplicates and
 * reposts point at their original), watchlists (监测方案) and the matches stored at ingest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('opinion_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // feed | push
    .addColumn('url', 'text') // feed URL
    .addColumn('interval_s', 'integer', (c) => c.notNull())
    .addColumn('secret_enc', 'text') // push: the HMAC secret, field-encrypted
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_polled_at', time)
    .addColumn('last_ok_at', time)
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', time)
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', time)
    .addColumn('items_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('opinion_mentions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // UUIDv7
    .addColumn('source_id', 'text') // null: entered by hand
    .addColumn('source_kind', 'text', (c) => c.notNull()) // feed | push | manual
    .addColumn('url', 'text')
    .addColumn('url_key', 'text', (c) => c.unique()) // normalised URL
    .addColumn('guid', 'text')
    .addColumn('guid_key', 'text', (c) => c.unique()) // source id + guid
    .addColumn('author', 'text')
    .addColumn('published_at', time, (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('reposts', 'integer')
    .addColumn('comments', 'integer')
    .addColumn('likes', 'integer')
    .addColumn('p_negative', 'real', (c) => c.notNull())
    .addColumn('sentiment_label', 'text', (c) => c.notNull())
    .addColumn('sentiment_model', 'integer') // null: the shipped model
    .addColumn('is_repost', 'integer', (c) => c.notNull())
    .addColumn('original_id', 'text') // a repost: the mention it reposts
    .addColumn('duplicate_of', 'text') // a near-duplicate: the earlier mention it copies
    .addColumn('signature', 'text', (c) => c.notNull()) // MinHash of the root text (triage/similarity)
    .addColumn('dismissed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dismissed_reason', 'text')
    .addColumn('dismissed_by', 'text')
    .addColumn('dismissed_at', time)
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_mentions_published').on('opinion_mentions').columns(['published_at', 'id']).execute();
  await db.schema.createIndex('opinion_mentions_created').on('opinion_mentions').columns(['created_at']).execute();
  await db.schema.createIndex('opinion_mentions_original').on('opinion_mentions').columns(['original_id']).execute();
  await db.schema
    .createTable('opinion_watchlists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull()) // JSON WatchlistDefinition
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('opinion_mention_matches')
    .addColumn('watchlist_id', 'text', (c) => c.notNull())
    .addColumn('mention_id', 'text', (c) => c.notNull())
    .addColumn('published_at', time, (c) => c.notNull()) // the mention's, for time windows per watchlist
    .addColumn('matched_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('opinion_mention_matches_pk', ['watchlist_id', 'mention_id'])
    .execute();
  await db.schema.createIndex('opinion_mention_matches_time').on('opinion_mention_matches').columns(['watchlist_id', 'published_at']).execute();
  await db.schema.createIndex('opinion_mention_matches_mention').on('opinion_mention_matches').columns(['mention_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['opinion_mention_matches', 'opinion_watchlists', 'opinion_mentions', 'opinion_sources']) await db.schema.dropTable(t).execute();
}
