import type { Db } from '../db/index.js';
import { AppError } from '../http/problem.js';

const WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { email: 10, ip: 50 };

/**
 * Failed-login counters in the database, so every instance sees the same count. Checked before the
 * password, counted after a failure, cleared on success.
 */
export async function assertLoginAllowed(db: Db, email: string, ip: string, now = Date.now()): Promise<void> {
  const rows = await db.selectFrom('login_attempts').selectAll().where('key', 'in', [`email:${email}`, `ip:${ip}`]).execute();
  for (const r of rows) {
    const limit = r.key.startsWith('email:') ? LIMITS.email : LIMITS.ip;
    if (now - r.window_start < WINDOW_MS && r.count >= limit) {
      const retryAfter = Math.ceil((r.window_start + WINDOW_MS - now) / 1000);
      throw new AppError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} minutes`, { retryAfter });
    }
  }
}

export async function recordLoginFailure(db: Db, email: string, ip: string, now = Date.now()): Promise<void> {
  for (const key of [`email:${email}`, `ip:${ip}`]) {
    await db
      .insertInto('login_attempts')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          count: eb.case().when('login_attempts.window_start', '<', now - WINDOW_MS).then(1).else(eb('login_attempts.count', '+', 1)).end(),
          window_start: eb.case().when('login_attempts.window_start', '<', now - WINDOW_MS).then(now).else(eb.ref('login_attempts.window_start')).end(),
        })),
      )
      .execute();
  }
}

export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', `email:${email}`).execute();
}
