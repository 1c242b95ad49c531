/**
 * Near-duplicates and reposts of mentions with the triage MinHash/LSH index (triage/similarity.ts):
 * one in-memory index per process over the last days' mentions, keyed by the MinHash of each mention's
 * root text (the reposted text for a repost). Rows written by other instances are read in at most every
 * `refreshMs`. A near-duplicate points at the earliest copy (`duplicate_of`); a repost at the original
 * post, or — when the original never reached us — at the first repost of it (`original_id`).
 */
import type { AppContext } from '../../context.js';
import { DuplicateIndex } from '../triage/similarity.js';

export const NEAR_DUPLICATE = 0.7;
const WINDOW_MS = 7 * 86_400_000;

interface Entry {
  repost: boolean;
  /** The mention this one points at (duplicate_of or original_id), if any. */
  anchor: string | null;
}

export interface Placement {
  signature: Uint32Array;
  duplicateOf: string | null;
  originalId: string | null;
}

export class MentionDedupe {
  private index = new DuplicateIndex({ threshold: NEAR_DUPLICATE });
  private entries = new Map<string, Entry>();
  private watermark = 0;
  private refreshedAt = 0;
  refreshMs = 5_000;

  constructor(private readonly ctx: AppContext) {}

  /** Reads rows added since the last refresh (all of the window on first use). */
  async refresh(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.refreshedAt < this.refreshMs) return;
    this.refreshedAt = now;
    const since = this.watermark === 0 ? now - WINDOW_MS : this.watermark;
    const rows = await this.ctx.db.selectFrom('opinion_mentions').select(['id', 'signature', 'created_at', 'is_repost', 'original_id', 'duplicate_of']).where('created_at', '>=', since).execute();
    for (const r of rows) this.remember(r.id, r.signature, Number(r.created_at), !!r.is_repost, r.original_id ?? r.duplicate_of);
    // Rows committed by another instance a little late are still read: the watermark lags.
    this.watermark = now - 2_000;
    if (this.index.size > 0 && this.index.countOlderThan(now - WINDOW_MS) > this.index.size / 4) this.index.evictOlderThan(now - WINDOW_MS);
  }

  /** Forget everything (after a failed write the index may hold rows that were never stored). */
  reset(): void {
    this.index = new DuplicateIndex({ threshold: NEAR_DUPLICATE });
    this.entries.clear();
    this.watermark = 0;
    this.refreshedAt = 0;
  }

  private remember(id: string, sig: Uint32Array | string, at: number, repost: boolean, anchor: string | null): void {
    if (this.index.has(id)) return;
    this.index.addSignature(id, sig, { at: new Date(at) });
    this.entries.set(id, { repost, anchor });
  }

  /** Where a new mention belongs; it is added to the index at once (later items of a batch see it). */
  place(id: string, root: string, repost: boolean, hintedOriginal: string | null): Placement {
    const signature = this.index.signature(root);
    let duplicateOf: string | null = null;
    let originalId: string | null = hintedOriginal;
    // An empty text's signature is all 0xffffffff: it matches nothing but other empty texts.
    if (signature.some((v) => v !== 0xffffffff)) {
      const found = this.index.findSimilarSignature(signature, { limit: 20, threshold: NEAR_DUPLICATE });
      const post = found.find((m) => !this.entries.get(m.id)?.repost);
      if (repost && !originalId) {
        if (post) originalId = this.entries.get(post.id)?.anchor ?? post.id;
        else if (found.length) originalId = this.entries.get(found[0].id)?.anchor ?? found[0].id;
      } else if (!repost && post) {
        duplicateOf = this.entries.get(post.id)?.anchor ?? post.id;
      }
    }
    this.remember(id, signature, Date.now(), repost, duplicateOf ?? originalId);
    return { signature, duplicateOf, originalId };
  }
}

const byContext = new WeakMap<AppContext, MentionDedupe>();
export function mentionDedupe(ctx: AppContext): MentionDedupe {
  let d = byContext.get(ctx);
  if (!d) byContext.set(ctx, (d = new MentionDedupe(ctx)));
  return d;
}
