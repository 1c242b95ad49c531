/**
 * Category classifier for complaints: a linear model over hashed word and CJK character
 * uni/bigram features (word bigrams and CJK trigrams optional) with sublinear tf-idf weighting and L2 normalisation.
 * The default is a class-balanced linear SVM (hinge loss, averaged SGD); multinomial
 * logistic regression and naive Bayes (complement, Rennie et al. 2003, or multinomial)
 * share the same features. Features are hashed into 2^hashBits buckets, so the model
 * size is bounded whatever the vocabulary; the serialised form stores only non-empty
 * buckets with 16-bit quantised weights (a few MB). Incremental updates, JSON
 * (de)serialisation and a keyword-rules cold start. Pure: no I/O.
 *
 * Parts: classifier.types.ts (options, predictions), classifier.features.ts (hashing),
 * classifier.math.ts (SGD steps, naive Bayes, softmax), classifier.train.ts (batch SGD, temperature
 * fit), classifier.codec.ts (stored form), keyword-rules.ts (cold start).
 */
import { Tokenizer, type SegmenterKind } from './tokenize.js';
import { hashFeature, hashedCounts, type Counts, type Vec } from './classifier.features.js';
import { applyStep, linearScores, lossGradient, naiveBayesScores, softmax } from './classifier.math.js';
import { bestTemperature, sgdFit } from './classifier.train.js';
import { MODEL_FORMAT, decodeBuckets, encodeBuckets, type SerializedModel, type SerializedModelV1 } from './classifier.codec.js';
import { predictWithRules, round4 } from './keyword-rules.js';
import type { ClassifierOptions, KeywordRules, LabelledExample, NbVariant, Prediction } from './classifier.types.js';

export type { ClassifierOptions, KeywordRules, LabelScore, LabelledExample, NbVariant, Prediction } from './classifier.types.js';
export { MODEL_FORMAT, type SerializedModel, type SerializedModelV1 } from './classifier.codec.js';
export { predictWithRules } from './keyword-rules.js';
export { hashFeature } from './classifier.features.js';

/** Below this many training documents every feature is kept (`minDf` is not applied). */
const MIN_DOCS_TO_PRUNE = 1000;

const DEFAULTS: Record<'svm' | 'logistic', { epochs: number; learningRate: number }> = {
  svm: { epochs: 8, learningRate: 0.3 },
  logistic: { epochs: 8, learningRate: 1 },
};

export class TriageClassifier {
  readonly variant: NbVariant;
  readonly alpha: number;
  readonly usePriors: boolean;
  readonly minExamples: number;
  temperature: number;
  readonly segmenter: SegmenterKind;
  readonly customWords: readonly string[];
  rules: KeywordRules;
  topK: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly learnSteps: number;
  readonly hashBits: number;
  readonly minDf: number;
  readonly wordBigrams: boolean;
  readonly cjkTrigrams: boolean;
  private readonly seed: number;
  private readonly dim: number;
  private readonly mask: number;
  private tokenizer: Tokenizer;

  private labels: string[] = [];
  private labelIndex = new Map<string, number>();
  private classDocs: number[] = [];
  private classTotals: number[] = [];
  private bias: number[] = [];
  private docCount = 0;
  /** Document frequency per bucket; 0 = unknown (never seen, or pruned by minDf). */
  private df: Uint32Array;
  /** Number of buckets with df > 0 (the vocabulary size for naive Bayes smoothing). */
  private known = 0;
  /** Bucket-major values: W[bucket * k + class]. */
  private W: Float32Array = new Float32Array(0);

