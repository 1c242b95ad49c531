import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * The public portal and follow-up surveys (回访, issue 14 parts 1 and 6):
 * - `portal_pow_used`: proof-of-work challenges already redeemed (single use until they expire);
 * - `portal_rate_limits`: per-address counters (submit, access-code attempts), one row per key and window;
 * - `portal_submissions`: which complaints came through the portal, in which language;
 * - `complaint_surveys`: one satisfaction survey per complaint and handling cycle (a reopen starts a
 *   new cycle), answered on the portal (1–5, resolved, comment) or recorded by staff from a call.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('portal_pow_used')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_pow_used_expires').on('portal_pow_used').column('expires_at').execute();

  await db.schema
    .createTable('portal_rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', time, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('portal_submissions')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    // The access code, encrypted, so an Idempotency-Key retry can answer with it again.
    .addColumn('access_code_enc', 'text', (c) => c.notNull())
    .addColumn('consent_at', time, (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('complaint_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('cycle', 'integer', (c) => c.notNull()) // reopens before it was opened
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | answered
    .addColumn('opened_at', time, (c) => c.notNull())
    .addColumn('answered_at', time)
    .addColumn('source', 'text') // web | phone
    .addColumn('satisfaction', 'integer') // 1–5 (web)
    .addColumn('resolved', 'integer') // 0/1 (web; optional by phone)
    .addColumn('comment', 'text')
    .addColumn('result', 'text') // satisfied | basically | dissatisfied
    .addColumn('reopened', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('complaint_surveys_cycle').on('complaint_surveys').columns(['complaint_id', 'cycle']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['complaint_surveys', 'portal_submissions', 'portal_rate_limits', 'portal_pow_used']) await db.schema.dropTable(t).ifExists().execute();
}
