import type { Kysely } from 'kysely';

/**
 * Open311 GeoReport v2 (issue 14 part 3): categories an administrator marks public are the services
 * partner applications see and submit to; each request submitted through /open311/v2 keeps what the
 * spec carries beyond a complaint (the partner key that sent it, media_url, device/account ids,
 * address_id, attribute answers); and posts are counted per key and minute window (rate limit).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema.alterTable('categories').addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('open311_requests')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('api_token_id', 'text', (c) => c.notNull().references('api_tokens.id'))
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('media_url', 'text')
    .addColumn('address_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}')) // JSON { code: value | value[] }
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('open311_rate_windows')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', time, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}
