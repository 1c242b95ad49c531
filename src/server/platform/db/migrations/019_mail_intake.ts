import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * Email intake (issue 14 part 2):
 * - `mail_messages`: every Message-ID we received (direction `in`) or sent (`out`: acknowledgements
 *   and, for the replies module, staff mail), with the complaint it belongs to. Inbound delivery is
 *   idempotent on it, replies thread through it (In-Reply-To / References), and our own IDs coming
 *   back are recognised as a loop.
 * - `mail_imap_state`: per polled mailbox, its UIDVALIDITY and the last UID processed, so a restart
 *   never re-imports.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('mail_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull()) // in | out
    .addColumn('complaint_id', 'text', (c) => c.references('complaints.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // complaint | addition | ack | reply
    .addColumn('language', 'text') // zh-CN | en (detected from the mail)
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_messages_complaint').on('mail_messages').columns(['complaint_id', 'created_at']).execute();

  await db.schema
    .createTable('mail_imap_state')
    .addColumn('mailbox', 'text', (c) => c.primaryKey()) // user@host:port/mailbox
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('last_uid', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_imap_state').ifExists().execute();
  await db.schema.dropTable('mail_messages').ifExists().execute();
}
