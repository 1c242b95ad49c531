/**
 * Reading mentions: the list (filters: watchlist, sentiment, source, published time range, dismissed;
 * newest first; opaque cursors like the complaints list), one mention with its reposts and
 * near-duplicates counted, and dismissal with a reason (audited).
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { OpinionMentionTable } from '../../platform/db/schema.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';

export interface MentionFilters {
  watchlistId?: string;
  sentiment?: 'positive' | 'neutral' | 'negative';
  sourceId?: string;
  from?: string;
  to?: string;
  dismissed?: boolean;
  /** Near-duplicates are left out unless asked for. */
  includeDuplicates?: boolean;
  cursor?: string;
  limit?: number;
}

const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());

export function presentMention(m: OpinionMentionTable, watchlistIds: string[]) {
  return {
    id: m.id,
    sourceId: m.source_id,
    sourceKind: m.source_kind as 'feed' | 'push' | 'manual',
    url: m.url,
    guid: m.guid,
    author: m.author,
    publishedAt: iso(m.published_at)!,
    title: m.title,
    text: m.text,
    language: m.language,
    metrics: { reposts: m.reposts, comments: m.comments, likes: m.likes },
    sentiment: { label: m.sentiment_label as 'positive' | 'neutral' | 'negative', pNegative: m.p_negative, modelVersion: m.sentiment_model },
    isRepost: !!m.is_repost,
    originalId: m.original_id,
    duplicateOf: m.duplicate_of,
    watchlistIds,
    dismissed: m.dismissed ? { reason: m.dismissed_reason ?? '', by: m.dismissed_by, at: iso(m.dismissed_at)! } : null,
    createdAt: iso(m.created_at)!,
  };
}

async function watchlistsOf(ctx: AppContext, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await ctx.db.selectFrom('opinion_mention_matches').select(['mention_id', 'watchlist_id']).where('mention_id', 'in', ids).orderBy('watchlist_id').execute();
  for (const r of rows) out.get(r.mention_id)?.push(r.watchlist_id);
  return out;
}

function timeParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw badRequest('invalid_time', `${name} is not a date-time`);
  return t;
}

export async function listMentions(ctx: AppContext, f: MentionFilters) {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const key = decodeCursor(f.cursor);
  let after: { at: number; id: string } | undefined;
  if (key) {
    const m = /^(\d{1,16}):([0-9a-f-]{1,64})$/.exec(key);
    if (!m) throw badRequest('invalid_cursor', 'The cursor is not one this server issued');
    after = { at: Number(m[1]), id: m[2] };
  }
  const from = timeParam(f.from, 'from');
  const to = timeParam(f.to, 'to');
  let q = ctx.db.selectFrom('opinion_mentions as m').selectAll('m');
  if (f.watchlistId) {
    const wid = f.watchlistId;
    q = q.where((eb) => eb.exists(eb.selectFrom('opinion_mention_matches as x').select('x.mention_id').whereRef('x.mention_id', '=', 'm.id').where('x.watchlist_id', '=', wid)));
  }
  if (f.sentiment) q = q.where('m.sentiment_label', '=', f.sentiment);
  if (f.sourceId) q = q.where('m.source_id', '=', f.sourceId);
  if (from !== undefined) q = q.where('m.published_at', '>=', from);
  if (to !== undefined) q = q.where('m.published_at', '<', to);
  if (f.dismissed !== undefined) q = q.where('m.dismissed', '=', f.dismissed ? 1 : 0);
  if (!f.includeDuplicates) q = q.where('m.duplicate_of', 'is', null);
  if (after) {
    const a = after;
    q = q.where((eb) => eb.or([eb('m.published_at', '<', a.at), eb.and([eb('m.published_at', '=', a.at), eb('m.id', '<', a.id)])]));
  }
  const rows = await q.orderBy('m.published_at', 'desc').orderBy('m.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const wl = await watchlistsOf(ctx, page.map((r) => r.id));
  const last = page[page.length - 1];
  return { items: page.map((r) => presentMention(r, wl.get(r.id) ?? [])), nextCursor: rows.length > limit && last ? encodeCursor(`${Number(last.published_at)}:${last.id}`) : null };
}

export async function mentionsByIds(ctx: AppContext, ids: string[]) {
  if (!ids.length) return [];
  const rows = await ctx.db.selectFrom('opinion_mentions').selectAll().where('id', 'in', ids).execute();
  const wl = await watchlistsOf(ctx, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.filter((id) => byId.has(id)).map((id) => presentMention(byId.get(id)!, wl.get(id) ?? []));
}

export async function getMention(ctx: AppContext, id: string) {
  const m = await ctx.db.selectFrom('opinion_mentions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('Mention');
  const wl = await watchlistsOf(ctx, [id]);
  const counts = await ctx.db
    .selectFrom('opinion_mentions')
    .select((eb) => [eb.fn.sum(eb.case().when('original_id', '=', id).then(1).else(0).end()).as('reposts'), eb.fn.sum(eb.case().when('duplicate_of', '=', id).then(1).else(0).end()).as('copies')])
    .where((eb) => eb.or([eb('original_id', '=', id), eb('duplicate_of', '=', id)]))
    .executeTakeFirstOrThrow();
  return { ...presentMention(m, wl.get(id) ?? []), repostCount: Number(counts.reposts ?? 0), duplicateCount: Number(counts.copies ?? 0) };
}

export async function dismissMention(ctx: AppContext, actor: Actor, id: string, reason: string) {
  const now = Date.now();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom('opinion_mentions').select(['id', 'dismissed']).where('id', '=', id).executeTakeFirst();
    if (!m) throw notFound('Mention');
    if (m.dismissed) throw conflict('mention_already_dismissed', 'The mention is dismissed already');
    await trx.updateTable('opinion_mentions').set({ dismissed: 1, dismissed_reason: reason, dismissed_by: actor.id, dismissed_at: now }).where('id', '=', id).where('dismissed', '=', 0).execute();
    await appendAudit(trx, { actorId: actor.id, action: 'opinion.mention_dismissed', entityType: 'opinion_mention', entityId: id, data: { reason } });
  });
  return getMention(ctx, id);
}
