/** SQL of the sentiment model store: versions and corrections (migration 023). */
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database, OpinionSentimentCorrectionTable, OpinionSentimentModelTable } from '../../platform/db/schema.js';

type Ex = Db | Transaction<Database>;

export async function activeVersion(db: Ex): Promise<number | null> {
  const r = await db.selectFrom('opinion_sentiment_models').select('version').where('active', '=', 1).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r ? Number(r.version) : null;
}

export async function getModel(db: Ex, version: number): Promise<OpinionSentimentModelTable | undefined> {
  return db.selectFrom('opinion_sentiment_models').selectAll().where('version', '=', version).executeTakeFirst();
}

/** A new version (one more than the highest), made the only active one. */
export async function insertModel(trx: Transaction<Database>, row: Omit<OpinionSentimentModelTable, 'version' | 'active'>): Promise<number> {
  const last = await trx.selectFrom('opinion_sentiment_models').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  await trx.updateTable('opinion_sentiment_models').set({ active: 0 }).where('active', '=', 1).execute();
  await trx.insertInto('opinion_sentiment_models').values({ ...row, version, active: 1 }).execute();
  return version;
}

export async function insertCorrection(trx: Ex, row: OpinionSentimentCorrectionTable): Promise<void> {
  await trx.insertInto('opinion_sentiment_corrections').values(row).execute();
}

/** Corrections made after `since` (epoch ms), oldest first. */
export async function correctionsSince(db: Ex, since: number): Promise<OpinionSentimentCorrectionTable[]> {
  const rows = await db.selectFrom('opinion_sentiment_corrections').selectAll().where('created_at', '>', since).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ ...r, created_at: Number(r.created_at), p_negative: Number(r.p_negative) }));
}

/** Every correction, oldest first (a full retraining). */
export async function allCorrections(db: Ex): Promise<OpinionSentimentCorrectionTable[]> {
  return correctionsSince(db, -1);
}

/** When the last full retraining ran (null: never). */
export async function lastTrainedAt(db: Ex): Promise<number | null> {
  const r = await db.selectFrom('opinion_sentiment_models').select((eb) => eb.fn.max('created_at').as('at')).where('source', '=', 'train').executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}

export async function countCorrectionsSince(db: Ex, since: number): Promise<number> {
  const r = await db.selectFrom('opinion_sentiment_corrections').select((eb) => eb.fn.countAll().as('n')).where('created_at', '>', since).executeTakeFirstOrThrow();
  return Number(r.n);
}
