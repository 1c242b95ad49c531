import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/** The system user that email intake acts as (complaints.created_by, timeline and audit actor). */
export const MAIL_INTAKE_USER_ID = '00000000-0000-7000-8000-000000000019';

/**
 * Email intake (issue 14 part 2):
 * - `mail_messages`: every Message-ID we received (direction `in`) or sent (`out`: acknowledgements
 *   and, for the replies module, staff mail), with the complaint it belongs to. Inbound delivery is
 *   idempotent on it, replies thread through it (In-Reply-To / References), and our own IDs coming
 *   back are recognised as a loop.
 * - `mail_imap_state`: per polled mailbox, its UIDVALIDITY and the last UID processed, so a restart
 *   never re-imports.
 * - one inactive system user (no roles, no usable password) that email intake acts as.
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

  const now = Date.now();
  await db
    .insertInto('users')
    .values({
      id: MAIL_INTAKE_USER_ID,
      email: 'mail-intake@system.invalid',
      name: '邮件受理 Mail intake',
      password_hash: '!',
      roles: '[]',
      locale: 'zh-CN',
      active: 0,
      preferences: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_imap_state').ifExists().execute();
  await db.schema.dropTable('mail_messages').ifExists().execute();
  await db.deleteFrom('users').where('id', '=', MAIL_INTAKE_USER_ID).execute();
}
