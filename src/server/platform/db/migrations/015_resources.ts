import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * The resource library (应急资源, issue 13 part 4) and on-call schedules (值班).
 * - `resources`: suppliers, manufacturers, inventory items (quantity, unit, low-stock threshold),
 *   staff, experts and media contacts. Contact name, phone and email are encrypted like a
 *   complainant's (platform/crypto); `search_text` is the lower-cased name, description and tags
 *   that Chinese substring search (LIKE) runs over.
 * - `oncall_schedules`: a rotation per role key (an incident role such as incident_commander or an
 *   app role), optionally per department: ordered participants (JSON user ids), a daily or weekly
 *   shift starting at a local handoff time on `starts_on`, in an IANA time zone.
 * - `oncall_overrides`: someone covers a schedule for [starts_at, ends_at).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // supplier | manufacturer | inventory | staff | expert | media
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')) // JSON string[]
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('contact_name_enc', 'text')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_email_enc', 'text')
    .addColumn('quantity', 'double precision')
    .addColumn('unit', 'text')
    .addColumn('low_stock_threshold', 'double precision')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resources_kind').on('resources').columns(['kind', 'id']).execute();

  await db.schema
    .createTable('oncall_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('participants', 'text', (c) => c.notNull()) // JSON user id[] in rotation order
    .addColumn('period', 'text', (c) => c.notNull()) // daily | weekly
    .addColumn('handoff_time', 'text', (c) => c.notNull()) // 'HH:MM' local
    .addColumn('starts_on', 'text', (c) => c.notNull()) // 'YYYY-MM-DD' local: the first shift's day
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oncall_schedules_role').on('oncall_schedules').columns(['role_key', 'department_id']).execute();

  await db.schema
    .createTable('oncall_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('oncall_schedules.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', time, (c) => c.notNull())
    .addColumn('ends_at', time, (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oncall_overrides_schedule').on('oncall_overrides').columns(['schedule_id', 'ends_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oncall_overrides').execute();
  await db.schema.dropTable('oncall_schedules').execute();
  await db.schema.dropTable('resources').execute();
}
