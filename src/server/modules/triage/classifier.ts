/**
 * Category classifier for complaints: a linear model over hashed word and CJK character
 * uni/bigram features (word bigrams and CJK trigrams optional) with sublinear tf-idf weighting and L2 normalisation.
 * The default is a class-balanced linear SVM (hinge loss, averaged SGD); multinomial
 * logistic regression and naive Bayes (complement, Rennie et al. 2003, or multinomial)
 * share the same features. Features are hashed into 2^hashBits buckets, so the model
 * size is bounded whatever the vocabulary; the serialised form stores only non-empty
 * buckets with 16-bit quantised weights (a few MB). Incremental updates, JSON
 * (de)serialisation and a keyword-rules cold start. Pure: no I/O.
 */
import { Tokenizer, normalizeText, type SegmenterKind } from './tokenize.js';
import { seededRandom } from './metrics.js';
import { fmix32 } from './similarity.js';

export interface LabelScore {
  label: string;
  confidence: number;
}

export interface Prediction {
  /** Best category, or null when neither model nor rules have anything to say. */
  label: string | null;
  /** 0..1; softmax probability for the model, a capped heuristic for rules. */
  confidence: number;
  /** Other categories, best first (excluding `label`). */
  alternatives: LabelScore[];
  /** Where the suggestion came from. */
  source: 'model' | 'rules' | 'none';
}

/** Cold-start rules: category → keywords (any language, matched case-insensitively). */
export type KeywordRules = Record<string, readonly string[]>;

export interface LabelledExample {
  text: string;
  label: string;
}

/**
 * 'svm': one-vs-rest linear SVM (hinge loss, averaged SGD, class-balanced);
 * 'logistic': multinomial logistic regression trained by SGD (class-balanced);
 * 'complement' / 'multinomial': naive Bayes. All share the tf-idf features.
 */
export type NbVariant = 'svm' | 'logistic' | 'complement' | 'multinomial';

export interface ClassifierOptions {
  variant?: NbVariant;
  /** Additive smoothing (naive Bayes). */
  alpha?: number;
  /** Add log class priors to scores (multinomial only; hurts macro-F1 on skewed data). */
  usePriors?: boolean;
  /** Below this many training examples (or fewer than 2 labels) predict with rules. */
  minExamples?: number;
  /** Softmax temperature for confidences; fitted by `train` unless given. */
  temperature?: number;
  segmenter?: SegmenterKind;
  customWords?: readonly string[];
  rules?: KeywordRules;
  /** Number of alternatives returned by predict. Default 3. */
  topK?: number;
  /** SVM/logistic: training epochs and initial learning rate (defaults depend on the variant). */
  epochs?: number;
  learningRate?: number;
  /** SVM/logistic: SGD steps applied by one `learn()` call (default 3). */
  learnSteps?: number;
  /** Seed for the SGD example order. */
  seed?: number;
  /** Features are hashed into 2^hashBits buckets. Default 18. */
  hashBits?: number;
  /**
   * `train` ignores features seen in fewer training documents (only when training on
   * 1,000 documents or more). Default 3.
   */
  minDf?: number;
  /** Word-bigram features (`v:`). Default false (no gain measured on online_shopping, +50 % size). */
  wordBigrams?: boolean;
  /** CJK character trigram features (`t:`). Default false. */
  cjkTrigrams?: boolean;
}

export const MODEL_FORMAT = 'redress.triage.nb' as const;

interface SerializedCommon {
  format: typeof MODEL_FORMAT;
  variant: NbVariant;
  alpha: number;
  usePriors: boolean;
  minExamples: number;
  temperature: number;
  segmenter: SegmenterKind;
  customWords: string[];
  rules: Record<string, string[]>;
  labels: string[];
  classDocs: number[];
  classTotals: number[];
  /** SVM/logistic: per-class bias. */
  bias: number[];
  epochs: number;
  learningRate: number;
  learnSteps: number;
  docCount: number;
}

