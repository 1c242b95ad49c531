// The only SQL over compensation decisions (and the approver look-ups their notices need).
import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { CompensationDecisionTable, Database } from '../../platform/db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;
export type DecisionRow = Selectable<CompensationDecisionTable>;

const nums = (r: DecisionRow): DecisionRow => ({
  ...r,
  amount: Number(r.amount),
  proposed_at: Number(r.proposed_at),
  decided_at: r.decided_at === null ? null : Number(r.decided_at),
  paid_at: r.paid_at === null ? null : Number(r.paid_at),
  cancelled_at: r.cancelled_at === null ? null : Number(r.cancelled_at),
  updated_at: Number(r.updated_at),
});

export async function listFor(db: Q, subjectType: string, subjectId: string): Promise<DecisionRow[]> {
  return (await db.selectFrom('compensation_decisions').selectAll().where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('id').execute()).map(nums);
}

export async function getDecision(db: Q, id: string): Promise<DecisionRow | undefined> {
  const r = await db.selectFrom('compensation_decisions').selectAll().where('id', '=', id).executeTakeFirst();
  return r && nums(r);
}

export const insertDecision = (db: Q, row: Insertable<CompensationDecisionTable>) => db.insertInto('compensation_decisions').values(row).execute();

/** Moves a decision on only from the status it was read in: false if someone else moved it first. */
export async function transition(db: Q, id: string, from: string, patch: Updateable<CompensationDecisionTable>): Promise<boolean> {
  const r = await db.updateTable('compensation_decisions').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Active users with a role; with `departmentIds`, only members of those departments. */
export async function usersWithRole(db: Q, role: string, departmentIds?: string[]): Promise<string[]> {
  if (departmentIds && !departmentIds.length) return [];
  let q = db.selectFrom('users').select(['users.id', 'users.roles']).where('users.active', '=', 1).where('users.roles', 'like', `%"${role}"%`);
  if (departmentIds) q = q.where('users.id', 'in', (eb) => eb.selectFrom('user_departments').select('user_id').where('department_id', 'in', departmentIds));
  const rows = await q.orderBy('users.id').execute();
  return rows.filter((u) => (JSON.parse(u.roles) as string[]).includes(role)).map((u) => u.id);
}

/** A department and every department above it. */
export async function departmentChain(db: Q, departmentId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE up(id, depth) AS (
      SELECT id, 0 FROM departments WHERE id = ${departmentId}
      UNION ALL
      SELECT d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL AND up.depth < 32
    )
    SELECT id FROM up`.execute(db);
  return rows.rows.map((r) => r.id);
}
