import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database } from '../../platform/db/schema.js';

type Tx = Db | Transaction<Database>;

/** Categories offered on the portal: the active ones marked public (the same flag Open311 services use). */
export async function publicCategories(db: Tx) {
  return db.selectFrom('categories').select(['id', 'parent_id', 'code', 'name_zh', 'name_en']).where('active', '=', 1).where('is_public', '=', 1).orderBy('code').execute();
}

export async function activeCategory(db: Tx, id: string) {
  return db.selectFrom('categories').select(['id']).where('id', '=', id).where('active', '=', 1).where('is_public', '=', 1).executeTakeFirst();
}

/**
 * Marks a proof-of-work challenge used; false if it already was (a replay). Expired rows are
 * swept by the same statement's caller now and then (sweepUsedChallenges).
 */
export async function redeemChallenge(db: Tx, challenge: string, expiresAt: number): Promise<boolean> {
  const row = await db.insertInto('portal_pow_used').values({ challenge, expires_at: expiresAt }).onConflict((oc) => oc.column('challenge').doNothing()).returning('challenge').executeTakeFirst();
  return !!row;
}

export async function sweepUsedChallenges(db: Tx, now: number): Promise<void> {
  await db.deleteFrom('portal_pow_used').where('expires_at', '<', now).execute();
}

export async function insertSubmission(db: Tx, row: Database['portal_submissions']): Promise<void> {
  await db.insertInto('portal_submissions').values(row).execute();
}

/** The access code is known only once the intake returns: stored (encrypted) right after its commit. */
export async function setSubmissionCode(db: Tx, complaintId: string, accessCodeEnc: string): Promise<void> {
  await db.updateTable('portal_submissions').set({ access_code_enc: accessCodeEnc }).where('complaint_id', '=', complaintId).execute();
}

export async function submissionOf(db: Tx, complaintId: string) {
  return db.selectFrom('portal_submissions').selectAll().where('complaint_id', '=', complaintId).executeTakeFirst();
}

export async function complaintByTrackingNo(db: Tx, trackingNo: string) {
  return db.selectFrom('complaints').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
}

export async function publicTimeline(db: Tx, complaintId: string) {
  return db
    .selectFrom('timeline')
    .select(['id', 'kind', 'actor_id', 'body', 'data', 'created_at'])
    .where('complaint_id', '=', complaintId)
    .where('visibility', '=', 'public')
    .orderBy('id')
    .execute();
}

export async function namesOf(db: Tx, table: 'categories' | 'departments', id: string | null) {
  if (!id) return undefined;
  return db.selectFrom(table).select(['name_zh', 'name_en']).where('id', '=', id).executeTakeFirst();
}

export async function countPortalAttachments(db: Tx, complaintId: string, uploader: string): Promise<number> {
  const r = await db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).where('complaint_id', '=', complaintId).where('uploaded_by', '=', uploader).executeTakeFirstOrThrow();
  return Number(r.n);
}
