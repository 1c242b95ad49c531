import { sql, type Insertable, type Selectable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { Db, Dialect } from '../../platform/db/index.js';
import type { Database, IncidentRoleTable, IncidentTable, IncidentTaskTable } from '../../platform/db/schema.js';

/** The only place with SQL for incidents (应急事件): the incident, its team, tasks, links, reports and timeline. */

type Q = Db | Transaction<Database>;
export type IncidentRow = Selectable<IncidentTable>;
export type RoleRow = Selectable<IncidentRoleTable>;
export type TaskRow = Selectable<IncidentTaskTable>;

/** Statuses in which an incident still runs (its team, tasks and reports matter). */
export const OPEN_STATUSES = ['active', 'stable', 'resolved'] as const;

const num = <T extends Record<string, unknown>>(r: T, keys: (keyof T)[]): T => {
  const out = { ...r };
  for (const k of keys) if (out[k] !== null && out[k] !== undefined) (out as Record<string, unknown>)[k as string] = Number(out[k]);
  return out;
};
const incidentNums: (keyof IncidentRow)[] = ['level', 'is_drill', 'activated_at', 'stable_at', 'resolved_at', 'closed_at', 'sitrep_due_at', 'sitrep_overdue_at', 'created_at', 'updated_at'];
const taskNums: (keyof TaskRow)[] = ['offset_minutes', 'due_at', 'started_at', 'done_at', 'overdue_at', 'escalated', 'created_at', 'updated_at'];
export const toIncident = (r: IncidentRow): IncidentRow => num(r, incidentNums);
export const toTask = (r: TaskRow): TaskRow => num(r, taskNums);

// ---- incidents ----

/** Day counter for tracking codes (YJ20261205-001). */
export async function nextSeq(trx: Q, day: string): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ name: `incident:${day}`, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Inserts unless an incident with the same trigger key exists (then false: the caller links to that one). */
export async function insertIncident(trx: Q, row: Insertable<IncidentTable>): Promise<boolean> {
  const res = await trx.insertInto('incidents').values(row).onConflict((oc) => oc.column('trigger_key').doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findIncident(db: Q, id: string): Promise<IncidentRow | undefined> {
  const r = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toIncident(r);
}

export async function findByTrigger(db: Q, key: string): Promise<IncidentRow | undefined> {
  const r = await db.selectFrom('incidents').selectAll().where('trigger_key', '=', key).executeTakeFirst();
  return r && toIncident(r);
}

/** The incident, row-locked until commit on PostgreSQL (SQLite: the writer lock is already held). */
export async function lockIncident(trx: Transaction<Database>, dialect: Dialect, id: string): Promise<IncidentRow | undefined> {
  let q = trx.selectFrom('incidents').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && toIncident(r);
}

export async function updateIncident(trx: Q, id: string, patch: Updateable<IncidentTable>): Promise<void> {
  await trx.updateTable('incidents').set(patch).where('id', '=', id).execute();
}

export interface ListFilter {
  status?: string;
  level?: number;
  drill?: boolean;
  beforeId?: string;
  limit: number;
  /** Department-bound readers: their departments' incidents, and those they are part of. */
  scope?: { departmentIds: string[]; userId: string };
}

export async function listIncidents(db: Q, f: ListFilter): Promise<IncidentRow[]> {
  let q = db.selectFrom('incidents').selectAll().orderBy('id', 'desc').limit(f.limit + 1);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.level) q = q.where('level', '=', f.level);
  if (f.drill !== undefined) q = q.where('is_drill', '=', f.drill ? 1 : 0);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  const scope = f.scope;
  if (scope) {
    q = q.where((eb) =>
      eb.or([
        ...(scope.departmentIds.length ? [eb('department_id', 'in', scope.departmentIds)] : []),
        eb('commander_id', '=', scope.userId),
        eb.exists(eb.selectFrom('incident_roles as r').select('r.id').whereRef('r.incident_id', '=', 'incidents.id').where('r.user_id', '=', scope.userId)),
        eb.exists(eb.selectFrom('incident_tasks as t').select('t.id').whereRef('t.incident_id', '=', 'incidents.id').where('t.assignee_id', '=', scope.userId)),
      ]),
    );
  }
  return (await q.execute()).map(toIncident);
}

/** Whether the user is part of the incident's team (a role or a task). */
export async function isMember(db: Q, incidentId: string, userId: string): Promise<boolean> {
  const role = await db.selectFrom('incident_roles').select('id').where('incident_id', '=', incidentId).where('user_id', '=', userId).executeTakeFirst();
  if (role) return true;
  return !!(await db.selectFrom('incident_tasks').select('id').where('incident_id', '=', incidentId).where('assignee_id', '=', userId).executeTakeFirst());
}

// ---- roles ----

export const rolesOf = (db: Q, incidentId: string) => db.selectFrom('incident_roles').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();

export async function upsertRole(trx: Q, row: Insertable<IncidentRoleTable>): Promise<void> {
  await trx
    .insertInto('incident_roles')
    .values(row)
    .onConflict((oc) => oc.columns(['incident_id', 'role_key']).doUpdateSet({ user_id: row.user_id, source: row.source, assigned_by: row.assigned_by, assigned_at: row.assigned_at }))
    .execute();
}

/** Roles each user holds in incidents still running: the load used to pick the least-busy person. */
export async function openRoleLoad(db: Q, userIds: string[]): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await db
    .selectFrom('incident_roles as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select(['r.user_id', (eb) => eb.fn.countAll().as('n')])
    .where('r.user_id', 'in', userIds)
    .where('i.status', 'in', ['active', 'stable'])
    .groupBy('r.user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id as string, Number(r.n)]));
}

const hasRole = (role: string) => sql<SqlBool>`users.roles LIKE ${`%"${role}"%`}`;

/** Active users holding an app role, with their departments and age (for deterministic picking). */
export async function activeUsersWithRole(db: Q, role: string): Promise<{ id: string; createdAt: number; departmentIds: string[] }[]> {
  const users = await db.selectFrom('users').select(['id', 'created_at']).where('active', '=', 1).where(hasRole(role)).execute();
  if (!users.length) return [];
  const depts = await db.selectFrom('user_departments').select(['user_id', 'department_id']).where('user_id', 'in', users.map((u) => u.id)).execute();
  return users.map((u) => ({ id: u.id, createdAt: Number(u.created_at), departmentIds: depts.filter((d) => d.user_id === u.id).map((d) => d.department_id) }));
}

/** The department and those above it, nearest first. */
export async function departmentChain(db: Q, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  const rows = await sql<{ id: string; depth: number }>`
    WITH RECURSIVE up(id, depth) AS (
      SELECT id, 0 FROM departments WHERE id = ${departmentId}
      UNION ALL
      SELECT d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL AND up.depth < 32
    )
    SELECT id, depth FROM up ORDER BY depth`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function activeUserIds(db: Q, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).where('active', '=', 1).execute();
  return new Set(rows.map((r) => r.id));
}

export async function userNames(db: Q, ids: (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---- tasks ----

export async function tasksOf(db: Q, incidentId: string): Promise<TaskRow[]> {
  return (await db.selectFrom('incident_tasks').selectAll().where('incident_id', '=', incidentId).orderBy('due_at').orderBy('step_key').execute()).map(toTask);
}

export async function insertTasks(trx: Q, rows: Insertable<IncidentTaskTable>[]): Promise<string[]> {
  if (!rows.length) return [];
  const res = await trx.insertInto('incident_tasks').values(rows).onConflict((oc) => oc.columns(['incident_id', 'step_key']).doNothing()).returning('id').execute();
  return res.map((r) => r.id);
}

export async function findTask(db: Q, id: string): Promise<TaskRow | undefined> {
  const r = await db.selectFrom('incident_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toTask(r);
}

/** Updates a task only while it is in the status read (0 rows: a concurrent change got there first). */
export async function updateTask(trx: Q, id: string, fromStatus: string, patch: Updateable<IncidentTaskTable>): Promise<boolean> {
  const res = await trx.updateTable('incident_tasks').set(patch).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---- complaints ----

/** Links complaints; returns the ids that were not linked before. */
export async function linkComplaints(trx: Q, incidentId: string, complaintIds: string[], via: string, at: number): Promise<string[]> {
  if (!complaintIds.length) return [];
  const res = await trx
    .insertInto('incident_complaints')
    .values([...new Set(complaintIds)].map((complaint_id) => ({ incident_id: incidentId, complaint_id, via, linked_at: at })))
    .onConflict((oc) => oc.columns(['incident_id', 'complaint_id']).doNothing())
    .returning('complaint_id')
    .execute();
  return res.map((r) => r.complaint_id);
}

export const linkedComplaints = (db: Q, incidentId: string) =>
  db
    .selectFrom('incident_complaints as ic')
    .innerJoin('complaints as c', 'c.id', 'ic.complaint_id')
    .select(['c.id', 'c.tracking_no', 'c.subject', 'c.level', 'c.status', 'c.department_id', 'c.owner_id', 'c.created_by', 'ic.via', 'ic.linked_at'])
    .where('ic.incident_id', '=', incidentId)
    .orderBy('ic.linked_at')
    .orderBy('c.id')
    .execute();

/** Complaints stored in a cluster (the database is the history; the in-memory index may be behind). */
export async function clusterMembers(db: Q, clusterId: string): Promise<string[]> {
  const rows = await db.selectFrom('complaint_triage').select('complaint_id').where('cluster_id', '=', clusterId).orderBy('complaint_id').execute();
  return rows.map((r) => r.complaint_id);
}

export async function clusterOf(db: Q, complaintId: string): Promise<string | null> {
  const r = await db.selectFrom('complaint_triage').select('cluster_id').where('complaint_id', '=', complaintId).executeTakeFirst();
  return r?.cluster_id ?? null;
}

/** Real (not drill) incidents still running that already cover one of these complaints. */
export async function openIncidentsCovering(db: Q, complaintIds: string[]): Promise<IncidentRow[]> {
  if (!complaintIds.length) return [];
  const rows = await db
    .selectFrom('incidents as i')
    .selectAll('i')
    .where('i.status', 'in', [...OPEN_STATUSES])
    .where('i.is_drill', '=', 0)
    .where((eb) => eb.exists(eb.selectFrom('incident_complaints as ic').select('ic.complaint_id').whereRef('ic.incident_id', '=', 'i.id').where('ic.complaint_id', 'in', complaintIds)))
    .orderBy('i.id')
    .execute();
  return rows.map(toIncident);
}

/** Running real incidents covering any complaint of the cluster (one query, whatever the cluster's size). */
export async function openIncidentsForCluster(db: Q, clusterId: string): Promise<IncidentRow[]> {
  const rows = await db
    .selectFrom('incidents as i')
    .selectAll('i')
    .where('i.status', 'in', [...OPEN_STATUSES])
    .where('i.is_drill', '=', 0)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('incident_complaints as ic')
          .innerJoin('complaint_triage as ct', 'ct.complaint_id', 'ic.complaint_id')
          .select('ic.complaint_id')
          .whereRef('ic.incident_id', '=', 'i.id')
          .where('ct.cluster_id', '=', clusterId),
      ),
    )
    .orderBy('i.id')
    .execute();
  return rows.map(toIncident);
}

export interface ComplaintFacts {
  id: string;
  level: number;
  category_id: string | null;
  department_id: string | null;
  subject: string;
  created_at: number;
}

export async function complaintFacts(db: Q, ids: string[]): Promise<ComplaintFacts[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('complaints').select(['id', 'level', 'category_id', 'department_id', 'subject', 'created_at']).where('id', 'in', ids).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ ...r, level: Number(r.level), created_at: Number(r.created_at) }));
}

// ---- situation reports, decisions, timeline ----

export const sitrepsOf = (db: Q, incidentId: string) => db.selectFrom('incident_sitreps').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
export const decisionsOf = (db: Q, incidentId: string) => db.selectFrom('incident_decisions').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
export const timelineOf = (db: Q, incidentId: string) => db.selectFrom('incident_timeline').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
