/**
 * Category classifier for complaints: naive Bayes over word + CJK n-gram features
 * with sublinear tf-idf weighting (complement NB by default, Rennie et al. 2003),
 * incremental updates, JSON (de)serialisation and a keyword-rules cold start.
 * Pure: no I/O.
 */
import { Tokenizer, normalizeText, type SegmenterKind } from './tokenize.js';
import { seededRandom } from './metrics.js';

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
 * 'logistic': multinomial logistic regression trained by SGD (class-balanced);
 * 'complement' / 'multinomial': naive Bayes. All share the tf-idf features.
 */
export type NbVariant = 'logistic' | 'complement' | 'multinomial';

export interface ClassifierOptions {
  variant?: NbVariant;
  /** Additive smoothing. */
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
  /** Logistic only: training epochs (default 6) and initial learning rate (default 1). */
  epochs?: number;
  learningRate?: number;
  /** Logistic only: SGD steps applied by one `learn()` call (default 3). */
  learnSteps?: number;
  /** Seed for the SGD example order. */
  seed?: number;
}

export const MODEL_FORMAT = 'redress.triage.nb' as const;

export interface SerializedModel {
  format: typeof MODEL_FORMAT;
  formatVersion: 1;
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
  /** Logistic only: per-class bias. */
  bias: number[];
  epochs: number;
  learningRate: number;
  learnSteps: number;
  docCount: number;
  /**
   * feature → [documentFrequency, value for class 0, class 1, …]; the value is the
   * tf-idf weight sum (naive Bayes) or the weight (logistic).
   */
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
  private readonly seed: number;
  private bias: number[] = [];

  private readonly tokenizer: Tokenizer;
  private labels: string[] = [];
  private labelIndex = new Map<string, number>();
  private classDocs: number[] = [];
  private classTotals: number[] = [];
  private docCount = 0;
  /** feature string → id; rows[id] = [df, value class 0, value class 1, …] (grows with new labels). */
  private vocab = new Map<string, number>();
  private rows: number[][] = [];

  constructor(options: ClassifierOptions = {}) {
    this.variant = options.variant ?? 'logistic';
    this.epochs = options.epochs ?? 6;
    this.learningRate = options.learningRate ?? 1;
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
    this.tokenizer = new Tokenizer({ segmenter: this.segmenter, customWords: this.customWords });
  }

  /** Train a new classifier on labelled examples (and fit the confidence temperature). */
  static train(examples: readonly LabelledExample[], options: ClassifierOptions = {}): TriageClassifier {
    const clf = new TriageClassifier(options);
    if (options.temperature === undefined && examples.length >= 100) {
      // Fit the temperature on a deterministic 1-in-5 hold-out, then train on everything.
      const fold = new TriageClassifier(options);
      fold.fitDocs(examples.filter((_, i) => i % 5 !== 0).map((e) => ({ tf: fold.termFreq(e.text, true), label: e.label })));
      const held = examples.filter((_, i) => i % 5 === 0).map((e) => ({ tf: fold.termFreq(e.text, false), label: e.label }));
      clf.temperature = fold.fitTemperature(held);
    }
    clf.fitDocs(examples.map((e) => ({ tf: clf.termFreq(e.text, true), label: e.label })));
    return clf;
  }

