/**
 * The arithmetic of the classifier's models over sparse tf-idf vectors: softmax, the SGD step of the
 * linear models (one-vs-rest hinge for the SVM, cross-entropy for logistic regression) and the naive
 * Bayes scores. Weights are bucket-major: W[bucket * k + class]. Pure.
 */
import type { Vec } from './classifier.features.js';

export function softmax(scores: readonly number[], temperature: number): number[] {
  let m = -Infinity;
  for (const s of scores) if (s > m) m = s;
  const e = scores.map((s) => Math.exp((s - m) / temperature));
  const z = e.reduce((x, y) => x + y, 0);
  return e.map((x) => x / z);
}

/** Per-class linear scores: bias + W·v over the first `len` entries of v. */
export function linearScores(W: Float32Array, bias: readonly number[], v: Vec, len = v.idx.length): number[] {
  const k = bias.length;
  const out = bias.slice();
  for (let i = 0; i < len; i++) {
    const base = v.idx[i] * k;
    const x = v.val[i];
    for (let c = 0; c < k; c++) out[c] += W[base + c] * x;
  }
  return out;
}

/**
 * Loss gradient w.r.t. the scores `s` of one example of class c into `g`; false when it is zero
 * (hinge: every margin met).
 */
export function lossGradient(logistic: boolean, s: readonly number[], c: number, g: Float64Array): boolean {
  const k = s.length;
  if (logistic) {
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

/**
 * One SGD step of size lr along −g·v. With U and Ub (averaged SGD, Polyak) it also accumulates t·Δ so
 * that the average is W − U/t.
 */
export function applyStep(W: Float32Array, bias: number[], v: Vec, g: Float64Array, lr: number, U: Float64Array | undefined, t: number, Ub: Float64Array): void {
  const k = bias.length;
  for (let j = 0; j < k; j++) {
    if (g[j] === 0) continue;
    bias[j] -= lr * g[j];
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

export interface NaiveBayes {
  complement: boolean;
  alpha: number;
  usePriors: boolean;
  /** Tf-idf weight sums: W[bucket * k + class]. */
  W: Float32Array;
  classTotals: readonly number[];
  classDocs: readonly number[];
  docCount: number;
  /** Number of known buckets (the vocabulary size for smoothing). */
  vocab: number;
}

/** Naive Bayes log scores of a vector (complement or multinomial). */
export function naiveBayesScores(m: NaiveBayes, v: Vec): number[] {
  const k = m.classTotals.length;
  const W = m.W;
  const grand = m.classTotals.reduce((a, b) => a + b, 0);
  const out = new Array<number>(k).fill(0);
  const a = m.alpha;
  if (m.complement) {
    const denom = m.classTotals.map((t) => Math.log(a * m.vocab + (grand - t)));
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
    const denom = m.classTotals.map((t) => Math.log(a * m.vocab + t));
    for (let i = 0; i < v.idx.length; i++) {
      const base = v.idx[i] * k;
      for (let c = 0; c < k; c++) out[c] += v.val[i] * (Math.log(a + W[base + c]) - denom[c]);
    }
    if (m.usePriors) {
      for (let c = 0; c < k; c++) out[c] += Math.log((m.classDocs[c] + 1) / (m.docCount + k));
    }
  }
  return out;
}
