import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { Role } from '../../../shared/enums.js';

/** Roles that oversee the departments below their own (a handler works only in their own). */
const OVERSEEING: readonly Role[] = ['dept_head', 'leader'];

/**
 * The departments whose complaints an actor works on: their own, and for a department head or a
 * leader every department below them in the tree (UNION stops on a cycle).
 */
export async function workDepartments(db: Db, roles: readonly Role[], own: string[]): Promise<string[]> {
  if (!own.length || !roles.some((r) => OVERSEEING.includes(r))) return own;
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE sub(id) AS (
      SELECT id FROM departments WHERE id IN (${sql.join(own)})
      UNION
      SELECT d.id FROM departments d JOIN sub ON d.parent_id = sub.id
    )
    SELECT id FROM sub`.execute(db);
  return [...new Set([...own, ...rows.rows.map((r) => r.id)])];
}