  constructor(options: ClassifierOptions = {}) {
    this.variant = options.variant ?? 'svm';
    const d = this.variant === 'logistic' ? DEFAULTS.logistic : DEFAULTS.svm;
    this.epochs = options.epochs ?? d.epochs;
    this.learningRate = options.learningRate ?? d.learningRate;
    this.learnSteps = options.learnSteps ?? 3;
    this.seed = options.seed ?? 42;
    this.alpha = options.alpha ?? 0.3;
    this.usePriors = options.usePriors ?? false;
    this.minExamples = options.minExamples ?? 20;
    this.temperature = options.temperature ?? 1;
    this.segmenter = options.segmenter ?? 'jieba';
    this.customWords = [...(options.customWords ?? [])];
    this.rules = options.rules ?? {};
    this.topK = options.topK ?? 3;
    this.hashBits = options.hashBits ?? 18;
    if (!Number.isInteger(this.hashBits) || this.hashBits < 10 || this.hashBits > 24) throw new Error('hashBits must be an integer in 10..24');
    this.minDf = options.minDf ?? 3;
    this.wordBigrams = options.wordBigrams ?? false;
    this.cjkTrigrams = options.cjkTrigrams ?? false;
    this.dim = 2 ** this.hashBits;
    this.mask = this.dim - 1;
    this.df = new Uint32Array(this.dim);
    this.tokenizer = new Tokenizer({
      segmenter: this.segmenter,
      customWords: this.customWords,
      wordBigrams: this.wordBigrams,
      cjkTrigrams: this.cjkTrigrams,
    });
  }

  private get linear(): boolean {
    return this.variant === 'svm' || this.variant === 'logistic';
  }

  /** Train a new classifier on labelled examples (and fit the confidence temperature). */
  static train(examples: readonly LabelledExample[], options: ClassifierOptions = {}): TriageClassifier {
    const clf = new TriageClassifier(options);
    // Tokenise and hash every text once; the calibration fold reuses the counts.
    const docs = examples.map((e) => ({ counts: clf.counts(e.text), label: e.label }));
    if (options.temperature === undefined && examples.length >= 100) {
      // Fit the temperature on a deterministic 1-in-5 hold-out, then train on everything.
      const fold = new TriageClassifier(options);
      fold.tokenizer = clf.tokenizer;
      fold.fit(docs.filter((_, i) => i % 5 !== 0));
      clf.temperature = fold.fitTemperature(docs.filter((_, i) => i % 5 === 0));
    }
    clf.fit(docs);
    return clf;
  }

  /** Hashed term frequencies of a text with this classifier's feature options. */
  private counts(text: string): Counts {
    return hashedCounts(this.tokenizer, text, { mask: this.mask, wordBigrams: this.wordBigrams, cjkTrigrams: this.cjkTrigrams });
  }

  /** Feature buckets of a text (for tests and diagnostics). */
  featureBuckets(text: string): Map<number, number> {
    return new Map(this.counts(text));
  }

  private countDocument(tf: Counts): void {
    for (const b of tf.keys()) {
      if (this.df[b]++ === 0) this.known++;
    }
    this.docCount += 1;
  }

  private fit(docs: readonly { counts: Counts; label: string }[]): void {
    for (const d of docs) this.classOf(d.label);
    for (const d of docs) this.countDocument(d.counts);
    if (this.minDf > 1 && docs.length >= MIN_DOCS_TO_PRUNE) {
      // Rare features: treated as unknown (also after a round trip), so they cost no space.
      for (let b = 0; b < this.dim; b++) {
        if (this.df[b] > 0 && this.df[b] < this.minDf) {
          this.df[b] = 0;
          this.known--;
        }
      }
    }
    if (!this.linear) {
      for (const d of docs) this.accumulate(this.weigh(d.counts), this.classOf(d.label));
      return;
    }
    const xs = docs.map((d) => ({ v: this.weigh(d.counts), c: this.classOf(d.label) }));
    sgdFit(xs, this.W, this.bias, this.classDocs, { epochs: this.epochs, learningRate: this.learningRate, seed: this.seed, logistic: this.variant === 'logistic', averaged: this.variant === 'svm' });
  }

  private gradient(v: Vec, c: number, g: Float64Array): boolean {
    return lossGradient(this.variant === 'logistic', linearScores(this.W, this.bias, v), c, g);
  }

  private applyStep(v: Vec, g: Float64Array, lr: number, U: Float64Array | undefined, t: number, Ub: Float64Array): void {
    applyStep(this.W, this.bias, v, g, lr, U, t, Ub);
  }

