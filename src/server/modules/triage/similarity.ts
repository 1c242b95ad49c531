/**
 * Near-duplicate detection: MinHash over character shingles of normalised text, LSH
 * banding for candidate lookup, Jaccard estimate threshold. In memory and pure; the
 * signature is serialisable (`signatureToString`) so a server can store it with the
 * complaint and rebuild the index at start without re-reading the text.
 */

export interface MinHashOptions {
  /** Shingle length in characters (after normalisation). Default 3. */
  shingle?: number;
  /** Number of LSH bands × rows per band = signature length. Default 16 × 4 = 64. */
  bands?: number;
  rows?: number;
}

export interface DuplicateMeta {
  at: Date;
  location?: string;
  categoryId?: string;
}

export interface SimilarMatch {
  id: string;
  /** Estimated Jaccard similarity of the shingle sets (0..1). */
  similarity: number;
  at: Date;
  location?: string;
  categoryId?: string;
}

export interface FindSimilarOptions {
  /** Only entries whose `at` lies within this many ms of `at` (default: no limit). */
  within?: number;
  /** Reference time for `within`; default now. */
  at?: Date;
  /** Maximum results (best first). Default 10. */
  limit?: number;
  /** Minimum estimated Jaccard; default the index threshold. */
  threshold?: number;
  /** Only entries with this category. */
  categoryId?: string;
  /** Ignore this id (e.g. the complaint itself). */
  excludeId?: string;
}

const URL_RE = /(?:https?:\/\/|www\.)\S+/giu;
const MENTION_RE = /@[\p{L}\p{N}_\-·]+/gu;
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;

/** Lower-case NFKC text without URLs, @mentions, whitespace or punctuation. */
export function normalizeForShingles(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(URL_RE, '').replace(MENTION_RE, '').replace(NON_WORD_RE, '');
}

