/**
 * Hashed classifier features of a text: words (and optional word bigrams) plus CJK character
 * uni/bigrams (and optional trigrams), hashed into 2^hashBits buckets without building the feature
 * strings. The hash of a feature equals `hashFeature(prefix + feature)`. Pure.
 */
import { normalizeText, type Tokenizer } from './tokenize.js';
import { fmix32 } from './similarity.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a over UTF-16 code units with a murmur3 finaliser: feature string → 32-bit hash. */
export function hashFeature(s: string): number {
  return fmix32(fnv(FNV_OFFSET, s));
}

// Hash states after each feature prefix (see Tokenizer.tokens).
const H_WORD = fnv(FNV_OFFSET, 'w:');
const H_WORD2 = fnv(FNV_OFFSET, 'v:');
const H_UNI = fnv(FNV_OFFSET, 'u:');
const H_BI = fnv(FNV_OFFSET, 'b:');
const H_TRI = fnv(FNV_OFFSET, 't:');
const HAN_CHAR = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const SPACE = 32;

/** Bucket → term frequency of one text. */
export type Counts = Map<number, number>;

/** Sparse, weighted, L2-normalised feature vector. */
export interface Vec {
  idx: Int32Array;
  val: Float64Array;
}

export interface FeatureOptions {
  /** Bucket mask: 2^hashBits − 1. */
  mask: number;
  wordBigrams: boolean;
  cjkTrigrams: boolean;
}

/** Hashed term frequencies of a text: the buckets of `Tokenizer.tokens` with these feature options. */
export function hashedCounts(tokenizer: Tokenizer, text: string, o: FeatureOptions): Counts {
  const tf: Counts = new Map();
  const mask = o.mask;
  const add = (h: number) => {
    const b = fmix32(h) & mask;
    tf.set(b, (tf.get(b) ?? 0) + 1);
  };
  const norm = normalizeText(text);
  let prev: string | null = null;
  for (const raw of tokenizer.wordsOfNormalized(norm)) {
    const w = raw.trim();
    if (o.wordBigrams && prev !== null) add(fnv(Math.imul(fnv(H_WORD2, prev) ^ SPACE, FNV_PRIME), w));
    prev = w;
    // Single Han characters are covered by the unigrams.
    if (w.length === 1 && HAN_CHAR.test(w)) continue;
    add(fnv(H_WORD, w));
  }
  for (const m of norm.matchAll(HAN_RUN)) {
    const run = m[0];
    for (let i = 0; i < run.length; i++) {
      const a = run.charCodeAt(i);
      add(Math.imul(H_UNI ^ a, FNV_PRIME));
      if (i + 1 < run.length) {
        const b = run.charCodeAt(i + 1);
        add(Math.imul(Math.imul(H_BI ^ a, FNV_PRIME) ^ b, FNV_PRIME));
        if (o.cjkTrigrams && i + 2 < run.length) {
          add(Math.imul(Math.imul(Math.imul(H_TRI ^ a, FNV_PRIME) ^ b, FNV_PRIME) ^ run.charCodeAt(i + 2), FNV_PRIME));
        }
      }
    }
  }
  return tf;
}
