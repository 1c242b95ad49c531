import type { Db } from '../../platform/db/index.js';
import type { Actor } from '../../platform/auth/actor.js';

/**
 * The system actor email intake acts as (complaints.created_by, timeline and audit entries): a users
 * row that can never sign in (inactive, no roles, no password hash scrypt accepts), created on first
 * use — like the portal's — so the first administrator's bootstrap still sees an empty users table.
 */
export const MAIL_INTAKE_USER_ID = '00000000-0000-7000-8000-000000000019';
const EMAIL = 'mail-intake@system.redress.invalid';
const NAME = '邮件受理 Mail intake';

let ensured = new WeakSet<object>();

export async function mailIntakeActor(db: Db): Promise<Actor> {
  if (!ensured.has(db)) {
    const now = Date.now();
    await db
      .insertInto('users')
      .values({ id: MAIL_INTAKE_USER_ID, email: EMAIL, name: NAME, password_hash: '!', roles: '[]', locale: 'zh-CN', active: 0, preferences: '{}', created_at: now, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    ensured.add(db);
  }
  return { id: MAIL_INTAKE_USER_ID, email: EMAIL, name: NAME, roles: [], departmentIds: [], locale: 'zh-CN', via: 'token', scopes: [] };
}

/** Tests that drop the database between suites in one process. */
export function forgetMailIntakeActor(): void {
  ensured = new WeakSet();
}