function fnv1a(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: a cheap, well-mixed hash step (also used by the classifier's feature hashing). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Distinct shingle hashes of normalised text (a text shorter than k is one shingle). */
export function shingleHashes(text: string, k = 3): Uint32Array {
  const s = normalizeForShingles(text);
  if (s.length === 0) return new Uint32Array(0);
  if (s.length <= k) return Uint32Array.of(fnv1a(s, 0, s.length));
  const set = new Set<number>();
  for (let i = 0; i + k <= s.length; i++) set.add(fnv1a(s, i, i + k));
  return Uint32Array.from(set);
}

export class MinHasher {
  readonly shingle: number;
  readonly bands: number;
  readonly rows: number;
  readonly size: number;
  private readonly seeds: Uint32Array;

  constructor(options: MinHashOptions = {}) {
    this.shingle = options.shingle ?? 3;
    this.bands = options.bands ?? 16;
    this.rows = options.rows ?? 4;
    this.size = this.bands * this.rows;
    this.seeds = new Uint32Array(this.size);
    let x = 0x9e3779b9;
    for (let i = 0; i < this.size; i++) {
      x = fmix32(x + 0x6d2b79f5);
      this.seeds[i] = x;
    }
  }

  /** MinHash signature; all 0xffffffff for empty text (matches nothing but itself). */
  signature(text: string): Uint32Array {
    const hs = shingleHashes(text, this.shingle);
    const sig = new Uint32Array(this.size).fill(0xffffffff);
    for (let j = 0; j < hs.length; j++) {
      const h = hs[j];
      for (let i = 0; i < this.size; i++) {
        const v = fmix32(h ^ this.seeds[i]);
        if (v < sig[i]) sig[i] = v;
      }
    }
    return sig;
  }

  /** One 32-bit key per band (band index mixed in). */
  bandKeys(sig: Uint32Array): number[] {
    const keys: number[] = [];
    for (let b = 0; b < this.bands; b++) {
      let h = fmix32(b + 1);
      for (let r = 0; r < this.rows; r++) h = fmix32(h ^ sig[b * this.rows + r]);
      keys.push(h);
    }
    return keys;
  }
}

/** Fraction of equal positions = estimated Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}

/** Exact Jaccard of two texts' shingle sets (for tests and tuning). */
export function exactJaccard(a: string, b: string, k = 3): number {
  const sa = new Set(shingleHashes(a, k));
  const sb = new Set(shingleHashes(b, k));
  if (sa.size === 0 && sb.size === 0) return 1;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

/** Compact text form of a signature (base64 of little-endian uint32s) for DB storage. */
export function signatureToString(sig: Uint32Array): string {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');
}

export function signatureFromString(s: string): Uint32Array {
  const buf = Buffer.from(s, 'base64');
  const out = new Uint32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}

export interface DuplicateIndexOptions extends MinHashOptions {
  /** Default minimum estimated Jaccard for a match. Default 0.5. */
  threshold?: number;
}

/** In-memory near-duplicate index of earlier complaints. */
export class DuplicateIndex {
  readonly hasher: MinHasher;
  readonly threshold: number;
  private readonly ids: string[] = [];
  private readonly sigs: Uint32Array[] = [];
  private readonly metas: DuplicateMeta[] = [];
  private readonly byId = new Map<string, number>();
  private readonly buckets: Map<number, number[]>[];

  constructor(options: DuplicateIndexOptions = {}) {
    this.hasher = new MinHasher(options);
    this.threshold = options.threshold ?? 0.5;
    this.buckets = Array.from({ length: this.hasher.bands }, () => new Map<number, number[]>());
  }

  get size(): number {
    return this.ids.length;
  }

  signature(text: string): Uint32Array {
    return this.hasher.signature(text);
  }

  /** Index a complaint; returns its signature (store `signatureToString(sig)` to rebuild later). */
  add(id: string, text: string, meta: DuplicateMeta): Uint32Array {
    const sig = this.hasher.signature(text);
    this.addSignature(id, sig, meta);
    return sig;
  }

  /** Index a stored signature (rebuild at start). Re-adding an id is ignored. */
  addSignature(id: string, sig: Uint32Array | string, meta: DuplicateMeta): void {
    if (this.byId.has(id)) return;
    const s = typeof sig === 'string' ? signatureFromString(sig) : sig;
    if (s.length !== this.hasher.size) throw new Error(`signature has ${s.length} values, expected ${this.hasher.size}`);
    const n = this.ids.length;
    this.ids.push(id);
    this.sigs.push(s);
    this.metas.push(meta);
    this.byId.set(id, n);
    const keys = this.hasher.bandKeys(s);
    for (let b = 0; b < keys.length; b++) {
      const m = this.buckets[b];
      const list = m.get(keys[b]);
      if (list) list.push(n);
      else m.set(keys[b], [n]);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** How many entries have `at` before `cutoff` (ms). */
  countOlderThan(cutoff: number): number {
    let n = 0;
    for (const m of this.metas) if (m.at.getTime() < cutoff) n++;
    return n;
  }

  /**
   * Drops the entries with `at` before `cutoff` (ms): compacts the arrays and renumbers the LSH
   * buckets in place (no signature is hashed again). O(entries); returns how many were dropped.
   */
  evictOlderThan(cutoff: number): number {
    const n = this.ids.length;
    const to = new Int32Array(n);
    let w = 0;
    for (let r = 0; r < n; r++) {
      const id = this.ids[r];
      if (this.metas[r].at.getTime() < cutoff) {
        this.byId.delete(id);
        to[r] = -1;
        continue;
      }
      to[r] = w;
      if (w !== r) {
        this.ids[w] = id;
        this.sigs[w] = this.sigs[r];
        this.metas[w] = this.metas[r];
        this.byId.set(id, w);
      }
      w++;
    }
    if (w === n) return 0;
    this.ids.length = w;
    this.sigs.length = w;
    this.metas.length = w;
    for (const m of this.buckets) {
      for (const [key, list] of m) {
        let k = 0;
        for (const x of list) if (to[x] >= 0) list[k++] = to[x];
        if (k === 0) m.delete(key);
        else list.length = k;
      }
    }
    return n - w;
  }

  /** Earlier complaints similar to `text`, best first. */
  findSimilar(text: string, options: FindSimilarOptions = {}): SimilarMatch[] {
    return this.findSimilarSignature(this.hasher.signature(text), options);
  }

  findSimilarSignature(sig: Uint32Array, options: FindSimilarOptions = {}): SimilarMatch[] {
    const threshold = options.threshold ?? this.threshold;
    const limit = options.limit ?? 10;
    const ref = (options.at ?? new Date()).getTime();
    const seen = new Set<number>();
    const out: SimilarMatch[] = [];
    const keys = this.hasher.bandKeys(sig);
    for (let b = 0; b < keys.length; b++) {
      const list = this.buckets[b].get(keys[b]);
      if (!list) continue;
      for (const n of list) {
        if (seen.has(n)) continue;
        seen.add(n);
        const meta = this.metas[n];
        if (options.within !== undefined && Math.abs(meta.at.getTime() - ref) > options.within) continue;
        if (options.categoryId !== undefined && meta.categoryId !== options.categoryId) continue;
        if (options.excludeId !== undefined && this.ids[n] === options.excludeId) continue;
        const similarity = estimateJaccard(sig, this.sigs[n]);
        if (similarity >= threshold) out.push({ id: this.ids[n], similarity, ...meta });
      }
    }
    out.sort((x, y) => y.similarity - x.similarity || y.at.getTime() - x.at.getTime());
    return out.slice(0, limit);
  }
}
