/**
 * The sentiment engine other opinion parts call: a probability that a text is negative, its language
 * (by script) and a three-way label. Chinese: the linear model trained from the bundled labelled
 * reviews (sentiment.model.ts); English: the AFINN lexicon (sentiment.english.ts) plus a linear model
 * over words that starts empty and learns only from corrections. Both learn a PR officer's corrected
 * label with `learn`. Pure apart from loading the shipped model (sentiment.bundled.ts).
 *
 * Usage: `const engine = await bundledEngine(); engine.analyze('不好吃').label // 'negative'`.
 */
import { englishPriorLogit } from './sentiment.english.js';
import { detectLanguage, type SentimentLanguage } from './sentiment.language.js';
import { SentimentModel, type SerializedSentimentModel } from './sentiment.model.js';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/** Probabilities of negative from `low` to `high` (inclusive) are neutral; `null`: binary (no neutral). */
export interface NeutralBand {
  low: number;
  high: number;
}

export const DEFAULT_BAND: NeutralBand = { low: 0.4, high: 0.6 };

export interface SentimentResult {
  label: SentimentLabel;
  /** Probability that the text is negative, 0..1, four decimals. */
  pNegative: number;
  language: SentimentLanguage;
}

/** A band is valid when 0 ≤ low ≤ high ≤ 1. */
export function validBand(b: NeutralBand): boolean {
  return Number.isFinite(b.low) && Number.isFinite(b.high) && b.low >= 0 && b.low <= b.high && b.high <= 1;
}

/** The label of a probability of negative; with no band, ≥ 0.5 is negative. */
export function labelOf(pNegative: number, band: NeutralBand | null = DEFAULT_BAND): SentimentLabel {
  if (band && pNegative >= band.low && pNegative <= band.high) return 'neutral';
  return pNegative >= 0.5 ? 'negative' : 'positive';
}

export interface SerializedSentimentEngine {
  format: 'redress.sentiment.engine';
  formatVersion: 1;
  zh: SerializedSentimentModel;
  en: SerializedSentimentModel;
}

export class SentimentEngine {
  constructor(
    readonly zh: SentimentModel,
    /** English words learned from corrections, added to the lexicon's logit. */
    readonly en: SentimentModel = new SentimentModel({ hashBits: 16, minDf: 1 }),
  ) {}

  pNegative(text: string, language: SentimentLanguage = detectLanguage(text)): number {
    return language === 'zh' ? this.zh.pNegative(text) : this.en.pNegative(text, englishPriorLogit(text));
  }

  analyze(text: string, band: NeutralBand | null = DEFAULT_BAND): SentimentResult {
    const language = detectLanguage(text);
    const p = Math.round(this.pNegative(text, language) * 1e4) / 1e4;
    return { label: labelOf(p, band), pNegative: p, language };
  }

  /** Learn a corrected label (the model of the text's language); returns the SGD steps it took. */
  learn(text: string, negative: boolean): number {
    return detectLanguage(text) === 'zh' ? this.zh.learn(text, negative) : this.en.learn(text, negative, englishPriorLogit(text));
  }

  toJSON(): SerializedSentimentEngine {
    return { format: 'redress.sentiment.engine', formatVersion: 1, zh: this.zh.toJSON(), en: this.en.toJSON() };
  }

  static fromJSON(json: SerializedSentimentEngine | string): SentimentEngine {
    const s = (typeof json === 'string' ? JSON.parse(json) : json) as SerializedSentimentEngine;
    if (s.format !== 'redress.sentiment.engine' || s.formatVersion !== 1) throw new Error('not a redress.sentiment.engine v1 model');
    return new SentimentEngine(SentimentModel.fromJSON(s.zh), SentimentModel.fromJSON(s.en));
  }
}
