/**
 * The Chinese sentiment model: binary logistic regression (probability of negative) over hashed
 * sentiment features (sentiment.features.ts) weighted sublinear tf × idf and L2-normalised, trained by
 * the triage classifier's class-balanced SGD (classifier.train.ts) with two classes, 0 positive and 1
 * negative. The bias is then set so the two classes count equally (a prior-free model: the training
 * corpus's share of negatives says nothing about the next domain's). `learn` applies a correction: SGD
 * steps on that text until the model agrees with it. Stored with the triage codec (non-empty buckets,
 * 16-bit weights). Pure.
 */
import type { Counts, Vec } from '../triage/classifier.features.js';
import { applyStep, linearScores, lossGradient, softmax } from '../triage/classifier.math.js';
import { sgdFit } from '../triage/classifier.train.js';
import { decodeBuckets, encodeBuckets, type EncodedBuckets } from '../triage/classifier.codec.js';
import { sentimentCounts, type SentimentFeatureOptions } from './sentiment.features.js';

export const SENTIMENT_MODEL_FORMAT = 'redress.sentiment.lr' as const;

export interface SentimentExample {
  text: string;
  negative: boolean;
}

export interface SentimentModelOptions {
  /** Features are hashed into 2^hashBits buckets (default 20). */
  hashBits?: number;
  epochs?: number;
  learningRate?: number;
  seed?: number;
  /** Features seen in fewer training documents are dropped (default 2). */
  minDf?: number;
  negation?: boolean;
  degree?: boolean;
  bigrams?: boolean;
  contrast?: boolean;
  negators?: boolean;
  stopwords?: boolean;
  lexicon?: boolean;
  /** Set the bias so both classes weigh the same (default true). */
  balance?: boolean;
}

export interface SerializedSentimentModel extends EncodedBuckets {
  format: typeof SENTIMENT_MODEL_FORMAT;
  formatVersion: 1;
  options: Required<SentimentModelOptions>;
  bias: number[];
  docCount: number;
  classDocs: number[];
}

const DEFAULTS: Required<SentimentModelOptions> = { hashBits: 20, epochs: 6, learningRate: 0.3, seed: 42, minDf: 2, negation: true, degree: true, bigrams: true, contrast: false, negators: false, stopwords: true, lexicon: true, balance: true };

/** Most SGD steps a correction takes, and the probability of its label it aims for. */
const LEARN_MAX_STEPS = 40;
const LEARN_TARGET = 0.75;

export class SentimentModel {
  readonly options: Required<SentimentModelOptions>;
  private readonly mask: number;
  private readonly feat: SentimentFeatureOptions;
  private df: Uint32Array;
  private W: Float32Array;
  private bias = [0, 0];
  private docCount = 0;
  private classDocs = [0, 0];

  constructor(options: SentimentModelOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    const dim = 2 ** this.options.hashBits;
    this.mask = dim - 1;
    this.df = new Uint32Array(dim);
    this.W = new Float32Array(dim * 2);
    this.feat = { mask: this.mask, negation: this.options.negation, degree: this.options.degree, bigrams: this.options.bigrams, contrast: this.options.contrast, negators: this.options.negators, stopwords: this.options.stopwords, lexicon: this.options.lexicon };
  }

  static train(examples: readonly SentimentExample[], options: SentimentModelOptions = {}): SentimentModel {
    const m = new SentimentModel(options);
    const docs = examples.map((e) => ({ tf: m.counts(e.text), c: e.negative ? 1 : 0 }));
    for (const d of docs) m.countDocument(d.tf);
    if (m.options.minDf > 1) for (let b = 0; b < m.df.length; b++) if (m.df[b] < m.options.minDf) m.df[b] = 0;
    const xs = docs.map((d) => ({ v: m.weigh(d.tf), c: d.c }));
    const o = m.options;
    sgdFit(xs, m.W, m.bias, m.classDocs, { epochs: o.epochs, learningRate: o.learningRate, seed: o.seed, logistic: true, averaged: true });
    if (o.balance) m.balanceBias(xs);
    return m;
  }

