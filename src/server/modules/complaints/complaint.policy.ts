import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { ComplaintTable } from '../../platform/db/schema.js';

/** Pure authorization rules for one complaint. */

export function canSee(actor: Actor, c: Pick<ComplaintTable, 'department_id' | 'owner_id' | 'created_by'>): boolean {
  if (can(actor, 'complaint.read_all')) return true;
  if (!can(actor, 'complaint.read')) return false;
  return c.owner_id === actor.id || (!!c.department_id && actor.departmentIds.includes(c.department_id));
}

/** A handler's list is limited to their departments (and what they own). */
export function listScope(actor: Actor): { departmentIds: string[]; userId: string } | undefined {
  return can(actor, 'complaint.read_all') ? undefined : { departmentIds: actor.departmentIds, userId: actor.id };
}

export function canRevealPersonalData(actor: Actor): boolean {
  return can(actor, 'pii.reveal');
}
