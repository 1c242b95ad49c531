import type { Role } from '../../../shared/enums.js';
import { rolesAllow, type Permission } from '../../../shared/permissions.js';

/** Who is making a request: a signed-in user (session) or an integration (API token). */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  departmentIds: string[];
  /** Departments whose complaints the actor works on: their own plus, for a department head or leader, those below. */
  scopeDepartmentIds?: string[];
  locale: string;
  via: 'session' | 'token';
  /** API tokens: the permissions the token was granted; '*' = all of its user's. */
  scopes?: string[];
  csrfToken?: string;
}

export function can(actor: Actor, permission: Permission): boolean {
  if (!rolesAllow(actor.roles, permission)) return false;
  if (actor.via === 'token') return !!actor.scopes && (actor.scopes.includes('*') || actor.scopes.includes(permission));
  return true;
}

/** The departments an actor works on (their own when the subtree was not loaded). */
export function workDepartmentIds(actor: Actor): string[] {
  return actor.scopeDepartmentIds ?? actor.departmentIds;
}
