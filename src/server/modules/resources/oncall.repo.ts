// The only SQL over on-call schedules and their overrides.
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, OncallOverrideTable, OncallScheduleTable } from '../../platform/db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;
export type ScheduleRow = Selectable<OncallScheduleTable>;
export type OverrideRow = Selectable<OncallOverrideTable>;

/** Active schedules of a role key: of one department, of the whole organisation (null), or both. */
export async function activeSchedules(db: Q, roleKey: string, departmentIds: Array<string | null> | 'any'): Promise<ScheduleRow[]> {
  let q = db.selectFrom('oncall_schedules').selectAll().where('role_key', '=', roleKey).where('active', '=', 1);
  if (departmentIds !== 'any') {
    const ids = departmentIds.filter((d): d is string => d !== null);
    const orgWide = departmentIds.includes(null);
    q = q.where((eb) => eb.or([...(ids.length ? [eb('department_id', 'in', ids)] : []), ...(orgWide ? [eb('department_id', 'is', null)] : [])]));
  }
  return q.orderBy('id').execute();
}

/** Overrides of these schedules that cover `at`, oldest first. */
export async function overridesAt(db: Q, scheduleIds: string[], at: number): Promise<OverrideRow[]> {
  if (!scheduleIds.length) return [];
  return db
    .selectFrom('oncall_overrides')
    .selectAll()
    .where('schedule_id', 'in', scheduleIds)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function activeUserIds(db: Q, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).where('active', '=', 1).execute();
  return new Set(rows.map((r) => r.id));
}

export async function listSchedules(db: Q, f: { roleKey?: string; departmentId?: string }): Promise<ScheduleRow[]> {
  let q = db.selectFrom('oncall_schedules').selectAll();
  if (f.roleKey) q = q.where('role_key', '=', f.roleKey);
  if (f.departmentId) q = q.where('department_id', '=', f.departmentId);
  return q.orderBy('role_key').orderBy('id').execute();
}

export const getSchedule = (db: Q, id: string) => db.selectFrom('oncall_schedules').selectAll().where('id', '=', id).executeTakeFirst();
export const insertSchedule = (db: Q, row: Insertable<OncallScheduleTable>) => db.insertInto('oncall_schedules').values(row).execute();
export const updateSchedule = (db: Q, id: string, patch: Updateable<OncallScheduleTable>) => db.updateTable('oncall_schedules').set(patch).where('id', '=', id).execute();

export async function listOverrides(db: Q, scheduleId: string, endingAfter: number): Promise<OverrideRow[]> {
  return db.selectFrom('oncall_overrides').selectAll().where('schedule_id', '=', scheduleId).where('ends_at', '>', endingAfter).orderBy('starts_at').orderBy('id').execute();
}
export const getOverride = (db: Q, id: string) => db.selectFrom('oncall_overrides').selectAll().where('id', '=', id).executeTakeFirst();
export const insertOverride = (db: Q, row: Insertable<OncallOverrideTable>) => db.insertInto('oncall_overrides').values(row).execute();
export const deleteOverride = (db: Q, id: string) => db.deleteFrom('oncall_overrides').where('id', '=', id).execute();
