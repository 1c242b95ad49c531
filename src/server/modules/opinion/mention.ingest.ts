/**
 * The one way mentions come in (feeds, the signed push endpoint, manual entry): a batch is checked
 * against stored URLs and guids in two queries, placed in the MinHash index (near-duplicates,
 * reposts), scored by the sentiment engine, matched against every enabled watchlist, and written in
 * multi-row inserts (mentions, then matches) in one transaction. A URL or guid written meanwhile by
 * another instance is skipped by ON CONFLICT DO NOTHING, and reported as a duplicate.
 */
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { OpinionMentionTable } from '../../platform/db/schema.js';
import { signatureToString } from '../triage/similarity.js';
import { mentionDedupe } from './mention.dedupe.js';
import { armEvaluation } from './opinion.alerts.js';
import { heatOnIngest } from './opinion.heat.js';
import { parseRepost } from './repost.js';
import { retryOnDeadlock } from '../../platform/db/retry.js';
import { sentimentService } from './sentiment.service.js';
import { urlKey } from './url-key.js';
import { activeWatchlists } from './watchlist.repo.js';
import { docTerms, matches } from './watchlist.match.js';

export interface MentionInput {
  url?: string;
  guid?: string;
  author?: string;
  publishedAt?: string | number;
  title?: string;
  text: string;
  language?: string;
  metrics?: { reposts?: number; comments?: number; likes?: number };
  /** The gateway knows it is a repost and of what (URL of the original). */
  repostOf?: string;
}

export interface IngestOrigin {
  sourceId: string | null;
  kind: 'feed' | 'push' | 'manual';
  actorId: string | null;
}

export type IngestOutcome =
  | { index: number; status: 'created'; mentionId: string; duplicateOf: string | null; originalId: string | null; watchlistIds: string[] }
  | { index: number; status: 'duplicate'; mentionId: string | null; reason: 'url' | 'guid' };

const CHUNK = 100;

function publishedMs(v: string | number | undefined, now: number): number {
  if (v === undefined) return now;
  const t = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(t) ? Math.round(t) : now;
}