  /** Shift the bias so the mean logit of each class sits symmetrically around 0. */
  private balanceBias(xs: readonly { v: Vec; c: number }[]): void {
    const sum = [0, 0];
    const n = [0, 0];
    for (const x of xs) {
      const s = linearScores(this.W, this.bias, x.v);
      sum[x.c] += s[1] - s[0];
      n[x.c]++;
    }
    if (n[0] === 0 || n[1] === 0) return;
    const mid = (sum[0] / n[0] + sum[1] / n[1]) / 2;
    this.bias[1] -= mid / 2;
    this.bias[0] += mid / 2;
  }

  counts(text: string): Counts {
    return sentimentCounts(text, this.feat);
  }

  private countDocument(tf: Counts): void {
    for (const b of tf.keys()) this.df[b]++;
    this.docCount++;
  }

  /** Sublinear tf × idf, L2-normalised; unknown buckets skipped. */
  private weigh(tf: Counts): Vec {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    const lnN = Math.log(1 + this.docCount) + 1;
    for (const [b, n] of tf) {
      const df = this.df[b];
      if (df === 0) continue;
      const x = (1 + Math.log(n)) * (lnN - Math.log(1 + df));
      idx.push(b);
      val.push(x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    return { idx: Int32Array.from(idx), val: Float64Array.from(val, (x) => x / norm) };
  }

  /**
   * Probability that the text is negative (0..1); 0.5 when no known feature. `prior` is a logit added
   * to the model's (the English lexicon score, which this model then only corrects).
   */
  pNegative(text: string, prior = 0): number {
    return softmax(this.scores(this.weigh(this.counts(text)), prior), 1)[1];
  }

  private scores(v: Vec, prior: number): number[] {
    const s = linearScores(this.W, this.bias, v);
    s[1] += prior;
    return s;
  }

  /**
   * Learn one corrected label: the text's unseen features become known, then SGD steps on it until
   * the model gives its label at least 0.75 (at most 40 steps). Returns the steps taken.
   */
  learn(text: string, negative: boolean, prior = 0): number {
    const tf = this.counts(text);
    this.countDocument(tf);
    const c = negative ? 1 : 0;
    this.classDocs[c]++;
    const v = this.weigh(tf);
    const g = new Float64Array(2);
    const unused = new Float64Array(2);
    let steps = 0;
    while (steps < LEARN_MAX_STEPS) {
      const s = this.scores(v, prior);
      if (softmax(s, 1)[c] >= LEARN_TARGET) break;
      lossGradient(true, s, c, g);
      // The bias stays: one text must not shift every other text's verdict.
      applyStep(this.W, [0, 0], v, g, this.options.learningRate, undefined, 0, unused);
      steps++;
    }
    return steps;
  }

  get examples(): number {
    return this.docCount;
  }

  toJSON(): SerializedSentimentModel {
    return { format: SENTIMENT_MODEL_FORMAT, formatVersion: 1, options: { ...this.options }, bias: this.bias.map((x) => Number(x.toPrecision(8))), docCount: this.docCount, classDocs: [...this.classDocs], ...encodeBuckets(this.df, this.W, 2) };
  }

  static fromJSON(json: SerializedSentimentModel | string): SentimentModel {
    const s = (typeof json === 'string' ? JSON.parse(json) : json) as SerializedSentimentModel;
    if (s.format !== SENTIMENT_MODEL_FORMAT || s.formatVersion !== 1) throw new Error(`not a ${SENTIMENT_MODEL_FORMAT} v1 model`);
    const m = new SentimentModel(s.options);
    decodeBuckets(s, 2, m.df, m.W);
    m.bias = [...s.bias];
    m.docCount = s.docCount;
    m.classDocs = [...s.classDocs];
    return m;
  }
}
