import { createRequire } from 'node:module';

// CJK text has no spaces, and one- and two-character words (食堂, 水) are common queries. Following
// Lucene's CJK analyzer, every run of Han characters is indexed as overlapping bigrams plus single
// characters; jieba's dictionary words are added so whole words also match. Latin text is indexed
// as lower-cased words.

const require = createRequire(import.meta.url);
type JiebaT = { cut(text: string, hmm?: boolean): string[] };
let jieba: JiebaT | undefined;
function segmenter(): JiebaT {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaT } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const HAN_RUN = /[\p{Script=Han}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const HAN_CHAR = /\p{Script=Han}/u;

/** Words longer than this are not indexed (hashes, pasted blobs). */
const MAX_INDEXED_WORD = 40;

function latinWords(text: string, out: Set<string>, maxLength = MAX_INDEXED_WORD): void {
  for (const m of text.replace(HAN_RUN, ' ').toLowerCase().matchAll(WORD)) {
    const w = m[0];
    if (w.length <= maxLength) out.add(w);
  }
}

function hanGrams(run: string, out: Set<string>, unigrams: boolean): void {
  const chars = [...run];
  if (chars.length === 1 || unigrams) for (const c of chars) out.add(c);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
}

/** Terms stored in the index for a document. */
export function indexTerms(text: string): string[] {
  const out = new Set<string>();
  latinWords(text, out);
  for (const m of text.matchAll(HAN_RUN)) {
    hanGrams(m[0], out, true);
    if (m[0].length > 2) for (const w of segmenter().cut(m[0], false)) if (w.length > 2 && HAN_CHAR.test(w)) out.add(w);
  }
  return [...out];
}

/**
 * The terms of a document that a query's terms (queryTerms) can ever meet: indexTerms without jieba's
 * longer words, which no query term equals. Matching a text against queries with these is exactly
 * matching it in the index, without the segmenter's cost (opinion watchlists match every mention).
 */
export function matchTerms(text: string): Set<string> {
  const out = new Set<string>();
  latinWords(text, out);
  for (const m of text.matchAll(HAN_RUN)) hanGrams(m[0], out, true);
  return out;
}

/**
 * Terms a query must all match. A Han run becomes its bigrams (a single character stays a unigram),
 * so "食堂" matches any document containing 食堂 and "饭菜质量" needs 饭菜, 菜质 and 质量.
 */
export function queryTerms(q: string): string[] {
  const out = new Set<string>();
  // A query word too long to be indexed stays a term, so it matches nothing: dropped, it left a query
  // with no terms — no filter — and a search for it listed every complaint (found by the fuzzer).
  latinWords(q, out, Infinity);
  for (const m of q.matchAll(HAN_RUN)) hanGrams(m[0], out, false);
  return [...out].slice(0, 32);
}
