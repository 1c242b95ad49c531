import { sql, type Insertable, type SqlBool, type Transaction, type Updateable, type RawBuilder } from 'kysely';
import type { Db, Dialect } from '../../platform/db/index.js';
import type { Database, SlaClockTable, SlaExtensionTable, SlaSupervisionTable } from '../../platform/db/schema.js';

type Tx = Transaction<Database> | Db;

/** The only place with SQL for deadlines: clocks, supervisions, extensions, SLA configuration. */

// ---- the complaint facts an SLA needs (read-only) ----------------------------------------------

export interface ComplaintFacts {
  id: string;
  level: number;
  category_id: string | null;
  channel: string;
  department_id: string | null;
  owner_id: string | null;
  status: string;
  created_at: number;
  created_by: string | null;
}

export async function complaintFacts(db: Tx, id: string): Promise<ComplaintFacts | undefined> {
  const r = await db
    .selectFrom('complaints')
    .select(['id', 'level', 'category_id', 'channel', 'department_id', 'owner_id', 'status', 'created_at', 'created_by'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { ...r, level: Number(r.level), created_at: Number(r.created_at) };
}

/** The category and its ancestors, nearest first. */
export async function categoryPath(db: Tx, categoryId: string | null): Promise<string[]> {
  const path: string[] = [];
  let id = categoryId;
  while (id && !path.includes(id) && path.length < 20) {
    path.push(id);
    const row = await db.selectFrom('categories').select('parent_id').where('id', '=', id).executeTakeFirst();
    id = row?.parent_id ?? null;
  }
  return path;
}

const hasRole = (role: string) => sql<SqlBool>`users.roles LIKE ${`%"${role}"%`}`;

/**
 * The heads nearest up the department tree: the complaint's department's heads, or else its parent's,
 * and so on; at the top of the tree, with no head on the way, the leaders.
 */
export async function departmentHeads(db: Tx, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  const rows = await sql<{ id: string; depth: number }>`
    WITH RECURSIVE up(id, depth) AS (
      SELECT id, 0 FROM departments WHERE id = ${departmentId}
      UNION ALL
      SELECT d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL AND up.depth < 32
    )
    SELECT users.id AS id, up.depth AS depth FROM up
    JOIN user_departments ON user_departments.department_id = up.id
    JOIN users ON users.id = user_departments.user_id
    WHERE users.active = 1 AND ${hasRole('dept_head')}
    ORDER BY up.depth, users.id`.execute(db);
  if (!rows.rows.length) return leaders(db);
  const nearest = Number(rows.rows[0].depth);
  return [...new Set(rows.rows.filter((r) => Number(r.depth) === nearest).map((r) => r.id))];
}

export async function leaders(db: Tx): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('active', '=', 1).where(hasRole('leader')).orderBy('id').execute();
  return rows.map((r) => r.id);
}

// ---- clocks -------------------------------------------------------------------------------------

export type ClockRow = SlaClockTable;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
function normalise(r: SlaClockTable): ClockRow {
  return {
    ...r,
    started_at: num(r.started_at),
    due_at: num(r.due_at),
    warn_at: num(r.warn_at),
    met_at: num(r.met_at),
    breached_at: num(r.breached_at),
    cycles: Number(r.cycles),
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
  };
}

/** The complaint's clocks, locked for update on PostgreSQL (SQLite serialises writers anyway). */
export async function lockClocks(trx: Tx, dialect: Dialect, complaintId: string): Promise<ClockRow[]> {
  let q = trx.selectFrom('sla_clocks').selectAll().where('complaint_id', '=', complaintId).orderBy('kind');
  if (dialect === 'postgres') q = q.forUpdate();
  return (await q.execute()).map(normalise);
}

export async function lockClock(trx: Tx, dialect: Dialect, id: string): Promise<ClockRow | undefined> {
  let q = trx.selectFrom('sla_clocks').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && normalise(r);
}

export async function clocksOf(db: Tx, complaintId: string): Promise<ClockRow[]> {
  return (await db.selectFrom('sla_clocks').selectAll().where('complaint_id', '=', complaintId).orderBy('kind').execute()).map(normalise);
}

/** Inserts the clock unless the complaint already has one of that kind (a concurrent handler won). */
export async function insertClock(trx: Tx, row: Insertable<SlaClockTable>): Promise<void> {
  await trx.insertInto('sla_clocks').values(row).onConflict((oc) => oc.columns(['complaint_id', 'kind']).doNothing()).execute();
}

export async function updateClock(trx: Tx, id: string, patch: Updateable<SlaClockTable>): Promise<void> {
  await trx.updateTable('sla_clocks').set(patch).where('id', '=', id).execute();
}

/** Open clocks of these complaints, for list and detail summaries. */
export async function openClocks(db: Tx, complaintIds: string[]) {
  if (!complaintIds.length) return [];
  const rows = await db
    .selectFrom('sla_clocks')
    .select(['complaint_id', 'kind', 'state', 'status', 'due_at', 'warn_at'])
    .where('complaint_id', 'in', complaintIds)
    .where('state', 'in', ['running', 'paused'])
    .execute();
  return rows.map((r) => ({ ...r, due_at: num(r.due_at), warn_at: num(r.warn_at) }));
}

/**
 * A condition on `complaints.id` for the list filters: an open clock in warning or breached, and/or
 * a running clock due before an instant. Served by the (state, status, complaint_id) and
 * (state, due_at) indexes.
 */
export function slaCondition(f: { status?: 'warning' | 'breached'; dueBefore?: number; now: number }): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (f.status === 'warning') {
    parts.push(sql<SqlBool>`complaints.id IN (SELECT complaint_id FROM sla_clocks WHERE state = 'running' AND warn_at <= ${f.now} AND due_at > ${f.now})`);
  } else if (f.status === 'breached') {
    parts.push(sql<SqlBool>`complaints.id IN (
      SELECT complaint_id FROM sla_clocks WHERE state = 'running' AND due_at <= ${f.now}
      UNION SELECT complaint_id FROM sla_clocks WHERE state IN ('running', 'paused') AND status = 'breached')`);
  }
  if (f.dueBefore !== undefined) {
    parts.push(sql<SqlBool>`complaints.id IN (SELECT complaint_id FROM sla_clocks WHERE state = 'running' AND due_at < ${f.dueBefore})`);
  }
  return parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

// ---- supervisions and extensions -----------------------------------------------------------------

export async function insertSupervision(trx: Tx, row: Insertable<SlaSupervisionTable>): Promise<void> {
  await trx.insertInto('sla_supervisions').values(row).execute();
}

export async function listSupervisions(db: Tx, complaintId: string) {
  return db.selectFrom('sla_supervisions').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute();
}

export async function lockSupervision(trx: Tx, dialect: Dialect, id: string) {
  let q = trx.selectFrom('sla_supervisions').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateSupervision(trx: Tx, id: string, patch: Updateable<SlaSupervisionTable>): Promise<void> {
  await trx.updateTable('sla_supervisions').set(patch).where('id', '=', id).execute();
}

export async function openSupervisions(trx: Tx, complaintId: string) {
  return trx.selectFrom('sla_supervisions').selectAll().where('complaint_id', '=', complaintId).where('status', '=', 'open').execute();
}

export async function insertExtension(trx: Tx, row: Insertable<SlaExtensionTable>): Promise<void> {
  await trx.insertInto('sla_extensions').values(row).execute();
}

export async function listExtensions(db: Tx, complaintId: string) {
  return db.selectFrom('sla_extensions').selectAll().where('complaint_id', '=', complaintId).orderBy('id').execute();
}

export async function getExtension(db: Tx, complaintId: string, id: string) {
  return db.selectFrom('sla_extensions').selectAll().where('complaint_id', '=', complaintId).where('id', '=', id).executeTakeFirst();
}

export async function decideExtension(trx: Tx, id: string, patch: Updateable<SlaExtensionTable>): Promise<boolean> {
  const r = await trx.updateTable('sla_extensions').set(patch).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- versioned configuration -----------------------------------------------------------------------

export async function latestConfig(db: Tx, key: string) {
  const r = await db.selectFrom('sla_config').selectAll().where('key', '=', key).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r && { ...r, version: Number(r.version), created_at: Number(r.created_at) };
}

export async function configVersion(db: Tx, key: string): Promise<number> {
  const r = await db.selectFrom('sla_config').select((eb) => eb.fn.max('version').as('v')).where('key', '=', key).executeTakeFirst();
  return r?.v == null ? 0 : Number(r.v);
}

/** Adds a version; false when `version` is taken (someone saved meanwhile). */
export async function insertConfig(trx: Tx, key: string, version: number, value: string, by: string | null, at: number): Promise<boolean> {
  const r = await trx
    .insertInto('sla_config')
    .values({ key, version, value, created_by: by, created_at: at })
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