  private classOf(label: string): number {
    let c = this.labelIndex.get(label);
    if (c === undefined) {
      c = this.labels.length;
      const k = c + 1;
      // Re-lay the bucket-major matrix out with one more class.
      const W = new Float32Array(this.dim * k);
      if (c > 0) {
        const old = this.W;
        for (let b = 0; b < this.dim; b++) {
          const src = b * c;
          if (this.df[b] === 0 && old[src] === 0) continue;
          W.set(old.subarray(src, src + c), b * k);
        }
      }
      this.W = W;
      this.labels.push(label);
      this.labelIndex.set(label, c);
      this.classDocs.push(0);
      this.classTotals.push(0);
      this.bias.push(0);
    }
    return c;
  }

  /** Sublinear tf × idf, L2-normalised; unknown buckets are skipped. */
  private weigh(tf: Counts): Vec {
    const n = this.weighInto(tf);
    return { idx: this.scratchIdx.slice(0, n), val: this.scratchVal.slice(0, n) };
  }

  private scratchIdx = new Int32Array(256);
  private scratchVal = new Float64Array(256);

  /** `weigh` into the scratch buffers; returns the number of entries. */
  private weighInto(tf: Counts): number {
    if (this.scratchIdx.length < tf.size) {
      this.scratchIdx = new Int32Array(tf.size * 2);
      this.scratchVal = new Float64Array(tf.size * 2);
    }
    const idx = this.scratchIdx;
    const val = this.scratchVal;
    let len = 0;
    let norm = 0;
    // idf = ln((1 + N) / (1 + df)) + 1
    const lnN = Math.log(1 + this.docCount) + 1;
    for (const [b, n] of tf) {
      const df = this.df[b];
      if (df === 0) continue;
      const x = (n === 1 ? 1 : 1 + Math.log(n)) * (lnN - Math.log(1 + df));
      idx[len] = b;
      val[len++] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < len; i++) val[i] /= norm;
    return len;
  }

  private accumulate(v: Vec, c: number): void {
    const k = this.labels.length;
    for (let i = 0; i < v.idx.length; i++) {
      this.W[v.idx[i] * k + c] += v.val[i];
      this.classTotals[c] += v.val[i];
    }
    this.classDocs[c] += 1;
  }

  /** Incremental update from one confirmed or corrected complaint. */
  learn(text: string, label: string): void {
    const c = this.classOf(label);
    const tf = this.counts(text);
    this.countDocument(tf);
    const v = this.weigh(tf);
    if (!this.linear) {
      this.accumulate(v, c);
      return;
    }
    this.classDocs[c] += 1;
    const g = new Float64Array(this.labels.length);
    const unused = new Float64Array(this.labels.length);
    for (let s = 0; s < this.learnSteps; s++) {
      if (this.gradient(v, c, g)) this.applyStep(v, g, this.learningRate * 0.5, undefined, 0, unused);
    }
  }

  get examplesSeen(): number {
    return this.docCount;
  }

  get knownLabels(): readonly string[] {
    return this.labels;
  }

  /** Whether predictions come from the model (true) or from keyword rules (false). */
  get usesModel(): boolean {
    return this.docCount >= this.minExamples && this.labels.length >= 2;
  }

  /** Raw per-class scores (higher is better). */
  private scores(tf: Counts): number[] {
    if (this.linear) {
      const len = this.weighInto(tf); // may grow the scratch buffers: read them afterwards
      return linearScores(this.W, this.bias, { idx: this.scratchIdx, val: this.scratchVal }, len);
    }
    return naiveBayesScores(
      { complement: this.variant === 'complement', alpha: this.alpha, usePriors: this.usePriors, W: this.W, classTotals: this.classTotals, classDocs: this.classDocs, docCount: this.docCount, vocab: this.known },
      this.weigh(tf),
    );
  }

