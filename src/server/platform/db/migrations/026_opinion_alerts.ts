import type { Kysely } from 'kysely';

/**
 * Opinion heat and alerts (issue 15, parts 4–5): per-watchlist buckets (5 minutes and 1 hour) upserted
 * at ingest, the spike detector's state per watchlist, the alerts it opens, and links from mentions to
 * the complaints and incidents they became or joined.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('opinion_heat_buckets')
    .addColumn('watchlist_id', 'text', (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('bucket_start', time, (c) => c.notNull())
    .addColumn('volume', 'integer', (c) => c.notNull())
    .addColumn('negative', 'integer', (c) => c.notNull())
    .addColumn('reach', 'bigint', (c) => c.notNull())
    .addColumn('heat', 'real', (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('opinion_heat_buckets_pk', ['watchlist_id', 'granularity', 'bucket_start'])
    .execute();
  await db.schema
    .createTable('opinion_alert_state')
    .addColumn('watchlist_id', 'text', (c) => c.primaryKey())
    .addColumn('last_window', time)
    .addColumn('baseline', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('quiet_windows', 'integer', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('opinion_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('watchlist_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('peak_level', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('window_start', time, (c) => c.notNull())
    .addColumn('opened_at', time, (c) => c.notNull())
    .addColumn('raised_at', time)
    .addColumn('lowered_at', time)
    .addColumn('closed_at', time)
    .addColumn('peak_score', 'real', (c) => c.notNull())
    .addColumn('peak_volume', 'integer', (c) => c.notNull())
    .addColumn('quiet', 'integer', (c) => c.notNull())
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('mention_ids', 'text', (c) => c.notNull())
    .addColumn('clusters', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', time)
    .addColumn('ack_note', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('close_note', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_alerts_opened').on('opinion_alerts').columns(['opened_at', 'id']).execute();
  await db.schema.createIndex('opinion_alerts_watchlist').on('opinion_alerts').columns(['watchlist_id', 'opened_at']).execute();
  await db.schema
    .createTable('opinion_mention_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mention_id', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('author_handle', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('opinion_mention_links_unique', ['mention_id', 'target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('opinion_mention_links_target').on('opinion_mention_links').columns(['target_type', 'target_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['opinion_mention_links', 'opinion_alerts', 'opinion_alert_state', 'opinion_heat_buckets']) await db.schema.dropTable(t).execute();
}
