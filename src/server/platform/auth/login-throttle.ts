import type { Db } from '../db/index.js';
import { AppError } from '../http/problem.js';
import { clientKey } from '../http/ip.js';

/**
 * Sign-in throttling, in the database so every instance sees the same counts. Each attempt is
 * counted atomically (one upsert that returns the new count) BEFORE the password is checked, so
 * concurrent attempts cannot all slip under the limit. Three keys, none of which lets a stranger
 * lock an account out for long:
 *  - account + address: 10 per 15 minutes — a guesser locks only their own address out of the account;
 *  - address: 50 per 15 minutes — one address spraying many accounts;
 *  - account: 20 per minute from anywhere — many addresses on one account are slowed down, and the
 *    owner waits at most a minute.
 * A success clears the account+address key and gives back the other two (they count failures).
 */
export const LOGIN_LIMITS = {
  pair: { limit: 10, windowMs: 15 * 60_000 },
  ip: { limit: 50, windowMs: 15 * 60_000 },
  account: { limit: 20, windowMs: 60_000 },
} as const;

type Kind = keyof typeof LOGIN_LIMITS;

// Addresses count per client: IPv4-mapped IPv6 as IPv4, IPv6 per /64.
const keyOf = (kind: Kind, email: string, ip: string) => (kind === 'pair' ? `pair:${email}|${clientKey(ip)}` : kind === 'ip' ? `ip:${clientKey(ip)}` : `email:${email}`);

/** Counts one attempt on each key; throws 429 (with retryAfter) when any key is over its limit. */
export async function reserveLoginAttempt(db: Db, email: string, ip: string, now = Date.now()): Promise<void> {
  let retryAfter = 0;
  for (const kind of Object.keys(LOGIN_LIMITS) as Kind[]) {
    const { limit, windowMs } = LOGIN_LIMITS[kind];
    const stale = now - windowMs;
    const row = await db
      .insertInto('login_attempts')
      .values({ key: keyOf(kind, email, ip), window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          count: eb.case().when('login_attempts.window_start', '<=', stale).then(1).else(eb('login_attempts.count', '+', 1)).end(),
          window_start: eb.case().when('login_attempts.window_start', '<=', stale).then(now).else(eb.ref('login_attempts.window_start')).end(),
        })),
      )
      .returning(['count', 'window_start'])
      .executeTakeFirstOrThrow();
    if (Number(row.count) > limit) retryAfter = Math.max(retryAfter, Math.ceil((Number(row.window_start) + windowMs - now) / 1000));
  }
  if (retryAfter > 0) {
    const wait = retryAfter >= 120 ? `${Math.ceil(retryAfter / 60)} minutes` : `${retryAfter} seconds`;
    throw new AppError(429, 'too_many_attempts', `Too many sign-in attempts; try again in ${wait}`, { retryAfter });
  }
}

/** After a successful sign-in: the attempt was not a guess. */
export async function loginSucceeded(db: Db, email: string, ip: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', keyOf('pair', email, ip)).execute();
  await db
    .updateTable('login_attempts')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', 'in', [keyOf('ip', email, ip), keyOf('account', email, ip)])
    .where('count', '>', 0)
    .execute();
}