  /** Pick the temperature minimising log-loss on held-out documents. */
  private fitTemperature(held: readonly { counts: Counts; label: string }[]): number {
    const sets = held
      .filter((d) => this.labelIndex.has(d.label))
      .map((d) => ({ s: this.scores(d.counts), y: this.labelIndex.get(d.label)! }));
    return bestTemperature(sets);
  }

  /** Suggest a category with a confidence and alternatives. */
  predict(text: string): Prediction {
    if (!this.usesModel) return predictWithRules(text, this.rules, this.topK);
    const probs = softmax(this.scores(this.counts(text)), this.temperature);
    const ranked = probs.map((p, c) => ({ label: this.labels[c], confidence: round4(p) })).sort((x, y) => y.confidence - x.confidence);
    return { label: ranked[0].label, confidence: ranked[0].confidence, alternatives: ranked.slice(1, 1 + this.topK), source: 'model' };
  }

  /** JSON-safe snapshot: non-empty buckets only, weights quantised to 16 bits per row. */
  toJSON(): SerializedModel {
    const rules: Record<string, string[]> = {};
    for (const [key, v] of Object.entries(this.rules)) rules[key] = [...v];
    return {
      format: MODEL_FORMAT,
      formatVersion: 2,
      variant: this.variant,
      alpha: this.alpha,
      usePriors: this.usePriors,
      minExamples: this.minExamples,
      temperature: this.temperature,
      segmenter: this.segmenter,
      customWords: [...this.customWords],
      rules,
      labels: [...this.labels],
      classDocs: [...this.classDocs],
      classTotals: this.classTotals.map((x) => Number(x.toPrecision(8))),
      bias: this.bias.map((x) => Number(x.toPrecision(8))),
      epochs: this.epochs,
      learningRate: this.learningRate,
      learnSteps: this.learnSteps,
      docCount: this.docCount,
      hashBits: this.hashBits,
      minDf: this.minDf,
      wordBigrams: this.wordBigrams,
      cjkTrigrams: this.cjkTrigrams,
      ...encodeBuckets(this.df, this.W, this.labels.length),
    };
  }

  static fromJSON(json: SerializedModel | SerializedModelV1 | string): TriageClassifier {
    const m = (typeof json === 'string' ? JSON.parse(json) : json) as SerializedModel | SerializedModelV1;
    if (m.format !== MODEL_FORMAT || (m.formatVersion !== 1 && m.formatVersion !== 2)) throw new Error(`not a ${MODEL_FORMAT} v1/v2 model`);
    const v2 = m.formatVersion === 2 ? m : undefined;
    const v1 = m.formatVersion === 1 ? m : undefined;
    const clf = new TriageClassifier({
      variant: m.variant,
      alpha: m.alpha,
      usePriors: m.usePriors,
      minExamples: m.minExamples,
      temperature: m.temperature,
      segmenter: m.segmenter,
      customWords: m.customWords,
      rules: m.rules,
      epochs: m.epochs,
      learningRate: m.learningRate,
      learnSteps: m.learnSteps,
      // A v1 model knew words and CJK uni/bigrams only.
      hashBits: v2?.hashBits ?? 18,
      minDf: v2?.minDf ?? 1,
      wordBigrams: v2?.wordBigrams ?? false,
      cjkTrigrams: v2?.cjkTrigrams ?? false,
    });
    m.labels.forEach((l) => clf.classOf(l));
    const k = m.labels.length;
    clf.classDocs = [...m.classDocs];
    clf.classTotals = [...m.classTotals];
    clf.bias = [...m.bias];
    clf.docCount = m.docCount;
    if (v2) {
      clf.known = decodeBuckets(v2, k, clf.df, clf.W);
    } else if (v1) {
      // Legacy: hash the feature strings; colliding features add up.
      for (const [f, row] of Object.entries(v1.features)) {
        const b = hashFeature(f) & clf.mask;
        if (clf.df[b] === 0 && row[0] > 0) clf.known++;
        clf.df[b] = Math.max(clf.df[b], row[0]);
        for (let c = 0; c < k; c++) clf.W[b * k + c] += row[c + 1] ?? 0;
      }
    }
    return clf;
  }
}
