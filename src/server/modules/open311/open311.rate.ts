import type { Db } from '../../platform/db/index.js';

/** Submissions one api_key may make per minute (every instance counts in the database). */
export const OPEN311_POSTS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

/**
 * Counts one submission for the key (one atomic upsert that returns the new count, as the sign-in
 * throttle does) and answers the seconds to wait when the key is over its limit, else 0.
 */
export async function reserveSubmission(db: Db, tokenId: string, limit = OPEN311_POSTS_PER_MINUTE, now = Date.now()): Promise<number> {
  const stale = now - WINDOW_MS;
  const row = await db
    .insertInto('open311_rate_windows')
    .values({ key: `post:${tokenId}`, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        count: eb.case().when('open311_rate_windows.window_start', '<=', stale).then(1).else(eb('open311_rate_windows.count', '+', 1)).end(),
        window_start: eb.case().when('open311_rate_windows.window_start', '<=', stale).then(now).else(eb.ref('open311_rate_windows.window_start')).end(),
      })),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  if (Number(row.count) <= limit) return 0;
  return Math.max(1, Math.ceil((Number(row.window_start) + WINDOW_MS - now) / 1000));
}