/**
 * Current format. Only buckets with a non-zero document frequency are stored:
 * `buckets` and `df` are base64 LEB128 varints (bucket ids delta-encoded), `weights`
 * is base64 little-endian int16, `labels.length` values per stored bucket, each row
 * scaled by its entry of `rowScales` (base64 float32). The value is the weight
 * (SVM/logistic) or the tf-idf weight sum (naive Bayes).
 */
export interface SerializedModel extends SerializedCommon {
  formatVersion: 2;
  hashBits: number;
  minDf: number;
  wordBigrams: boolean;
  cjkTrigrams: boolean;
  buckets: string;
  df: string;
  rowScales: string;
  weights: string;
}

/** Version 1 (feature strings, not hashed); still readable by `fromJSON`. */
export interface SerializedModelV1 extends SerializedCommon {
  formatVersion: 1;
  /** feature → [documentFrequency, value for class 0, class 1, …]. */
  features: Record<string, number[]>;
}

const RULE_MAX_CONFIDENCE = 0.6;

/** Keyword-rule prediction (cold start). Counts distinct keyword hits per category. */
export function predictWithRules(text: string, rules: KeywordRules, topK = 3): Prediction {
  const norm = normalizeText(text);
  const scored: { label: string; hits: number }[] = [];
  for (const [label, keywords] of Object.entries(rules)) {
    let hits = 0;
    for (const k of keywords) {
      const kk = normalizeText(k).trim();
      if (kk && norm.includes(kk)) hits++;
    }
    if (hits > 0) scored.push({ label, hits });
  }
  if (scored.length === 0) return { label: null, confidence: 0, alternatives: [], source: 'none' };
  scored.sort((a, b) => b.hits - a.hits || a.label.localeCompare(b.label));
  const total = scored.reduce((s, x) => s + x.hits, 0);
  // Share of hits, damped by how much evidence there is; never above 0.6.
  const conf = (x: { hits: number }) =>
    round4(Math.min(RULE_MAX_CONFIDENCE, (x.hits / total) * RULE_MAX_CONFIDENCE * (1 - 0.5 ** x.hits) * 1.5));
  return {
    label: scored[0].label,
    confidence: conf(scored[0]),
    alternatives: scored.slice(1, 1 + topK).map((x) => ({ label: x.label, confidence: conf(x) })),
    source: 'rules',
  };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

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
type Counts = Map<number, number>;

/** Sparse, weighted, L2-normalised feature vector. */
interface Vec {
  idx: Int32Array;
  val: Float64Array;
}

function writeVarint(out: number[], x: number): void {
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x = Math.floor(x / 128);
  }
  out.push(x);
}

function readVarints(b64: string, n: number): number[] {
  const buf = Buffer.from(b64, 'base64');
  const out = new Array<number>(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    let x = 0;
    let mul = 1;
    for (;;) {
      const byte = buf[p++];
      if (byte === undefined) throw new Error('truncated model data');
      x += (byte & 0x7f) * mul;
      if (byte < 0x80) break;
      mul *= 128;
    }
    out[i] = x;
  }
  return out;
}

