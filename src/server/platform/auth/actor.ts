import type { Role } from '../../../shared/enums.js';
import { rolesAllow, type Permission } from '../../../shared/permissions.js';

/** Who is making a request: a signed-in user (session) or an integration (API token). */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  departmentIds: string[];
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
