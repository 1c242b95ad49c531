import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * Notifications (issue 4 item 6): in-app notifications (one row per event and recipient, also the
 * ledger that makes fan-out idempotent and tracks the email), the live event log that server-sent
 * event streams replay from, and outbound webhook endpoints with their delivery log.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // complaint.assigned | plan.submitted | plan.decided | sla.*
    .addColumn('complaint_id', 'text')
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}')) // JSON template variables
    .addColumn('in_app', 'integer', (c) => c.notNull()) // 0: the user turned in-app off for this type
    .addColumn('email_status', 'text', (c) => c.notNull()) // off | disabled | queued | sent | failed
    .addColumn('emailed_at', time)
    .addColumn('read_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_event_user').on('notifications').columns(['event_id', 'user_id']).unique().execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'in_app', 'read_at', 'id']).execute();

  // What live streams push, in commit order: seq comes from a counter row locked until commit.
  await db.schema
    .createTable('event_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text') // set: only this user sees it (their notification)
    .addColumn('complaint_id', 'text') // else: whoever may see this complaint
    .addColumn('department_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_log_created').on('event_log').column('created_at').execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull()) // AES-256-GCM (platform/crypto)
    .addColumn('event_types', 'text', (c) => c.notNull()) // JSON string[]: exact types, "prefix.*" or "*"
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
  await db.schema.dropTable('event_log').execute();
  await db.schema.dropTable('notifications').execute();
}
