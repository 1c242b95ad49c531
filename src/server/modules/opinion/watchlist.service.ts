/**
 * Watchlists (监测方案): CRUD (audited), the rematch job that re-evaluates the recent mentions when a
 * watchlist is created or changed (matches are stored, never recomputed per view), and a preview of a
 * definition against the last 7 days of mentions.
 */
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { OpinionWatchlistTable } from '../../platform/db/schema.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { enqueue } from '../../platform/jobs/enqueue.js';
import { compile, definitionProblem, docTerms, matches, type WatchlistDefinition } from './watchlist.match.js';
import { parseDefinition } from './watchlist.repo.js';

import { rebuildHeat } from './opinion.heat.js';

export const REMATCH_JOB = 'opinion.watchlist.rematch';
export const RECENT_MS = 7 * 86_400_000;
const PAGE = 1000;

export interface WatchlistIn {
  name: string;
  enabled?: boolean;
  definition: Partial<WatchlistDefinition>;
}

export function normalizeDefinition(d: Partial<WatchlistDefinition>): WatchlistDefinition {
  const clean = (l: string[] | undefined) => [...new Set((l ?? []).map((w) => w.trim()).filter(Boolean))];
  const def: WatchlistDefinition = {
    subjects: clean(d.subjects),
    people: clean(d.people),
    events: clean(d.events),
    regions: clean(d.regions),
    exclude: clean(d.exclude),
    groups: (d.groups ?? []).map((g) => ({ op: g.op, words: clean(g.words) })).filter((g) => g.words.length > 0),
    fields: d.fields ?? 'both',
  };
  const p = definitionProblem(def);
  if (p) throw badRequest('watchlist_invalid', p);
  return def;
}

export function presentWatchlist(w: OpinionWatchlistTable, matchCount?: number) {
  return {
    id: w.id,
    name: w.name,
    enabled: !!w.enabled,
    revision: w.revision,
    definition: parseDefinition(w),
    ...(matchCount !== undefined ? { matches7d: matchCount } : {}),
    createdAt: new Date(Number(w.created_at)).toISOString(),
    updatedAt: new Date(Number(w.updated_at)).toISOString(),
  };
}

async function getRow(ctx: AppContext, id: string): Promise<OpinionWatchlistTable> {
  const w = await ctx.db.selectFrom('opinion_watchlists').selectAll().where('id', '=', id).executeTakeFirst();
  if (!w) throw notFound('Watchlist');
  return w;
}

async function recentCount(ctx: AppContext, id: string): Promise<number> {
  const r = await ctx.db.selectFrom('opinion_mention_matches').select((eb) => eb.fn.countAll().as('n')).where('watchlist_id', '=', id).where('published_at', '>=', Date.now() - RECENT_MS).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function getWatchlist(ctx: AppContext, id: string) {
  return presentWatchlist(await getRow(ctx, id), await recentCount(ctx, id));
}

export async function listWatchlists(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('opinion_watchlists').selectAll().orderBy('created_at').orderBy('id').execute();
  return Promise.all(rows.map(async (w) => presentWatchlist(w, await recentCount(ctx, w.id))));
}

export async function createWatchlist(ctx: AppContext, actor: Actor, body: WatchlistIn) {
  const now = Date.now();
  const row: OpinionWatchlistTable = { id: uuidv7(), name: body.name, definition: JSON.stringify(normalizeDefinition(body.definition)), enabled: body.enabled === false ? 0 : 1, revision: 1, created_by: actor.id, created_at: now, updated_at: now };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('opinion_watchlists').values(row).execute();
    await appendAudit(trx, { actorId: actor.id, action: 'opinion.watchlist_created', entityType: 'opinion_watchlist', entityId: row.id, data: { name: row.name, definition: JSON.parse(row.definition) } });
    await enqueue(trx, { type: REMATCH_JOB, payload: { watchlistId: row.id }, dedupeKey: `${REMATCH_JOB}:${row.id}`, replace: true }, now);
  });
  return getWatchlist(ctx, row.id);
}

