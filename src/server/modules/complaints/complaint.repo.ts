import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { SearchPlan } from '../../platform/search/search.js';
import type { ComplaintTable, Database, HandlingPlanTable, TimelineTable, AttachmentTable, ComplainantTable } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

/** The only place with SQL for complaints, their timeline, plans and attachments. */

export async function nextCounter(trx: Tx, name: string): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertComplainant(trx: Tx, row: Insertable<ComplainantTable>): Promise<void> {
  await trx.insertInto('complainants').values(row).execute();
}

export async function getComplainant(db: Tx, id: string) {
  return db.selectFrom('complainants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertComplaint(trx: Tx, row: Insertable<ComplaintTable>): Promise<void> {
  await trx.insertInto('complaints').values(row).execute();
}

export async function getComplaint(db: Tx, id: string) {
  return db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getComplaintByTrackingNo(db: Tx, trackingNo: string) {
  return db.selectFrom('complaints').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
}

/** Updates a complaint if its version is still `version`; returns false when someone else changed it first. */
export async function updateComplaint(trx: Tx, id: string, version: number, patch: Updateable<ComplaintTable>): Promise<boolean> {
  const r = await trx
    .updateTable('complaints')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ListFilter {
  statuses?: string[];
  levels?: number[];
  categoryIds?: string[];
  departmentIds?: string[];
  ownerId?: string | null;
  channels?: string[];
  createdFrom?: number;
  createdTo?: number;
  /** Restricts to these departments or this owner (a handler's scope); undefined = all. */
  scope?: { departmentIds: string[]; userId: string };
  search?: SearchPlan;
  /** Tracking numbers starting with this (upper-case letters, digits and '-' only). */
  trackingPrefix?: string;
  /** Complaints of the complainant behind this phone blind index. */
  phoneBidx?: string;
  /** Another module's condition on complaints.id (e.g. the SLA filters). */
  extra?: Expression<SqlBool>;
  afterId?: string;
  limit: number;
}

export async function listComplaints(db: Db, f: ListFilter) {
  // Filters name complaints' columns unqualified; the search tables joined below have none of them.
  const filtered = <Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q => {
    if (f.statuses?.length) q = q.where('status', 'in', f.statuses) as Q;
    if (f.levels?.length) q = q.where('level', 'in', f.levels) as Q;
    if (f.categoryIds?.length) q = q.where('category_id', 'in', f.categoryIds) as Q;
    if (f.departmentIds?.length) q = q.where('department_id', 'in', f.departmentIds) as Q;
    if (f.ownerId === null) q = q.where('owner_id', 'is', null) as Q;
    else if (f.ownerId) q = q.where('owner_id', '=', f.ownerId) as Q;
    if (f.channels?.length) q = q.where('channel', 'in', f.channels) as Q;
    if (f.createdFrom !== undefined) q = q.where('created_at', '>=', f.createdFrom) as Q;
    if (f.createdTo !== undefined) q = q.where('created_at', '<', f.createdTo) as Q;
    if (f.scope) {
      const s = f.scope;
      q = q.where((eb: ExpressionBuilder<any, any>) => eb.or([eb('owner_id', '=', s.userId), ...(s.departmentIds.length ? [eb('department_id', 'in', s.departmentIds)] : [])])) as Q;
    }
    if (f.trackingPrefix) {
      // A whole number is one unique-index probe; a prefix is a LIKE (pattern-ops index on PostgreSQL).
      q = (/^TS\d{8}-\d{6}$/.test(f.trackingPrefix) ? q.where('tracking_no', '=', f.trackingPrefix) : q.where('tracking_no', 'like', `${f.trackingPrefix}%`)) as Q;
    }
    if (f.phoneBidx) {
      const bidx = f.phoneBidx;
      q = q.where('complainant_id', 'in', (eb: ExpressionBuilder<any, any>) => eb.selectFrom('complainants').select('complainants.id').where('complainants.phone_bidx', '=', bidx)) as Q;
    }
    if (f.extra) q = q.where(f.extra) as Q;
    return q;
  };
  if (f.search?.kind === 'ordered') {
    // SQLite FTS5 drives the scan newest-first; a page ends as soon as it is full.
    let q = (db as unknown as Kysely<any>)
      .selectFrom('complaint_search as s')
      .innerJoin('complaint_search_docs as d', 'd.doc_id', 's.rowid')
      .innerJoin('complaints', 'complaints.id', 'd.complaint_id')
      .selectAll('complaints')
      .where(sql<SqlBool>`complaint_search MATCH ${f.search.match}`);
    q = filtered(q);
    if (f.afterId) q = q.where('s.rowid', '<', sql<number>`(SELECT doc_id FROM complaint_search_docs WHERE complaint_id = ${f.afterId})`);
    return (await q.orderBy('s.rowid', 'desc').limit(f.limit + 1).execute()) as Selectable<ComplaintTable>[];
  }
  if (f.search?.kind === 'windowed') {
    // PostgreSQL: windows of time newest-first (see SearchPlan); each window's rows are all newer
    // than the next window's, so the page is the first limit + 1 rows in window order.
    // The table's ends and planner row estimate size the windows.
    const ends = await db
      .selectFrom('complaints')
      .select([sql<string | null>`min(id)`.as('oldest'), sql<string | null>`max(id)`.as('newest'), sql<number>`(SELECT reltuples FROM pg_class WHERE oid = 'complaints'::regclass)`.as('rows')])
      .executeTakeFirst();
    if (!ends?.newest || !ends.oldest) return [];
    const windows = f.search.windows(f.afterId ?? ends.newest, ends.oldest, Number(ends.rows));
    if (windows) {
      const out: Selectable<ComplaintTable>[] = [];
      for (let w = windows.next(); w; w = windows.next()) {
        const need = f.limit + 1 - out.length;
        if ('rest' in w) {
          let q = filtered(db.selectFrom('complaints').selectAll()).where(w.rest);
          if (f.afterId) q = q.where('id', '<', f.afterId);
          out.push(...(await q.orderBy('id', 'desc').limit(need).execute()));
          break;
        }
        // The window's page and how many ids matched in it (one row with nulls when none passed the filters).
        const page = (eb: ExpressionBuilder<any, any>) => {
          let q = filtered(eb.selectFrom('complaints').selectAll()).where(sql<SqlBool>`complaints.id = ANY(m.ids)`);
          if (f.afterId) q = q.where('id', '<', f.afterId);
          return q.orderBy('id', 'desc').limit(need).as('c');
        };
        const rows = (await (db as unknown as Kysely<any>)
          .selectFrom(sql`(SELECT ${w.matches} AS ids OFFSET 0)`.as('m')) // OFFSET 0: computed once, not inlined twice
          .leftJoinLateral(page, (join) => join.onTrue())
          .selectAll('c')
          .select(sql<number>`cardinality(m.ids)`.as('window_matches'))
          .orderBy('c.id', 'desc')
          .execute()) as Array<Selectable<ComplaintTable> & { window_matches: number | null }>;
        const found = rows.filter((r) => r.id !== null).map(({ window_matches: _, ...r }) => r as Selectable<ComplaintTable>);
        out.push(...found);
        if (out.length > f.limit) break;
        windows.found(Number(rows[0]?.window_matches ?? 0), found.length, f.limit + 1 - out.length);
      }
      return out;
    }
  }
  let q = filtered(db.selectFrom('complaints').selectAll());
  if (f.search) q = q.where(f.search.where);
  if (f.afterId) q = q.where('id', '<', f.afterId);
  return q.orderBy('id', 'desc').limit(f.limit + 1).execute();
}

export async function insertTimeline(trx: Tx, rows: Insertable<TimelineTable> | Insertable<TimelineTable>[]): Promise<void> {
  await trx.insertInto('timeline').values(rows).execute();
}

export async function listTimeline(db: Tx, complaintId: string, publicOnly: boolean) {
  let q = db
    .selectFrom('timeline')
    .leftJoin('users', 'users.id', 'timeline.actor_id')
    .selectAll('timeline')
    .select('users.name as actor_name')
    .where('complaint_id', '=', complaintId);
  if (publicOnly) q = q.where('visibility', '=', 'public');
  return q.orderBy('timeline.id').execute();
}

export async function insertPlan(trx: Tx, row: Insertable<HandlingPlanTable>): Promise<void> {
  await trx.insertInto('handling_plans').values(row).execute();
}

export async function latestPlan(db: Tx, complaintId: string) {
  return db.selectFrom('handling_plans').selectAll().where('complaint_id', '=', complaintId).orderBy('submitted_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export async function listPlans(db: Tx, complaintId: string) {
  return db.selectFrom('handling_plans').selectAll().where('complaint_id', '=', complaintId).orderBy('submitted_at').orderBy('id').execute();
}

export async function decidePlan(trx: Tx, planId: string, patch: Updateable<HandlingPlanTable>): Promise<boolean> {
  const r = await trx.updateTable('handling_plans').set(patch).where('id', '=', planId).where('status', '=', 'submitted').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAttachment(trx: Tx, row: Insertable<AttachmentTable>): Promise<void> {
  await trx.insertInto('attachments').values(row).execute();
}

export async function listAttachments(db: Tx, complaintId: string) {
  return db.selectFrom('attachments').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute();
}

export async function getAttachment(db: Tx, complaintId: string, id: string) {
  return db.selectFrom('attachments').selectAll().where('complaint_id', '=', complaintId).where('id', '=', id).executeTakeFirst();
}

export async function findIdempotencyKey(db: Tx, scopeKey: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('scope_key', '=', scopeKey).executeTakeFirst();
}

export async function insertIdempotencyKey(trx: Tx, scopeKey: string, requestHash: string, complaintId: string, now: number): Promise<void> {
  await trx.insertInto('idempotency_keys').values({ scope_key: scopeKey, request_hash: requestHash, complaint_id: complaintId, created_at: now }).execute();
}

export async function departmentExists(db: Tx, id: string): Promise<boolean> {
  return !!(await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst());
}

export async function categoryById(db: Tx, id: string) {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function userInDepartment(db: Tx, userId: string, departmentId: string): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .innerJoin('user_departments', 'user_departments.user_id', 'users.id')
    .select('users.id')
    .where('users.id', '=', userId)
    .where('users.active', '=', 1)
    .where('user_departments.department_id', '=', departmentId)
    .executeTakeFirst();
  return !!r;
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export { sql };
