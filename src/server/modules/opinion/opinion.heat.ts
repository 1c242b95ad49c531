/**
 * Heat per watchlist: 5-minute and hourly buckets of volume, negative count, reach and heat, upserted
 * at ingest (one statement per granularity per batch) and rebuildable from the stored matches.
 *
 * Heat of one mention = (1 + log10(1 + reach)) × (1 + p_negative), reach = reposts + comments + likes.
 * A bucket's heat is the sum over its mentions: volume weighted by how far each travelled (a post seen
 * 10,000 times weighs 5, an unseen one 1) and by how negative it is (×1 neutral-positive … ×2 certain
 * negative). Every matched mention counts, reposts and near-copies included (amplification is volume).
 */
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Database } from '../../platform/db/schema.js';

export const GRANULARITIES = { '5m': 5 * 60_000, '1h': 3_600_000 } as const;
export type Granularity = keyof typeof GRANULARITIES;

type Tx = Transaction<Database> | Db;

export interface HeatMention {
  published_at: number;
  reposts: number | null;
  comments: number | null;
  likes: number | null;
  p_negative: number;
  sentiment_label: string;
}

export const reachOf = (m: Pick<HeatMention, 'reposts' | 'comments' | 'likes'>) => (m.reposts ?? 0) + (m.comments ?? 0) + (m.likes ?? 0);
export const mentionHeat = (m: HeatMention) => (1 + Math.log10(1 + reachOf(m))) * (1 + m.p_negative);
export const bucketStart = (at: number, g: Granularity) => Math.floor(at / GRANULARITIES[g]) * GRANULARITIES[g];

interface Bucket {
  watchlist_id: string;
  granularity: Granularity;
  bucket_start: number;
  volume: number;
  negative: number;
  reach: number;
  heat: number;
  updated_at: number;
}

function aggregate(pairs: Array<{ watchlistId: string; mention: HeatMention }>, now: number): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const { watchlistId, mention } of pairs) {
    for (const g of Object.keys(GRANULARITIES) as Granularity[]) {
      const start = bucketStart(mention.published_at, g);
      const k = `${watchlistId}\u0001${g}\u0001${start}`;
      let b = map.get(k);
      if (!b) map.set(k, (b = { watchlist_id: watchlistId, granularity: g, bucket_start: start, volume: 0, negative: 0, reach: 0, heat: 0, updated_at: now }));
      b.volume++;
      if (mention.sentiment_label === 'negative') b.negative++;
      b.reach += reachOf(mention);
      b.heat += mentionHeat(mention);
    }
  }
  // One order for every writer (watchlist, granularity, start), so concurrent batches lock the bucket rows in the same order (no deadlock).
  return [...map.values()]
    .sort((a, b) => (a.watchlist_id < b.watchlist_id ? -1 : a.watchlist_id > b.watchlist_id ? 1 : a.granularity < b.granularity ? -1 : a.granularity > b.granularity ? 1 : a.bucket_start - b.bucket_start))
    .map((b) => ({ ...b, heat: Math.round(b.heat * 1000) / 1000 }));
}

/** Adds mentions to their watchlists' buckets (increments; concurrent writers add up). */
export async function addToBuckets(db: Tx, pairs: Array<{ watchlistId: string; mention: HeatMention }>, now = Date.now()): Promise<void> {
  const rows = aggregate(pairs, now);
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('opinion_heat_buckets')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['watchlist_id', 'granularity', 'bucket_start']).doUpdateSet({
          volume: sql`opinion_heat_buckets.volume + excluded.volume`,
          negative: sql`opinion_heat_buckets.negative + excluded.negative`,
          reach: sql`opinion_heat_buckets.reach + excluded.reach`,
          heat: sql`opinion_heat_buckets.heat + excluded.heat`,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .execute();
  }
}

/** Recomputes a watchlist's buckets (all of them, or from `since`) from its stored matches. */
export async function rebuildHeat(db: Db, watchlistId: string, since?: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('opinion_heat_buckets').where('watchlist_id', '=', watchlistId);
    if (since !== undefined) del = del.where('bucket_start', '>=', bucketStart(since, '1h'));
    await del.execute();
    let q = trx
      .selectFrom('opinion_mention_matches as x')
      .innerJoin('opinion_mentions as m', 'm.id', 'x.mention_id')
      .select(['m.published_at', 'm.reposts', 'm.comments', 'm.likes', 'm.p_negative', 'm.sentiment_label'])
      .where('x.watchlist_id', '=', watchlistId);
    if (since !== undefined) q = q.where('x.published_at', '>=', bucketStart(since, '1h'));
    const rows = await q.execute();
    await addToBuckets(trx, rows.map((m) => ({ watchlistId, mention: { ...m, published_at: Number(m.published_at) } })));
    return rows.length;
  });
}

export interface HeatPoint {
  start: number;
  volume: number;
  negative: number;
  negativeShare: number;
  reach: number;
  heat: number;
}

/** A watchlist's buckets in [from, to), oldest first, empty windows left out. */
export async function heatSeries(db: Tx, watchlistId: string, g: Granularity, from: number, to: number): Promise<HeatPoint[]> {
  const rows = await db
    .selectFrom('opinion_heat_buckets')
    .select(['bucket_start', 'volume', 'negative', 'reach', 'heat'])
    .where('watchlist_id', '=', watchlistId)
    .where('granularity', '=', g)
    .where('bucket_start', '>=', from)
    .where('bucket_start', '<', to)
    .orderBy('bucket_start')
    .execute();
  return rows.map((r) => {
    const volume = Number(r.volume);
    const negative = Number(r.negative);
    return { start: Number(r.bucket_start), volume, negative, negativeShare: volume ? Math.round((negative / volume) * 1000) / 1000 : 0, reach: Number(r.reach), heat: Number(r.heat) };
  });
}

/** The ingest hook: the batch's stored mentions and matches, added to the buckets in the ingest's transaction. */
export async function heatOnIngest(trx: Tx, mentions: Array<HeatMention & { id: string }>, matches: Array<{ watchlist_id: string; mention_id: string }>): Promise<void> {
  if (!matches.length) return;
  const byId = new Map(mentions.map((m) => [m.id, m]));
  const pairs = matches.flatMap((x) => {
    const m = byId.get(x.mention_id);
    return m ? [{ watchlistId: x.watchlist_id, mention: m }] : [];
  });
  await addToBuckets(trx, pairs);
}
