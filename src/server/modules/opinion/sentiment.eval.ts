/**
 * Evaluation of the Chinese sentiment model on labelled CSVs: train on one file, test on another
 * (cross-domain), or a seeded 80/20 split of one file (same domain). Binary, neutral band off: a
 * probability of negative ≥ 0.5 is negative. Pure apart from reading the files.
 */
import { classificationReport, formatReport, splitRows, type ClassificationReport } from '../triage/metrics.js';
import { readLabelledCsv, sample } from './sentiment.data.js';
import { SentimentModel, type SentimentExample, type SentimentModelOptions } from './sentiment.model.js';

/** Accuracy and macro-F1 of a model trained on `train` and tested on `test`. */
export function evaluateSentiment(train: readonly SentimentExample[], test: readonly SentimentExample[], options: SentimentModelOptions = {}): ClassificationReport {
  const model = SentimentModel.train(train, options);
  return scoreModel(model, test);
}

export function scoreModel(model: SentimentModel, test: readonly SentimentExample[]): ClassificationReport {
  const gold = test.map((e) => (e.negative ? 'negative' : 'positive'));
  const predicted = test.map((e) => (model.pNegative(e.text) >= 0.5 ? 'negative' : 'positive'));
  return classificationReport(gold, predicted);
}

export interface SentimentEvalArgs {
  train: string;
  test?: string;
  text: string;
  label: string;
  /** Test on a seeded sample of this many rows (default: all). */
  sample?: number;
  seed?: number;
  log: (line: string) => void;
}

/** Prints the report; its last line is `accuracy=… macro_f1=… n=…`. */
export function runSentimentEval(a: SentimentEvalArgs): ClassificationReport {
  const started = Date.now();
  let train = readLabelledCsv(a.train, a.text, a.label);
  let test: SentimentExample[];
  if (a.test) test = readLabelledCsv(a.test, a.text, a.label);
  else ({ train, test } = splitRows(train, { seed: a.seed ?? 42 }));
  if (a.sample !== undefined) test = sample(test, a.sample, a.seed ?? 42);
  if (train.length === 0 || test.length === 0) throw new Error('no labelled rows to train or test on');
  const r = evaluateSentiment(train, test);
  a.log(`trained on ${train.length} rows${a.test ? '' : ` (80/20 split, seed ${a.seed ?? 42})`}, tested on ${test.length} in ${Date.now() - started} ms; neutral band off`);
  a.log(formatReport(r));
  return r;
}
