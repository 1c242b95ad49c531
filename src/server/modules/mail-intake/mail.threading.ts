// Threading for any outbound mail about a complaint (the replies module uses it for staff mail):
// our own Message-ID under the From domain, In-Reply-To / References from the complaint's thread,
// and the sent Message-ID recorded so the complainant's answer joins the complaint.
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database } from '../../platform/db/schema.js';
import { newMessageId } from './mail.ack.js';
import * as repo from './mail.repo.js';

export { newMessageId };

export interface ThreadHeaders {
  /** "<id>" of the newest message of the thread, if there is one. */
  inReplyTo?: string;
  /** "<id>"s of the thread, oldest first. */
  references: string[];
}

/** In-Reply-To / References for a new mail about `complaintId` (empty when no mail came or went yet). */
export async function threadHeaders(db: Db | Transaction<Database>, complaintId: string): Promise<ThreadHeaders> {
  const ids = await repo.threadOf(db, complaintId);
  const wrap = (id: string) => `<${id}>`;
  return { inReplyTo: ids.length ? wrap(ids[ids.length - 1]!) : undefined, references: ids.map(wrap) };
}

/** Records a Message-ID we sent (no angle brackets) so replies to it thread onto the complaint and it is never taken in as new mail. */
export async function recordSentMessageId(trx: Db | Transaction<Database>, messageId: string, complaintId: string, kind = 'reply', language: string | null = null): Promise<void> {
  await repo.insertMessage(trx, { message_id: messageId.replace(/^<|>$/g, ''), direction: 'out', complaint_id: complaintId, kind, language, created_at: Date.now() });
}
