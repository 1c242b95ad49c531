import type { Insertable, Transaction, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ComplaintTriageTable, Database } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

/** The only place with SQL for triage: triage rows, signatures, clusters, models, rule sets. */

// ---- triage rows ---------------------------------------------------------------------------------

export async function insertTriage(trx: Tx, row: Insertable<ComplaintTriageTable>): Promise<void> {
  await trx.insertInto('complaint_triage').values(row).execute();
}

export async function upsertTriage(trx: Tx, row: Insertable<ComplaintTriageTable>): Promise<void> {
  const { complaint_id: _id, created_at: _c, ...rest } = row;
  await trx
    .insertInto('complaint_triage')
    .values(row)
    .onConflict((oc) => oc.column('complaint_id').doUpdateSet(rest))
    .execute();
}

export async function updateTriage(trx: Tx, complaintId: string, patch: Updateable<ComplaintTriageTable>): Promise<void> {
  await trx.updateTable('complaint_triage').set(patch).where('complaint_id', '=', complaintId).execute();
}

/** Triage rows with their cluster's size/mass and the tracking number of the complaint they repeat. */
export async function triageRows(db: Tx, complaintIds: string[]) {
  if (!complaintIds.length) return [];
  return db
    .selectFrom('complaint_triage as t')
    .leftJoin('clusters as cl', 'cl.id', 't.cluster_id')
    .leftJoin('complaints as r', 'r.id', 't.repeat_of_id')
    .selectAll('t')
    .select(['cl.size as cluster_size', 'cl.mass as cluster_mass', 'r.tracking_no as repeat_tracking_no'])
    .where('t.complaint_id', 'in', complaintIds)
    .execute();
}
export type TriageRowJoined = Awaited<ReturnType<typeof triageRows>>[number];

// ---- complaints (read only, plus the level/category a triage decides) ---------------------------