export async function ingestMentions(ctx: AppContext, origin: IngestOrigin, items: MentionInput[]): Promise<IngestOutcome[]> {
  const now = Date.now();
  const out: IngestOutcome[] = new Array(items.length);
  const keyed = items.map((m) => ({
    url: m.url ? urlKey(m.url) : null,
    guid: m.guid && origin.sourceId ? `${origin.sourceId}\u0001${m.guid}` : null,
  }));
  // Stored already?
  const urls = [...new Set(keyed.map((k) => k.url).filter((x): x is string => !!x))];
  const guids = [...new Set(keyed.map((k) => k.guid).filter((x): x is string => !!x))];
  const byUrl = new Map<string, string>();
  const byGuid = new Map<string, string>();
  for (let i = 0; i < urls.length; i += 500) for (const r of await ctx.db.selectFrom('opinion_mentions').select(['id', 'url_key']).where('url_key', 'in', urls.slice(i, i + 500)).execute()) byUrl.set(r.url_key!, r.id);
  for (let i = 0; i < guids.length; i += 500) for (const r of await ctx.db.selectFrom('opinion_mentions').select(['id', 'guid_key']).where('guid_key', 'in', guids.slice(i, i + 500)).execute()) byGuid.set(r.guid_key!, r.id);
  const repostTargets = [...new Set(items.map((m) => (m.repostOf ? urlKey(m.repostOf) : null)).filter((x): x is string => !!x && !byUrl.has(x)))];
  for (let i = 0; i < repostTargets.length; i += 500) for (const r of await ctx.db.selectFrom('opinion_mentions').select(['id', 'url_key']).where('url_key', 'in', repostTargets.slice(i, i + 500)).execute()) byUrl.set(r.url_key!, r.id);

  const dedupe = mentionDedupe(ctx);
  await dedupe.refresh();
  const sentiment = sentimentService(ctx);
  const watchlists = await activeWatchlists(ctx.db);
  const rows: OpinionMentionTable[] = [];
  const matchRows: Array<{ watchlist_id: string; mention_id: string; published_at: number; matched_at: number }> = [];
  const rowIndex: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const m = items[i];
    const k = keyed[i];
    const prior = (k.guid && byGuid.get(k.guid)) || (k.url && byUrl.get(k.url));
    if (prior) {
      out[i] = { index: i, status: 'duplicate', mentionId: prior, reason: k.guid && byGuid.has(k.guid) ? 'guid' : 'url' };
      continue;
    }
    const id = uuidv7();
    // Later items of the batch see this one.
    if (k.url) byUrl.set(k.url, id);
    if (k.guid) byGuid.set(k.guid, id);
    const repost = parseRepost(m.text, !!m.repostOf);
    const hinted = m.repostOf ? (byUrl.get(urlKey(m.repostOf) ?? '') ?? null) : null;
    const place = dedupe.place(id, repost.root, repost.isRepost, hinted);
    const scored = await sentiment.preview(m.title && m.title.trim() && !m.text.includes(m.title) ? `${m.title}\n${m.text}` : m.text);
    const published = publishedMs(m.publishedAt, now);
    rows.push({
      id,
      source_id: origin.sourceId,
      source_kind: origin.kind,
      url: m.url ?? null,
      url_key: k.url,
      guid: m.guid ?? null,
      guid_key: k.guid,
      author: m.author ?? null,
      published_at: published,
      title: m.title ?? null,
      text: m.text,
      language: m.language ?? scored.language,
      reposts: m.metrics?.reposts ?? null,
      comments: m.metrics?.comments ?? null,
      likes: m.metrics?.likes ?? null,
      p_negative: scored.pNegative,
      sentiment_label: scored.label,
      sentiment_model: scored.modelVersion,
      is_repost: repost.isRepost ? 1 : 0,
      original_id: place.originalId,
      duplicate_of: place.duplicateOf,
      signature: signatureToString(place.signature),
      dismissed: 0,
      dismissed_reason: null,
      dismissed_by: null,
      dismissed_at: null,
      created_by: origin.actorId,
      created_at: now,
    });
    rowIndex.push(i);
    const terms = watchlists.length ? docTerms({ title: m.title ?? null, text: m.text }) : null;
    const hits = terms ? watchlists.filter((w) => matches(w.matcher, terms)).map((w) => w.id) : [];
    for (const w of hits) matchRows.push({ watchlist_id: w, mention_id: id, published_at: published, matched_at: now });
    out[i] = { index: i, status: 'created', mentionId: id, duplicateOf: place.duplicateOf, originalId: place.originalId, watchlistIds: hits };
  }
  if (rows.length === 0) return out;
  let inserted: Set<string>;
  try {
    // A deadlock victim (PostgreSQL) rolled back whole: written again.
    inserted = await retryOnDeadlock(() => ctx.db.transaction().execute(async (trx) => {
      const ids = new Set<string>();
      for (let i = 0; i < rows.length; i += CHUNK) {
        const r = await trx.insertInto('opinion_mentions').values(rows.slice(i, i + CHUNK)).onConflict((oc) => oc.doNothing()).returning('id').execute();
        for (const x of r) ids.add(x.id);
      }
      const kept = matchRows.filter((m) => ids.has(m.mention_id));
      for (let i = 0; i < kept.length; i += 500) await trx.insertInto('opinion_mention_matches').values(kept.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
      // Heat buckets (opinion.heat.ts), in the same transaction as the matches.
      await heatOnIngest(trx, rows, kept);
      if (origin.sourceId && ids.size) {
        await trx.updateTable('opinion_sources').set((eb) => ({ items_total: eb('items_total', '+', ids.size) })).where('id', '=', origin.sourceId).execute();
      }
      return ids;
    }));
  } catch (err) {
    dedupe.reset();
    throw err;
  }
  // Spike alerts (opinion.alerts.ts): the debounced evaluation after a batch that matched a watchlist.
  if (matchRows.some((m) => inserted.has(m.mention_id))) await armEvaluation(ctx, true);
  if (inserted.size < rows.length) {
    // Another instance wrote the same URL/guid between the check and the insert.
    for (let j = 0; j < rows.length; j++) {
      if (inserted.has(rows[j].id)) continue;
      const r = rows[j];
      const existing = await ctx.db.selectFrom('opinion_mentions').select('id').where((eb) => eb.or([...(r.url_key ? [eb('url_key', '=', r.url_key)] : []), ...(r.guid_key ? [eb('guid_key', '=', r.guid_key)] : [])])).executeTakeFirst();
      out[rowIndex[j]] = { index: rowIndex[j], status: 'duplicate', mentionId: existing?.id ?? null, reason: r.guid_key ? 'guid' : 'url' };
    }
  }
  return out;
}
