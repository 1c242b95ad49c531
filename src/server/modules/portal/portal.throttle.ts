import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/problem.js';
import { clientKey } from '../../platform/http/ip.js';

/**
 * Per-address limits on the public portal, counted in the database (like the sign-in throttle) so
 * every instance sees the same counts: one upsert per attempt that returns the new count, before the
 * attempt is looked at, so concurrent attempts cannot all slip under the limit. An IPv6 client
 * counts per /64 (clientKey).
 */
export type PortalLimit = 'submit' | 'code' | 'challenge';

export async function reservePortalAttempt(db: Db, kind: PortalLimit, ip: string, limit: number, windowMs: number, now = Date.now()): Promise<void> {
  const stale = now - windowMs;
  const row = await db
    .insertInto('portal_rate_limits')
    .values({ key: `${kind}:${clientKey(ip)}`, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb.case().when('portal_rate_limits.window_start', '<=', stale).then(1).else(eb('portal_rate_limits.count', '+', 1)).end(),
        window_start: eb.case().when('portal_rate_limits.window_start', '<=', stale).then(now).else(eb.ref('portal_rate_limits.window_start')).end(),
      })),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  if (Number(row.count) > limit) {
    const retryAfter = Math.max(1, Math.ceil((Number(row.window_start) + windowMs - now) / 1000));
    throw new AppError(429, 'rate_limited', `Too many requests from this address; try again in ${retryAfter} seconds`, { retryAfter });
  }
}

/** Drops counters whose window ended (called with the challenge sweep). */
export async function pruneRateLimits(db: Db, olderThan: number): Promise<void> {
  await db.deleteFrom('portal_rate_limits').where('window_start', '<', olderThan).execute();
}
