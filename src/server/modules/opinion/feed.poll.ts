/**
 * Feed polling on the one scheduler: one `opinion.feed.poll` job per feed source (dedupe key per
 * source), re-armed after every poll at the source's interval — or, after failures, at the interval
 * doubled per consecutive failure (capped at 6 h). A failure is recorded on the source (its health)
 * and never throws out of the job, so one broken feed stops neither itself nor the others.
 */
import type { AppContext } from '../../context.js';
import { enqueue } from '../../platform/jobs/enqueue.js';
import { FeedFetchError, fetchFeed } from './feed.fetch.js';
import { feedItems } from './feed.items.js';
import { ingestMentions } from './mention.ingest.js';

export const FEED_POLL_JOB = 'opinion.feed.poll';
const MAX_BACKOFF_MS = 6 * 3_600_000;

export interface PollResult {
  status: 'ok' | 'not_modified' | 'failed' | 'skipped';
  created: number;
  duplicates: number;
  error?: { code: string; message: string };
}

export const pollKey = (sourceId: string) => `${FEED_POLL_JOB}:${sourceId}`;

/** The delay before the next poll: the interval, doubled per consecutive failure. */
export function nextDelayMs(intervalS: number, failures: number): number {
  return Math.min(intervalS * 1000 * 2 ** Math.min(failures, 20), Math.max(MAX_BACKOFF_MS, intervalS * 1000));
}

export async function armPoll(ctx: AppContext, sourceId: string, runAt: number): Promise<void> {
  await enqueue(ctx.db, { type: FEED_POLL_JOB, payload: { sourceId }, dedupeKey: pollKey(sourceId), replace: true, runAt }, ctx.jobs.now());
  await ctx.db.updateTable('opinion_sources').set({ next_poll_at: runAt }).where('id', '=', sourceId).execute();
}

/** One poll of a feed source: fetch (conditional), parse, ingest, record health. Never throws for the feed's faults. */
export async function pollSource(ctx: AppContext, sourceId: string): Promise<PollResult> {
  const s = await ctx.db.selectFrom('opinion_sources').selectAll().where('id', '=', sourceId).executeTakeFirst();
  if (!s || s.kind !== 'feed' || !s.url || !s.enabled) return { status: 'skipped', created: 0, duplicates: 0 };
  const now = Date.now();
  try {
    const got = await fetchFeed(s.url, { etag: s.etag, lastModified: s.last_modified }, { allowPrivate: ctx.config.webhookAllowPrivate });
    let created = 0;
    let duplicates = 0;
    if (got.status === 'ok') {
      let items;
      try {
        items = feedItems(got.body);
      } catch (err) {
        throw new FeedFetchError('feed_unparseable', `Not an RSS, Atom or JSON feed: ${(err as Error).message}`);
      }
      const outcomes = await ingestMentions(ctx, { sourceId: s.id, kind: 'feed', actorId: null }, items);
      created = outcomes.filter((o) => o.status === 'created').length;
      duplicates = outcomes.length - created;
    }
    await ctx.db
      .updateTable('opinion_sources')
      .set({ last_polled_at: now, last_ok_at: now, consecutive_failures: 0, ...(got.status === 'ok' ? { etag: got.etag, last_modified: got.lastModified } : {}) })
      .where('id', '=', s.id)
      .execute();
    return { status: got.status === 'ok' ? 'ok' : 'not_modified', created, duplicates };
  } catch (err) {
    const code = err instanceof FeedFetchError ? err.code : 'feed_failed';
    const message = (err as Error).message.slice(0, 500);
    await ctx.db
      .updateTable('opinion_sources')
      .set((eb) => ({ last_polled_at: now, last_error: `${code}: ${message}`, last_error_at: now, consecutive_failures: eb('consecutive_failures', '+', 1) }))
      .where('id', '=', s.id)
      .execute();
    ctx.log.warn({ sourceId: s.id, code, message }, 'opinion: feed poll failed');
    return { status: 'failed', created: 0, duplicates: 0, error: { code, message } };
  }
}

/** What the poll job does: poll, then re-arm at the interval, or at the backoff after failures. */
export async function runPollJob(ctx: AppContext, sourceId: string): Promise<PollResult> {
  const result = await pollSource(ctx, sourceId);
  const s = await ctx.db.selectFrom('opinion_sources').select(['interval_s', 'consecutive_failures', 'enabled', 'kind']).where('id', '=', sourceId).executeTakeFirst();
  if (s && s.enabled && s.kind === 'feed') await armPoll(ctx, sourceId, ctx.jobs.now() + nextDelayMs(s.interval_s, s.consecutive_failures));
  return result;
}

/** Registers the poll job: poll, then re-arm at the interval or the backoff. */
export function registerFeedPolling(ctx: AppContext): void {
  ctx.jobs.register(
    FEED_POLL_JOB,
    async (payload: { sourceId: string }) => {
      await runPollJob(ctx, payload.sourceId);
    },
    { lane: 'outbound', timeoutMs: () => 2 * 60_000 },
  );
}
