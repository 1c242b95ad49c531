import type { Kysely } from 'kysely';

/**
 * Messages to the complainant (issue 14, replies and cadence): the preferred channel and language
 * recorded at intake (one row per complaint, editable by staff), and every outbound message with its
 * delivery status (email via SMTP, SMS/WeChat via the signed gateway, or the portal only). The
 * destination (address or number) is encrypted like other personal data.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('complaint_contact_prefs')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('channel', 'text', (c) => c.notNull()) // email | sms | wechat | portal
    .addColumn('language', 'text', (c) => c.notNull()) // zh-CN | en
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('outbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('source_key', 'text', (c) => c.notNull().unique()) // the event (and purpose) it answers: a redelivered event queues nothing twice
    .addColumn('channel', 'text', (c) => c.notNull()) // email | sms | wechat | portal
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull()) // reply | progress | extension | survey
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('destination_enc', 'text') // encrypted address / number; null for the portal
    .addColumn('status', 'text', (c) => c.notNull()) // queued | sent | delivered | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('email_message_id', 'text') // the Message-ID header (threading)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('sent_at', time)
    .addColumn('delivered_at', time)
    .addColumn('failed_at', time)
    .execute();
  await db.schema.createIndex('outbound_messages_complaint').on('outbound_messages').columns(['complaint_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbound_messages').execute();
  await db.schema.dropTable('complaint_contact_prefs').execute();
}