export async function updateWatchlist(ctx: AppContext, actor: Actor, id: string, patch: Partial<WatchlistIn>) {
  const w = await getRow(ctx, id);
  const set: Partial<OpinionWatchlistTable> = { updated_at: Date.now(), revision: w.revision + 1 };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
  if (patch.definition !== undefined) set.definition = JSON.stringify(normalizeDefinition({ ...parseDefinition(w), ...patch.definition }));
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('opinion_watchlists').set(set).where('id', '=', id).execute();
    await appendAudit(trx, { actorId: actor.id, action: 'opinion.watchlist_updated', entityType: 'opinion_watchlist', entityId: id, data: { name: patch.name, enabled: patch.enabled, definition: set.definition ? JSON.parse(set.definition) : undefined } });
    await enqueue(trx, { type: REMATCH_JOB, payload: { watchlistId: id }, dedupeKey: `${REMATCH_JOB}:${id}`, replace: true }, set.updated_at);
  });
  return getWatchlist(ctx, id);
}

export async function deleteWatchlist(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const w = await getRow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('opinion_mention_matches').where('watchlist_id', '=', id).execute();
    await trx.deleteFrom('opinion_watchlists').where('id', '=', id).execute();
    await appendAudit(trx, { actorId: actor.id, action: 'opinion.watchlist_deleted', entityType: 'opinion_watchlist', entityId: id, data: { name: w.name } });
  });
}

/** Calls `visit` with the mentions published in the last 7 days, a page at a time, newest first. */
async function eachRecent(ctx: AppContext, visit: (rows: Array<{ id: string; title: string | null; text: string; published_at: number }>) => Promise<boolean | void>): Promise<void> {
  const since = Date.now() - RECENT_MS;
  let after: { at: number; id: string } | null = null;
  for (;;) {
    let q = ctx.db.selectFrom('opinion_mentions').select(['id', 'title', 'text', 'published_at']).where('published_at', '>=', since);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('published_at', '<', a.at), eb.and([eb('published_at', '=', a.at), eb('id', '<', a.id)])]));
    }
    const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(PAGE).execute();
    if (!rows.length) return;
    if ((await visit(rows)) === false) return;
    const last = rows[rows.length - 1];
    after = { at: Number(last.published_at), id: last.id };
    if (rows.length < PAGE) return;
  }
}

/** The rematch job: the watchlist's matches over the last 7 days, recomputed and replaced. */
export async function rematchWatchlist(ctx: AppContext, watchlistId: string): Promise<number> {
  const w = await ctx.db.selectFrom('opinion_watchlists').selectAll().where('id', '=', watchlistId).executeTakeFirst();
  if (!w) return 0;
  const matcher = w.enabled ? compile(parseDefinition(w)) : null;
  const hits: Array<{ watchlist_id: string; mention_id: string; published_at: number; matched_at: number }> = [];
  const now = Date.now();
  if (matcher) {
    await eachRecent(ctx, async (rows) => {
      for (const r of rows) if (matches(matcher, docTerms(r))) hits.push({ watchlist_id: w.id, mention_id: r.id, published_at: Number(r.published_at), matched_at: now });
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('opinion_mention_matches').where('watchlist_id', '=', w.id).where('published_at', '>=', now - RECENT_MS).execute();
    for (let i = 0; i < hits.length; i += 500) await trx.insertInto('opinion_mention_matches').values(hits.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  });
  return hits.length;
}

export function registerWatchlistJobs(ctx: AppContext): void {
  ctx.jobs.register(REMATCH_JOB, async (payload: { watchlistId: string }) => {
    await rematchWatchlist(ctx, payload.watchlistId);
    // Its heat buckets follow the new matches (opinion.heat.ts).
    await rebuildHeat(ctx.db, payload.watchlistId, Date.now() - RECENT_MS);
  });
}

/** A definition tested against the last 7 days: how many mentions it matches and the newest few. */
export async function previewWatchlist(ctx: AppContext, definition: Partial<WatchlistDefinition>, sample = 20) {
  const matcher = compile(normalizeDefinition(definition));
  let count = 0;
  let scanned = 0;
  const ids: string[] = [];
  await eachRecent(ctx, async (rows) => {
    for (const r of rows) {
      scanned++;
      if (!matches(matcher, docTerms(r))) continue;
      count++;
      if (ids.length < sample) ids.push(r.id);
    }
  });
  return { count, scanned, sampleIds: ids };
}
