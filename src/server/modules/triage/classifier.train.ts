/**
 * Batch training of the classifier's linear models (class-balanced averaged SGD over tf-idf vectors)
 * and the fit of its confidence temperature. Updates the weights passed in place. Pure.
 */
import { seededRandom } from './metrics.js';
import type { Vec } from './classifier.features.js';
import { applyStep, lossGradient, linearScores, softmax } from './classifier.math.js';

export interface SgdOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Logistic regression (cross-entropy) instead of the SVM's hinge loss. */
  logistic: boolean;
  /** Polyak averaging of the weights (the SVM). */
  averaged: boolean;
}

/** Fit W (bucket-major, k = bias.length classes) and bias on weighed examples; counts them in classDocs. */
export function sgdFit(xs: readonly { v: Vec; c: number }[], W: Float32Array, bias: number[], classDocs: number[], o: SgdOptions): void {
  for (const x of xs) classDocs[x.c] += 1;
  const k = bias.length;
  // Class-balanced sample weights (square-root damped) help macro-F1 on skewed data.
  const cw = classDocs.map((n) => Math.sqrt(xs.length / (k * Math.max(1, n))));
  const rand = seededRandom(o.seed);
  const order = xs.map((_, i) => i);
  const total = o.epochs * xs.length;
  // Averaged SGD (Polyak): U accumulates t·Δw so that the average is W − U/t.
  const U = o.averaged ? new Float64Array(W.length) : undefined;
  const Ub = new Float64Array(k);
  const g = new Float64Array(k);
  let t = 0;
  for (let e = 0; e < o.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const x = xs[i];
      // Linear decay to 10 % of the initial rate.
      const lr = o.learningRate * (1 - 0.9 * (t / total)) * cw[x.c];
      t++;
      if (!lossGradient(o.logistic, linearScores(W, bias, x.v), x.c, g)) continue;
      applyStep(W, bias, x.v, g, lr, U, t, Ub);
    }
  }
  if (U) {
    for (let q = 0; q < W.length; q++) W[q] -= U[q] / t;
    for (let c = 0; c < k; c++) bias[c] -= Ub[c] / t;
  }
}

/** The temperature minimising log-loss of held-out raw scores `s` with true class `y`; 1 with none. */
export function bestTemperature(sets: readonly { s: number[]; y: number }[]): number {
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
