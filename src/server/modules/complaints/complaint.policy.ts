import type { Actor } from '../../platform/auth/actor.js';
import { can, workDepartmentIds } from '../../platform/auth/actor.js';
import type { ComplaintTable } from '../../platform/db/schema.js';

/** Pure authorization rules for one complaint. */

export function canSee(actor: Actor, c: Pick<ComplaintTable, 'department_id' | 'owner_id' | 'created_by'>): boolean {
  if (can(actor, 'complaint.read_all')) return true;
  if (!can(actor, 'complaint.read')) return false;
  return c.owner_id === actor.id || inWorkDepartments(actor, c.department_id);
}

/** The complaint's department is one the actor works on: their own, or one below it for a head or leader. */
export function inWorkDepartments(actor: Actor, departmentId: string | null): boolean {
  return !!departmentId && workDepartmentIds(actor).includes(departmentId);
}

/** A handler's list is limited to their departments (a head's to their subtree) and what they own. */
export function listScope(actor: Actor): { departmentIds: string[]; userId: string } | undefined {
  return can(actor, 'complaint.read_all') ? undefined : { departmentIds: workDepartmentIds(actor), userId: actor.id };
}

export function canRevealPersonalData(actor: Actor): boolean {
  return can(actor, 'pii.reveal');
}

/**
 * Calling the complainant back: the owner, and whoever may reply for the complaint's own department
 * (its handlers and heads), may see that complaint's complainant's name and phone number.
 */
export function canCallBack(actor: Actor, c: Pick<ComplaintTable, 'department_id' | 'owner_id'>): boolean {
  if (!can(actor, 'complaint.reply')) return false;
  return c.owner_id === actor.id || (!!c.department_id && actor.departmentIds.includes(c.department_id));
}
