// The complainant's preferred channel and language: defaults at intake, the reachability check, and
// the row (one per complaint) that staff edit later.
import type { Db } from '../../platform/db/index.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { badRequest } from '../../platform/http/problem.js';
import type { MessageLanguage, PreferredChannel } from './messaging.schema.js';

type Tx = Transaction<Database> | Db;

export interface ContactPrefs {
  channel: PreferredChannel;
  language: MessageLanguage;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN = /[A-Za-z]/g;

/** zh-CN when the text has Chinese characters (a handful among English words count as English), else en; `fallback` with no letters at all. */
export function detectLanguage(text: string, fallback: MessageLanguage = 'zh-CN'): MessageLanguage {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (!cjk && !latin) return fallback;
  // A Chinese character carries about as much as a word of 4–5 letters.
  return cjk * 4 >= latin ? 'zh-CN' : 'en';
}

/**
 * The default channel from the contact the complainant left: a mail (or a complaint that came by
 * email) is answered by email, a caller by SMS, anyone else on the portal.
 */
export function defaultChannel(intakeChannel: string, contact: { phone?: string | null; email?: string | null }): PreferredChannel {
  if (intakeChannel === 'email' && contact.email) return 'email';
  if (intakeChannel === 'phone' && contact.phone) return 'sms';
  if (contact.email) return 'email';
  if (contact.phone) return 'sms';
  return 'portal';
}

/** A chosen channel must have its contact: email needs an address, SMS and WeChat a phone number. */
export function checkReachable(channel: PreferredChannel, contact: { phone?: string | null; email?: string | null }): void {
  if (channel === 'email' && !contact.email) throw badRequest('preferred_channel_unreachable', 'Email was chosen but the complainant left no email address');
  if ((channel === 'sms' || channel === 'wechat') && !contact.phone) throw badRequest('preferred_channel_unreachable', `${channel === 'sms' ? 'SMS' : 'WeChat'} was chosen but the complainant left no phone number`);
}

export const getPrefs = (db: Tx, complaintId: string) => db.selectFrom('complaint_contact_prefs').selectAll().where('complaint_id', '=', complaintId).executeTakeFirst();

export async function savePrefs(trx: Tx, complaintId: string, prefs: ContactPrefs, by: string | null, at: number): Promise<void> {
  await trx
    .insertInto('complaint_contact_prefs')
    .values({ complaint_id: complaintId, channel: prefs.channel, language: prefs.language, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('complaint_id').doUpdateSet({ channel: prefs.channel, language: prefs.language, updated_by: by, updated_at: at }))
    .execute();
}

export function presentPrefs(row: { channel: string; language: string; updated_at: number } | undefined) {
  if (!row) return null;
  return { channel: row.channel as PreferredChannel, language: row.language as MessageLanguage, updatedAt: new Date(Number(row.updated_at)).toISOString() };
}
