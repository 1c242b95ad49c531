// SQL of email intake: Message-IDs (idempotency, threading, loop detection) and IMAP progress.
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database, MailMessageTable } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

export async function findMessage(db: Tx, messageId: string) {
  return db.selectFrom('mail_messages').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

/** Whether a Message-ID is one of the messages module's mails to complainants (stored with angle brackets). */
export async function isSentByMessaging(db: Tx, messageId: string): Promise<boolean> {
  return !!(await db.selectFrom('outbound_messages').select('id').where('email_message_id', '=', `<${messageId}>`).executeTakeFirst());
}

/**
 * The complaint of the first of `ids` we know (In-Reply-To before References), if any: mail we
 * received or acknowledged (mail_messages) and staff replies sent by the messages module.
 */
export async function complaintOfThread(db: Tx, ids: string[]): Promise<string | null> {
  if (!ids.length) return null;
  const some = ids.slice(0, 50);
  const ours = await db.selectFrom('mail_messages').select(['message_id', 'complaint_id']).where('message_id', 'in', some).where('complaint_id', 'is not', null).execute();
  const sent = await db.selectFrom('outbound_messages').select(['email_message_id', 'complaint_id']).where('email_message_id', 'in', some.map((id) => `<${id}>`)).execute();
  const known = new Map<string, string>([...sent.map((r) => [r.email_message_id!.slice(1, -1), r.complaint_id] as const), ...ours.map((r) => [r.message_id, r.complaint_id!] as const)]);
  for (const id of ids) {
    const hit = known.get(id);
    if (hit) return hit;
  }
  return null;
}

/**
 * The complaint of the first of `ids` that is a mail WE sent (acknowledgements, threaded staff mail,
 * the messages module's replies), if any: only its recipients know that Message-ID.
 */
export async function complaintOfOurMail(db: Tx, ids: string[]): Promise<string | null> {
  if (!ids.length) return null;
  const some = ids.slice(0, 50);
  const ours = await db.selectFrom('mail_messages').select(['message_id', 'complaint_id']).where('message_id', 'in', some).where('direction', '=', 'out').where('complaint_id', 'is not', null).execute();
  const sent = await db.selectFrom('outbound_messages').select(['email_message_id', 'complaint_id']).where('email_message_id', 'in', some.map((id) => `<${id}>`)).execute();
  const known = new Map<string, string>([...sent.map((r) => [r.email_message_id!.slice(1, -1), r.complaint_id] as const), ...ours.map((r) => [r.message_id, r.complaint_id!] as const)]);
  for (const id of some) {
    const hit = known.get(id);
    if (hit) return hit;
  }
  return null;
}

export async function insertMessage(trx: Tx, row: MailMessageTable): Promise<void> {
  await trx.insertInto('mail_messages').values(row).execute();
}

/** The thread's Message-IDs, oldest first (for References). */
export async function threadOf(db: Tx, complaintId: string): Promise<string[]> {
  const rows = await db.selectFrom('mail_messages').select('message_id').where('complaint_id', '=', complaintId).orderBy('created_at').limit(20).execute();
  return rows.map((r) => r.message_id);
}

export async function imapState(db: Tx, mailbox: string) {
  return db.selectFrom('mail_imap_state').selectAll().where('mailbox', '=', mailbox).executeTakeFirst();
}

export async function saveImapState(db: Tx, mailbox: string, uidValidity: string, lastUid: number, now = Date.now()): Promise<void> {
  await db
    .insertInto('mail_imap_state')
    .values({ mailbox, uid_validity: uidValidity, last_uid: lastUid, updated_at: now })
    .onConflict((oc) => oc.column('mailbox').doUpdateSet({ uid_validity: uidValidity, last_uid: lastUid, updated_at: now }))
    .execute();
}
