import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ComplaintSurveyTable, Database } from '../../platform/db/schema.js';

type Tx = Db | Transaction<Database>;

/** Reopens (重办) of a complaint recorded up to `at`: the handling cycle a survey belongs to. */
export async function reopensUpTo(db: Tx, complaintId: string, at: number): Promise<number> {
  // Timeline data is JSON.stringify output (no spaces), the same on both databases.
  const r = await db
    .selectFrom('timeline')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('complaint_id', '=', complaintId)
    .where('kind', '=', 'status_changed')
    .where('created_at', '<=', at)
    .where('data', 'like', '%"action":"reopen"%')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts the survey of a cycle unless it exists; true when this call created it. */
export async function insertSurvey(db: Tx, row: ComplaintSurveyTable): Promise<boolean> {
  const r = await db.insertInto('complaint_surveys').values(row).onConflict((oc) => oc.columns(['complaint_id', 'cycle']).doNothing()).returning('id').executeTakeFirst();
  return !!r;
}

export async function surveyByTokenHash(db: Tx, tokenHash: string) {
  return db.selectFrom('complaint_surveys').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function surveyById(db: Tx, id: string) {
  return db.selectFrom('complaint_surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function surveysOf(db: Tx, complaintId: string) {
  return db.selectFrom('complaint_surveys').selectAll().where('complaint_id', '=', complaintId).orderBy('cycle').execute();
}

export async function latestSurvey(db: Tx, complaintId: string) {
  return db.selectFrom('complaint_surveys').selectAll().where('complaint_id', '=', complaintId).orderBy('cycle', 'desc').limit(1).executeTakeFirst();
}

/** Marks an open survey answered; false if it was answered meanwhile. */
export async function markAnswered(db: Tx, id: string, patch: Pick<ComplaintSurveyTable, 'answered_at' | 'source' | 'satisfaction' | 'resolved' | 'comment' | 'result' | 'reopened' | 'recorded_by'>): Promise<boolean> {
  const r = await db.updateTable('complaint_surveys').set({ ...patch, status: 'answered' }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