export async function complaintForTriage(db: Tx, id: string) {
  return db
    .selectFrom('complaints as c')
    .leftJoin('complainants as p', 'p.id', 'c.complainant_id')
    .select([
      'c.id',
      'c.tracking_no',
      'c.subject',
      'c.description',
      'c.channel',
      'c.location_text',
      'c.category_id',
      'c.level',
      'c.department_id',
      'c.owner_id',
      'c.created_by',
      'c.status',
      'c.version',
      'c.created_at',
      'c.flag_personal_safety',
      'c.flag_property_loss',
      'c.flag_media_attention',
      'c.flag_vulnerable_group',
      'p.phone_bidx',
      'p.email_bidx',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function updateComplaintTriaged(
  trx: Tx,
  id: string,
  version: number,
  patch: { level?: number; category_id?: string | null; department_id?: string | null; flag_personal_safety?: number; updated_at: number },
): Promise<boolean> {
  const r = await trx
    .updateTable('complaints')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Complaints of the person behind these blind indexes (never decrypting anything), newest first. */
export async function complaintsByPerson(db: Tx, bidx: { phone?: string | null; email?: string | null }, since: number, limit = 50) {
  const ors: Array<['p.phone_bidx' | 'p.email_bidx', string]> = [];
  if (bidx.phone) ors.push(['p.phone_bidx', bidx.phone]);
  if (bidx.email) ors.push(['p.email_bidx', bidx.email]);
  if (!ors.length) return [];
  return db
    .selectFrom('complainants as p')
    .innerJoin('complaints as c', 'c.complainant_id', 'p.id')
    .leftJoin('complaint_triage as t', 't.complaint_id', 'c.id')
    .select([
      'c.id',
      'c.tracking_no',
      'c.subject',
      'c.status',
      'c.level',
      'c.category_id',
      'c.department_id',
      'c.owner_id',
      'c.created_by',
      'c.created_at',
      't.suggested_category_id',
      'p.name_enc',
      'p.phone_enc',
      'p.email_enc',
    ])
    .where((eb) => eb.or(ors.map(([col, v]) => eb(col, '=', v))))
    .where('c.created_at', '>=', since)
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function complaintsByIds(db: Tx, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('complaints')
    .select(['id', 'tracking_no', 'subject', 'status', 'level', 'category_id', 'department_id', 'owner_id', 'created_by', 'created_at'])
    .where('id', 'in', ids)
    .execute();
}

/**
 * Labelled complaints for training and calibration: the most recent `limit` whose category staff chose
 * (at intake or by confirming triage), oldest first. `held_out` is the decision stored with a confirmation.
 */
export async function labelledComplaints(db: Tx, limit: number) {
  // Categories triage applied itself (and nobody confirmed) would teach the model its own guesses.
  const rows = await db
    .selectFrom('complaints as c')
    .leftJoin('complaint_triage as t', 't.complaint_id', 'c.id')
    .select(['c.id', 'c.subject', 'c.description', 'c.category_id', 't.confirmed_at', 't.held_out'])
    .where('c.category_id', 'is not', null)
    .where((eb) => eb.or([eb('t.category_applied', 'is', null), eb('t.category_applied', '=', 0), eb('t.confirmed_at', 'is not', null)]))
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Staff-labelled complaints of a category (as `labelledComplaints` counts them). */
export async function countLabelled(db: Tx, categoryId: string): Promise<number> {
  const r = await db
    .selectFrom('complaints as c')
    .leftJoin('complaint_triage as t', 't.complaint_id', 'c.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.category_id', '=', categoryId)
    .where((eb) => eb.or([eb('t.category_applied', 'is', null), eb('t.category_applied', '=', 0), eb('t.confirmed_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Staff confirmations after `since` (to replay into a freshly loaded model), oldest first; held-out ones excluded. */
export async function confirmationsSince(db: Tx, since: number, limit = 5000) {
  return db
    .selectFrom('complaint_triage as t')
    .innerJoin('complaints as c', 'c.id', 't.complaint_id')
    .select(['t.complaint_id', 't.confirmed_category_id', 't.confirmed_at', 'c.subject', 'c.description'])
    .where('t.confirmed_at', '>', since)
    .where('t.confirmed_category_id', 'is not', null)
    .where('t.held_out', '=', 0)
    .orderBy('t.confirmed_at')
    .limit(limit)
    .execute();
}

// ---- signatures and clusters --------------------------------------------------------------------

export async function insertSignature(trx: Tx, row: Insertable<Database['complaint_signatures']>): Promise<void> {
  await trx
    .insertInto('complaint_signatures')
    .values(row)
    .onConflict((oc) => oc.column('complaint_id').doUpdateSet({ cluster_id: row.cluster_id ?? null, category_id: row.category_id ?? null }))
    .execute();
}

/** Signatures written at or after `since`, oldest first; `excludeOrigin` skips this instance's own. */
export async function signaturesSince(db: Tx, since: number, excludeOrigin?: string, limit = 200_000) {
  let q = db.selectFrom('complaint_signatures').selectAll().where('created_at', '>=', since);
  if (excludeOrigin) q = q.where('origin', '<>', excludeOrigin);
  return q.orderBy('created_at').limit(limit).execute();
}

/** Points every member of `roots` (complaints that were cluster roots or singletons) at `clusterId`. */
export async function relinkCluster(trx: Tx, clusterId: string, roots: string[]): Promise<void> {
  const others = roots.filter((r) => r !== clusterId);
  await trx
    .updateTable('complaint_triage')
    .set({ cluster_id: clusterId })
    .where((eb) => eb.or([eb('complaint_id', 'in', roots), ...(others.length ? [eb('cluster_id', 'in', others)] : [])]))
    .execute();
  await trx
    .updateTable('complaint_signatures')
    .set({ cluster_id: clusterId })
    .where((eb) => eb.or([eb('complaint_id', 'in', roots), ...(others.length ? [eb('cluster_id', 'in', others)] : [])]))
    .execute();
  if (others.length) await trx.deleteFrom('clusters').where('id', 'in', others).execute();
}

export async function upsertCluster(trx: Tx, row: Insertable<Database['clusters']>): Promise<void> {
  await trx
    .insertInto('clusters')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ size: row.size, last_at: row.last_at, updated_at: row.updated_at }))
    .execute();
}

/** Marks a cluster mass once; true for the caller that did it (across instances). */
export async function markClusterMass(trx: Tx, id: string, at: number): Promise<boolean> {
  const r = await trx.updateTable('clusters').set({ mass: 1, mass_at: at, updated_at: at }).where('id', '=', id).where('mass', '=', 0).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getCluster(db: Tx, id: string) {
  return db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stored size and mass flag of these clusters (seeds the in-memory tracker on a rebuild). */
export async function clusterSizes(db: Tx, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('clusters').select(['id', 'size', 'mass']).where('id', 'in', ids).execute();
}

export async function listClusters(db: Tx, f: { mass?: boolean; afterId?: string; limit: number }) {
  let q = db.selectFrom('clusters').selectAll();
  if (f.mass !== undefined) q = q.where('mass', '=', f.mass ? 1 : 0);
  if (f.afterId) q = q.where('id', '<', f.afterId);
  return q.orderBy('id', 'desc').limit(f.limit + 1).execute();
}

export async function clusterMembers(db: Tx, clusterId: string, limit = 1000) {
  return db
    .selectFrom('complaint_triage as t')
    .innerJoin('complaints as c', 'c.id', 't.complaint_id')
    .select(['c.id', 'c.tracking_no', 'c.subject', 'c.status', 'c.level', 'c.category_id', 'c.department_id', 'c.owner_id', 'c.created_by', 'c.created_at', 't.mass', 't.confirmed_at', 'c.version'])
    .where('t.cluster_id', '=', clusterId)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

// ---- models, rule sets, settings, categories ----------------------------------------------------

export async function activeModelVersion(db: Tx): Promise<number | null> {
  const r = await db.selectFrom('triage_models').select('version').where('active', '=', 1).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r ? Number(r.version) : null;
}

export async function getModel(db: Tx, version: number) {
  return db.selectFrom('triage_models').selectAll().where('version', '=', version).executeTakeFirst();
}

export async function listModels(db: Tx) {
  return db.selectFrom('triage_models').select(['version', 'encoding', 'labels', 'examples', 'trained_until', 'source', 'created_by', 'created_at', 'active', 'calibration']).orderBy('version', 'desc').limit(100).execute();
}

/** When the last retraining (accepted or not) was saved, for its rate limit. */
export async function lastTrainedAt(db: Tx): Promise<number | null> {
  const r = await db.selectFrom('triage_models').select((eb) => eb.fn.max('created_at').as('at')).where('source', '=', 'train').executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}

/** Stores a new model version and, unless `active` is false (a rejected retraining), makes it the active one. */
export async function insertModel(trx: Transaction<Database>, row: Omit<Insertable<Database['triage_models']>, 'version' | 'active'>, active = true): Promise<number> {
  const last = await trx.selectFrom('triage_models').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  if (active) await trx.updateTable('triage_models').set({ active: 0 }).where('active', '=', 1).execute();
  await trx.insertInto('triage_models').values({ ...row, version, active: active ? 1 : 0 }).execute();
  return version;
}

export async function activeRuleSet(db: Tx) {
  return db.selectFrom('severity_rule_sets').select(['seq', 'version', 'created_at', 'created_by']).where('active', '=', 1).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function getRuleSet(db: Tx, seq: number) {
  return db.selectFrom('severity_rule_sets').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function ruleVersionExists(db: Tx, version: string): Promise<boolean> {
  return !!(await db.selectFrom('severity_rule_sets').select('seq').where('version', '=', version).executeTakeFirst());
}

export async function insertRuleSet(trx: Transaction<Database>, row: { version: string; rules: string; created_by: string | null; created_at: number }): Promise<number> {
  const last = await trx.selectFrom('severity_rule_sets').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst();
  const seq = Number(last?.s ?? 0) + 1;
  await trx.updateTable('severity_rule_sets').set({ active: 0 }).where('active', '=', 1).execute();
  await trx.insertInto('severity_rule_sets').values({ ...row, seq, active: 1 }).execute();
  return seq;
}

export async function getSetting(db: Tx, key: string) {
  return db.selectFrom('settings').select(['value', 'updated_at']).where('key', '=', key).executeTakeFirst();
}

export async function putSetting(trx: Tx, key: string, value: string, at: number): Promise<void> {
  await trx
    .insertInto('settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

export async function categories(db: Tx) {
  return db.selectFrom('categories').select(['id', 'parent_id', 'code', 'name_zh', 'name_en', 'keywords', 'default_department_id', 'active']).execute();
}

/** Members of a cluster with what grading them again needs (the mass-complaint raise). */
export async function clusterMembersToGrade(db: Tx, clusterId: string, limit = 1000) {
  return db
    .selectFrom('complaint_triage as t')
    .innerJoin('complaints as c', 'c.id', 't.complaint_id')
    .select(['c.id', 'c.subject', 'c.description', 'c.level', 'c.version', 'c.flag_personal_safety', 'c.flag_property_loss', 'c.flag_media_attention', 'c.flag_vulnerable_group'])
    .select(['t.mass', 't.confirmed_at', 't.confirmed_level', 't.override_reason', 't.requested_level', 't.repeat_of_id'])
    .where('t.cluster_id', '=', clusterId)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}
