/**
 * Hashed sentiment features of a text: jieba words and CJK character bigrams, with the word a negator
 * governs emitted as a negated feature (`n:好吃` for 不好吃, never `w:好吃`) and the word after a strong
 * degree adverb emitted twice and as `d:` (非常 满意). Negation scope ends at punctuation. Latin words are
 * features too (with `not`/`never` negating the next word), for the English corrections model. Reuses
 * the triage tokenizer and feature hash. Pure apart from jieba's dictionary.
 */
import { normalizeText, Tokenizer } from '../triage/tokenize.js';
import { hashFeature } from '../triage/classifier.features.js';
import type { Counts } from '../triage/classifier.features.js';
import { CONTRAST, EN_NEGATORS, NEGATIVE_WORDS, NEGATORS, POSITIVE_WORDS, STOPWORDS, STRONG_DEGREE, WEAK_DEGREE } from './sentiment.lexicon.js';

export interface SentimentFeatureOptions {
  /** Bucket mask: 2^hashBits − 1. */
  mask: number;
  /** Negation scope marking (default true). */
  negation?: boolean;
  /** Degree adverbs strengthen the next word (default true). */
  degree?: boolean;
  /** CJK character bigrams (default true). */
  bigrams?: boolean;
  /** Words after a contrast word (但是…) also emitted as `c:` (default false). */
  contrast?: boolean;
  /** Emit negator words themselves as features (default false: the negated word carries it). */
  negators?: boolean;
  /** Drop function words and numbers (default true). */
  stopwords?: boolean;
  /** Shared polarity features of the evaluative word lists (default true). */
  lexicon?: boolean;
}

/** Clause boundaries: punctuation and line breaks (a negator's scope never crosses one; a space does). */
const CLAUSE = /[\r\n\t,.;:!?，。；：！？、…~～()（）【】[\]"“”《》<>|/\\]+/u;
const WORDLIKE = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
/** Single characters that make a bigram style, not sentiment: negators and one-character function words. */
const STOP_CHARS: ReadonlySet<string> = new Set([...NEGATORS, ...STOPWORDS].filter((w) => w.length === 1));
const NUMBER = /^[\p{N}.]+$/u;
const LATIN_WORD = /[a-z0-9]+(?:['’][a-z]+)?/g;

let shared: Tokenizer | undefined;

function tokenizer(): Tokenizer {
  if (!shared) shared = new Tokenizer();
  return shared;
}

/** The feature strings of a text (for tests and diagnostics); the model hashes the same strings. */
export function sentimentFeatures(text: string, o: Omit<SentimentFeatureOptions, 'mask'> = {}): string[] {
  const out: string[] = [];
  eachFeature(text, o, (f, weight) => {
    for (let i = 0; i < weight; i++) out.push(f);
  });
  return out;
}

/** Bucket → count of a text's features. */
export function sentimentCounts(text: string, o: SentimentFeatureOptions): Counts {
  const tf: Counts = new Map();
  eachFeature(text, o, (f, weight) => {
    const b = hashFeature(f) & o.mask;
    tf.set(b, (tf.get(b) ?? 0) + weight);
  });
  return tf;
}

function eachFeature(text: string, o: Omit<SentimentFeatureOptions, 'mask'>, emit: (feature: string, weight: number) => void): void {
  const negation = o.negation ?? true;
  const degree = o.degree ?? true;
  const stop = o.stopwords ?? true;
  const lexicon = o.lexicon ?? true;
  const norm = normalizeText(text);
  let afterContrast = false;
  for (const clause of norm.split(CLAUSE)) {
    if (!clause) continue;
    let negated = false;
    let strong = false;
    const words = HAN.test(clause) ? tokenizer().wordsOfNormalized(clause) : (clause.match(LATIN_WORD) ?? []);
    for (const w of words) {
      if (!WORDLIKE.test(w)) continue;
      if (o.contrast && CONTRAST.has(w)) afterContrast = true;
      if (negation && (NEGATORS.has(w) || EN_NEGATORS.has(w))) {
        if (o.negators) emit('w:' + w, 1);
        negated = !negated;
        continue;
      }
      if (STRONG_DEGREE.has(w) || WEAK_DEGREE.has(w)) {
        emit((negated ? 'n:' : 'w:') + w, 1);
        if (degree && STRONG_DEGREE.has(w)) strong = true;
        continue;
      }
      if (stop && (STOPWORDS.has(w) || NUMBER.test(w))) continue;
      const prefix = negated ? 'n:' : 'w:';
      emit(prefix + w, strong ? 2 : 1);
      if (strong) emit('d:' + w, 1);
      if (lexicon) {
        const pol = POSITIVE_WORDS.has(w) ? 1 : NEGATIVE_WORDS.has(w) ? -1 : 0;
        if (pol !== 0) emit((pol > 0) !== negated ? 'L:+' : 'L:-', strong ? 2 : 1);
      }
      if (afterContrast) emit('c:' + w, 1);
      negated = false;
      strong = false;
    }
  }
  if (o.bigrams ?? true) {
    for (const m of norm.matchAll(HAN_RUN)) {
      const run = m[0];
      for (let i = 0; i + 1 < run.length; i++) {
        const bi = run[i] + run[i + 1];
        // Bigrams of function words and of negators teach corpus style, not sentiment (see STOPWORDS).
        if (stop && (STOP_CHARS.has(run[i]) || STOP_CHARS.has(run[i + 1]) || STOPWORDS.has(bi) || NEGATORS.has(bi))) continue;
        emit('b:' + bi, 1);
      }
    }
  }
}
