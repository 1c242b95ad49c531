import type { Kysely } from 'kysely';

/**
 * Opinion sentiment (issue 15, part 3): versions of the sentiment model (like triage_models: the
 * active one is loaded by every instance; corrections after `trained_until` are replayed into it) and
 * the labels PR officers corrected, which teach it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('opinion_sentiment_models')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('model', 'text', (c) => c.notNull()) // gzip+base64 of SerializedSentimentEngine
    .addColumn('encoding', 'text', (c) => c.notNull()) // gzip+base64
    .addColumn('examples', 'integer', (c) => c.notNull())
    .addColumn('corrections', 'integer', (c) => c.notNull()) // corrections learned into it in all
    .addColumn('trained_until', time, (c) => c.notNull()) // corrections created after this are replayed on load
    .addColumn('source', 'text', (c) => c.notNull()) // learn | train
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('opinion_sentiment_models_active').on('opinion_sentiment_models').columns(['active', 'version']).execute();
  await db.schema
    .createTable('opinion_sentiment_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey()) // UUIDv7
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull()) // zh | en
    .addColumn('label', 'text', (c) => c.notNull()) // positive | neutral | negative (what the officer says)
    .addColumn('predicted_label', 'text', (c) => c.notNull())
    .addColumn('p_negative', 'real', (c) => c.notNull()) // the model's before the correction
    .addColumn('model_version', 'integer') // null: the shipped model
    .addColumn('mention_id', 'text') // the mention it was about, once mentions exist
    .addColumn('corrected_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_sentiment_corrections_created').on('opinion_sentiment_corrections').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opinion_sentiment_corrections').execute();
  await db.schema.dropTable('opinion_sentiment_models').execute();
}