function typedToBase64(a: Int16Array | Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function base64ToBytes(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  // Copy into a fresh, aligned buffer for typed-array views.
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

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

  /**
   * Hashed term frequencies of a text: the buckets of `Tokenizer.tokens` with this
   * classifier's feature options, hashed without building the feature strings.
   */
  private counts(text: string): Counts {
    const tf: Counts = new Map();
    const mask = this.mask;
    const add = (h: number) => {
      const b = fmix32(h) & mask;
      tf.set(b, (tf.get(b) ?? 0) + 1);
    };
    const norm = normalizeText(text);
    let prev: string | null = null;
    for (const raw of this.tokenizer.wordsOfNormalized(norm)) {
      const w = raw.trim();
      if (this.wordBigrams && prev !== null) add(fnv(Math.imul(fnv(H_WORD2, prev) ^ SPACE, FNV_PRIME), w));
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
          if (this.cjkTrigrams && i + 2 < run.length) {
            add(Math.imul(Math.imul(Math.imul(H_TRI ^ a, FNV_PRIME) ^ b, FNV_PRIME) ^ run.charCodeAt(i + 2), FNV_PRIME));
          }
        }
      }
    }
    return tf;
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
    for (const x of xs) this.classDocs[x.c] += 1;
    const k = this.labels.length;
    // Class-balanced sample weights (square-root damped) help macro-F1 on skewed data.
    const cw = this.classDocs.map((n) => Math.sqrt(xs.length / (k * Math.max(1, n))));
    const rand = seededRandom(this.seed);
    const order = xs.map((_, i) => i);
    const total = this.epochs * xs.length;
    const W = this.W;
    const averaged = this.variant === 'svm';
    // Averaged SGD (Polyak): U accumulates t·Δw so that the average is W − U/t.
    const U = averaged ? new Float64Array(W.length) : undefined;
    const Ub = new Float64Array(k);
    const g = new Float64Array(k);
    let t = 0;
    for (let e = 0; e < this.epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const i of order) {
        const x = xs[i];
        // Linear decay to 10 % of the initial rate.
        const lr = this.learningRate * (1 - 0.9 * (t / total)) * cw[x.c];
        t++;
        if (!this.gradient(x.v, x.c, g)) continue;
        this.applyStep(x.v, g, lr, U, t, Ub);
      }
    }
    if (U) {
      for (let q = 0; q < W.length; q++) W[q] -= U[q] / t;
      for (let c = 0; c < k; c++) this.bias[c] -= Ub[c] / t;
    }
  }

  /**
   * Loss gradient w.r.t. the scores of one example into `g`; false when it is zero
   * (hinge: every margin met).
   */
  private gradient(v: Vec, c: number, g: Float64Array): boolean {
    const k = this.labels.length;
    const s = this.linearScores(v);
    if (this.variant === 'logistic') {
      const p = softmax(s, 1);
      for (let j = 0; j < k; j++) g[j] = p[j];
      g[c] -= 1;
      return true;
    }
    let any = false;
    for (let j = 0; j < k; j++) {
      const y = j === c ? 1 : -1;
      g[j] = y * s[j] < 1 ? -y : 0;
      if (g[j] !== 0) any = true;
    }
    return any;
  }

  private applyStep(v: Vec, g: Float64Array, lr: number, U: Float64Array | undefined, t: number, Ub: Float64Array): void {
    const k = this.labels.length;
    const W = this.W;
    for (let j = 0; j < k; j++) {
      if (g[j] === 0) continue;
      this.bias[j] -= lr * g[j];
      Ub[j] -= t * lr * g[j];
    }
    for (let i = 0; i < v.idx.length; i++) {
      const base = v.idx[i] * k;
      const a = lr * v.val[i];
      for (let j = 0; j < k; j++) {
        if (g[j] === 0) continue;
        const d = a * g[j];
        W[base + j] -= d;
        if (U) U[base + j] -= t * d;
      }
    }
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

  private linearScores(v: Vec, len = v.idx.length): number[] {
    const k = this.labels.length;
    const W = this.W;
    const out = this.bias.slice();
    for (let i = 0; i < len; i++) {
      const base = v.idx[i] * k;
      const x = v.val[i];
      for (let c = 0; c < k; c++) out[c] += W[base + c] * x;
    }
    return out;
  }

  /** Raw per-class scores (higher is better). */
  private scores(tf: Counts): number[] {
    if (this.linear) {
      const len = this.weighInto(tf); // may grow the scratch buffers: read them afterwards
      return this.linearScores({ idx: this.scratchIdx, val: this.scratchVal }, len);
    }
    const v = this.weigh(tf);
    const k = this.labels.length;
    const W = this.W;
    const grand = this.classTotals.reduce((a, b) => a + b, 0);
    const out = new Array<number>(k).fill(0);
    const a = this.alpha;
    const vocab = this.known;
    if (this.variant === 'complement') {
      const denom = this.classTotals.map((t) => Math.log(a * vocab + (grand - t)));
      for (let i = 0; i < v.idx.length; i++) {
        const base = v.idx[i] * k;
        let all = 0;
        for (let c = 0; c < k; c++) all += W[base + c];
        for (let c = 0; c < k; c++) {
          // Score = −Σ x·log θ(complement of c): a class is likely if its complement rarely has the feature.
          out[c] -= v.val[i] * (Math.log(a + all - W[base + c]) - denom[c]);
        }
      }
    } else {
      const denom = this.classTotals.map((t) => Math.log(a * vocab + t));
      for (let i = 0; i < v.idx.length; i++) {
        const base = v.idx[i] * k;
        for (let c = 0; c < k; c++) out[c] += v.val[i] * (Math.log(a + W[base + c]) - denom[c]);
      }
      if (this.usePriors) {
        for (let c = 0; c < k; c++) out[c] += Math.log((this.classDocs[c] + 1) / (this.docCount + k));
      }
    }
    return out;
  }

  /** Pick the temperature minimising log-loss on held-out documents. */
  private fitTemperature(held: readonly { counts: Counts; label: string }[]): number {
    const sets = held
      .filter((d) => this.labelIndex.has(d.label))
      .map((d) => ({ s: this.scores(d.counts), y: this.labelIndex.get(d.label)! }));
    if (sets.length === 0) return 1;
    let best = 1;
    let bestLoss = Infinity;
    for (let t = 0.002; t <= 2; t *= 1.15) {
      let loss = 0;
      for (const { s, y } of sets) loss -= Math.log(Math.max(1e-12, softmax(s, t)[y]));
      if (loss < bestLoss) {
        bestLoss = loss;
        best = t;
      }
    }
    return Math.round(best * 1e6) / 1e6;
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
    const k = this.labels.length;
    const ids: number[] = [];
    const dfs: number[] = [];
    const rows: number[] = [];
    let prev = 0;
    for (let b = 0; b < this.dim; b++) {
      if (this.df[b] === 0) continue;
      writeVarint(ids, b - prev);
      prev = b;
      writeVarint(dfs, this.df[b]);
      rows.push(b);
    }
    const scales = new Float32Array(rows.length);
    const q = new Int16Array(rows.length * k);
    rows.forEach((b, r) => {
      let max = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(this.W[b * k + c]));
      const scale = Math.fround(max / 32767);
      scales[r] = scale;
      if (scale === 0) return;
      for (let c = 0; c < k; c++) q[r * k + c] = Math.max(-32767, Math.min(32767, Math.round(this.W[b * k + c] / scale)));
    });
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
      buckets: Buffer.from(ids).toString('base64'),
      df: Buffer.from(dfs).toString('base64'),
      rowScales: typedToBase64(scales),
      weights: typedToBase64(q),
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
      const scales = new Float32Array(base64ToBytes(v2.rowScales).buffer);
      const n = scales.length;
      const deltas = readVarints(v2.buckets, n);
      const dfs = readVarints(v2.df, n);
      const q = new Int16Array(base64ToBytes(v2.weights).buffer);
      if (q.length !== n * k) throw new Error('model weights do not match its labels');
      let b = 0;
      for (let r = 0; r < n; r++) {
        b += deltas[r];
        clf.df[b] = dfs[r];
        const s = scales[r];
        for (let c = 0; c < k; c++) clf.W[b * k + c] = q[r * k + c] * s;
      }
      clf.known = n;
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

function softmax(scores: readonly number[], temperature: number): number[] {
  let m = -Infinity;
  for (const s of scores) if (s > m) m = s;
  const e = scores.map((s) => Math.exp((s - m) / temperature));
  const z = e.reduce((x, y) => x + y, 0);
  return e.map((x) => x / z);
}
