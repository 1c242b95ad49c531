import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * Triage (issue 3): one triage row per complaint (suggestion, level explanation, rule version,
 * fast path, cluster, repeat link, status of the triage run and the staff's confirmation), the
 * MinHash signature of every triaged complaint (so each instance rebuilds and keeps its in-memory
 * duplicate index in sync), clusters of near-duplicates, versioned classifier models and versioned
 * severity rule sets.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';

  await db.schema
    .createTable('complaint_triage')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // ok | failed
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('suggested_category_id', 'text')
    .addColumn('confidence', 'double precision')
    .addColumn('alternatives', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{label, confidence}]
    .addColumn('source', 'text') // model | rules | none
    .addColumn('model_version', 'integer')
    .addColumn('category_applied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_level', 'integer') // the level the intake request set, if any
    .addColumn('level', 'integer') // the level triage judged
    .addColumn('explanation', 'text') // JSON {text, factors}
    .addColumn('rule_version', 'text')
    .addColumn('personal_safety', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fast_path', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cluster_id', 'text')
    .addColumn('repeat_of_id', 'text')
    .addColumn('mass', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', time)
    .addColumn('confirmed_category_id', 'text')
    .addColumn('confirmed_level', 'integer')
    .addColumn('overridden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('override_reason', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_triage_fast_path').on('complaint_triage').columns(['fast_path', 'complaint_id']).execute();
  await db.schema.createIndex('complaint_triage_cluster').on('complaint_triage').columns(['cluster_id', 'complaint_id']).execute();
  await db.schema.createIndex('complaint_triage_status').on('complaint_triage').columns(['status', 'complaint_id']).execute();
  await db.schema.createIndex('complaint_triage_confirmed').on('complaint_triage').column('confirmed_at').execute();

  // One row per triaged complaint; instances load rows newer than the last they saw.
  await db.schema
    .createTable('complaint_signatures')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('signature', 'text', (c) => c.notNull()) // base64 MinHash
    .addColumn('cluster_id', 'text')
    .addColumn('category_id', 'text')
    .addColumn('location', 'text')
    .addColumn('origin', 'text', (c) => c.notNull()) // the instance that wrote it
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_signatures_created').on('complaint_signatures').column('created_at').execute();

  // Cluster id = the id of its root complaint.
  await db.schema
    .createTable('clusters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('first_at', time, (c) => c.notNull())
    .addColumn('last_at', time, (c) => c.notNull())
    .addColumn('mass', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mass_at', time)
    .addColumn('representative_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clusters_mass').on('clusters').columns(['mass', 'id']).execute();

  await db.schema
    .createTable('triage_models')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull()) // json | gzip+base64
    .addColumn('labels', 'text', (c) => c.notNull()) // JSON string[] (category ids)
    .addColumn('examples', 'integer', (c) => c.notNull())
    .addColumn('trained_until', time, (c) => c.notNull()) // confirmations after this are replayed on load
    .addColumn('source', 'text', (c) => c.notNull()) // train | learn
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('triage_models_active').on('triage_models').columns(['active', 'version']).execute();

  await db.schema
    .createTable('severity_rule_sets')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull().unique())
    .addColumn('rules', 'text', (c) => c.notNull()) // JSON SeverityRuleSet
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('severity_rule_sets_active').on('severity_rule_sets').columns(['active', 'seq']).execute();
}
