import type { Db } from '../../platform/db/index.js';
import type { Actor } from '../../platform/auth/actor.js';

/**
 * The system actor complaints from the public portal are created by: a users row that can never
 * sign in (inactive, no roles, no password hash scrypt accepts), created on first use so the first
 * administrator's bootstrap still sees an empty users table. Timeline and audit entries name it.
 */
export const PORTAL_USER_ID = '00000000-0000-7000-8000-00000000a018';
const PORTAL_EMAIL = 'portal@system.redress.invalid';

let ensured = new WeakSet<object>();

export async function portalActor(db: Db): Promise<Actor> {
  if (!ensured.has(db)) {
    const now = Date.now();
    await db
      .insertInto('users')
      .values({ id: PORTAL_USER_ID, email: PORTAL_EMAIL, name: '公众门户 Public portal', password_hash: '!', roles: '[]', locale: 'zh-CN', active: 0, preferences: '{}', created_at: now, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    ensured.add(db);
  }
  return { id: PORTAL_USER_ID, email: PORTAL_EMAIL, name: '公众门户 Public portal', roles: [], departmentIds: [], locale: 'zh-CN', via: 'session' };
}

/** Tests that drop the database between suites in one process. */
export function forgetPortalActor(): void {
  ensured = new WeakSet();
}