  private fitDocs(docs: readonly { tf: Map<number[], number>; label: string }[]): void {
    // Document frequencies were counted by termFreq(…, true): every document is weighted with the final idf.
    if (this.variant !== 'logistic') {
      for (const d of docs) this.accumulate(d.tf, this.classOf(d.label));
      return;
    }
    const xs = docs.map((d) => ({ ...this.weigh(d.tf), c: this.classOf(d.label) }));
    for (const x of xs) this.classDocs[x.c] += 1;
    const k = this.labels.length;
    // Class-balanced sample weights (square-root damped) help macro-F1 on skewed data.
    const cw = this.classDocs.map((n) => Math.sqrt(xs.length / (k * Math.max(1, n))));
    const rand = seededRandom(this.seed);
    const order = xs.map((_, i) => i);
    let t = 0;
    const total = this.epochs * xs.length;
    for (let e = 0; e < this.epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const i of order) {
        const x = xs[i];
        // Linear decay to 10 % of the initial rate.
        const lr = this.learningRate * (1 - 0.9 * (t++ / total));
        this.sgdStep(x.rows, x.w, x.c, lr * cw[x.c]);
      }
    }
  }

  /** One softmax-regression SGD step on a weighted example. */
  private sgdStep(rows: number[][], w: number[], c: number, lr: number): void {
    const k = this.labels.length;
    const logits = this.bias.slice();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      while (row.length <= k) row.push(0);
      for (let j = 0; j < k; j++) logits[j] += row[j + 1] * w[i];
    }
    const p = this.softmax(logits, 1);
    p[c] -= 1;
    for (let j = 0; j < k; j++) this.bias[j] -= lr * p[j];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const g = lr * w[i];
      for (let j = 0; j < k; j++) row[j + 1] -= g * p[j];
    }
  }

  private classOf(label: string): number {
    let c = this.labelIndex.get(label);
    if (c === undefined) {
      c = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, c);
      this.classDocs.push(0);
      this.classTotals.push(0);
      this.bias.push(0);
    }
    return c;
  }

  /**
   * Feature rows of a text with their term frequencies. With `add`, unknown features
   * get a row and every feature's document frequency is counted.
   */
  private termFreq(text: string, add: boolean): Map<number[], number> {
    const tf = new Map<number[], number>();
    for (const t of this.tokenizer.tokens(text)) {
      let id = this.vocab.get(t);
      if (id === undefined) {
        if (!add) continue;
        id = this.rows.length;
        this.vocab.set(t, id);
        this.rows.push([0]);
      }
      const row = this.rows[id];
      tf.set(row, (tf.get(row) ?? 0) + 1);
    }
    if (add) {
      for (const row of tf.keys()) row[0] += 1;
      this.docCount += 1;
    }
    return tf;
  }

  private idf(df: number): number {
    return Math.log((1 + this.docCount) / (1 + df)) + 1;
  }

  /** Sublinear tf × idf, L2-normalised; unknown features are skipped. */
  private weigh(tf: Map<number[], number>): { rows: number[][]; w: number[] } {
    const rows: number[][] = [];
    const w: number[] = [];
    let norm = 0;
    for (const [row, n] of tf) {
      if (row[0] === 0) continue;
      const x = (1 + Math.log(n)) * this.idf(row[0]);
      rows.push(row);
      w.push(x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < w.length; i++) w[i] /= norm;
    return { rows, w };
  }

  private accumulate(tf: Map<number[], number>, c: number): void {
    const { rows, w } = this.weigh(tf);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      while (row.length <= c + 1) row.push(0);
      row[c + 1] += w[i];
      this.classTotals[c] += w[i];
    }
    this.classDocs[c] += 1;
  }

  /** Incremental update from one confirmed or corrected complaint. */
  learn(text: string, label: string): void {
    const c = this.classOf(label);
    const tf = this.termFreq(text, true);
    if (this.variant !== 'logistic') {
      this.accumulate(tf, c);
      return;
    }
    this.classDocs[c] += 1;
    const { rows, w } = this.weigh(tf);
    for (let s = 0; s < this.learnSteps; s++) this.sgdStep(rows, w, c, this.learningRate * 0.5);
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
  private scores(tf: Map<number[], number>): number[] {
    const k = this.labels.length;
    const vocab = this.rows.length;
    const { rows, w } = this.weigh(tf);
    const grand = this.classTotals.reduce((a, b) => a + b, 0);
    const out = new Array<number>(k).fill(0);
    const a = this.alpha;
    if (this.variant === 'logistic') {
      for (let c = 0; c < k; c++) out[c] = this.bias[c];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        for (let c = 0; c < k; c++) out[c] += (row[c + 1] ?? 0) * w[i];
      }
    } else if (this.variant === 'complement') {
      const denom = this.classTotals.map((t) => Math.log(a * vocab + (grand - t)));
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        let all = 0;
        for (let c = 0; c < k; c++) all += row[c + 1] ?? 0;
        for (let c = 0; c < k; c++) {
          // Score = −Σ x·log θ(complement of c): a class is likely if its complement rarely has the feature.
          out[c] -= w[i] * (Math.log(a + all - (row[c + 1] ?? 0)) - denom[c]);
        }
      }
    } else {
      const denom = this.classTotals.map((t) => Math.log(a * vocab + t));
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        for (let c = 0; c < k; c++) out[c] += w[i] * (Math.log(a + (row[c + 1] ?? 0)) - denom[c]);
      }
      if (this.usePriors) {
        for (let c = 0; c < k; c++) out[c] += Math.log((this.classDocs[c] + 1) / (this.docCount + k));
      }
    }
    return out;
  }

  private softmax(scores: number[], temperature: number): number[] {
    const m = Math.max(...scores);
    const e = scores.map((s) => Math.exp((s - m) / temperature));
    const z = e.reduce((x, y) => x + y, 0);
    return e.map((x) => x / z);
  }

  /** Pick the temperature minimising log-loss on held-out documents. */
  private fitTemperature(held: readonly { tf: Map<number[], number>; label: string }[]): number {
    const sets = held
      .filter((d) => this.labelIndex.has(d.label))
      .map((d) => ({ s: this.scores(d.tf), y: this.labelIndex.get(d.label)! }));
    if (sets.length === 0) return 1;
    let best = 1;
    let bestLoss = Infinity;
    for (let t = 0.002; t <= 2; t *= 1.15) {
      let loss = 0;
      for (const { s, y } of sets) loss -= Math.log(Math.max(1e-12, this.softmax(s, t)[y]));
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
    const probs = this.softmax(this.scores(this.termFreq(text, false)), this.temperature);
    const ranked = probs.map((p, c) => ({ label: this.labels[c], confidence: round4(p) })).sort((x, y) => y.confidence - x.confidence);
    return { label: ranked[0].label, confidence: ranked[0].confidence, alternatives: ranked.slice(1, 1 + this.topK), source: 'model' };
  }

  /** JSON-safe snapshot (weights rounded to 6 significant digits). */
  toJSON(): SerializedModel {
    const features: Record<string, number[]> = {};
    for (const [f, id] of this.vocab) features[f] = this.rows[id].map((x) => (Number.isInteger(x) ? x : Number(x.toPrecision(6))));
    const rules: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(this.rules)) rules[k] = [...v];
    return {
      format: MODEL_FORMAT,
      formatVersion: 1,
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
      classTotals: [...this.classTotals],
      bias: this.bias.map((x) => Number(x.toPrecision(6))),
      epochs: this.epochs,
      learningRate: this.learningRate,
      learnSteps: this.learnSteps,
      docCount: this.docCount,
      features,
    };
  }

  static fromJSON(json: SerializedModel | string): TriageClassifier {
    const m: SerializedModel = typeof json === 'string' ? (JSON.parse(json) as SerializedModel) : json;
    if (m.format !== MODEL_FORMAT || m.formatVersion !== 1) throw new Error(`not a ${MODEL_FORMAT} v1 model`);
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
    });
    m.labels.forEach((l) => clf.classOf(l));
    clf.classDocs = [...m.classDocs];
    clf.classTotals = [...m.classTotals];
    clf.bias = [...m.bias];
    clf.docCount = m.docCount;
    for (const [f, row] of Object.entries(m.features)) {
      clf.vocab.set(f, clf.rows.length);
      clf.rows.push([...row]);
    }
    return clf;
  }
}
