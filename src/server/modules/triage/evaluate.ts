/**
 * Training and evaluation of the triage classifier from CSV files (the only file I/O
 * in this module folder besides eval.cli.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCsvRecords } from './csv.js';
import { TriageClassifier, type ClassifierOptions, type LabelledExample } from './classifier.js';
import { classificationReport, formatReport, splitRows, type ClassificationReport } from './metrics.js';

export interface CsvExamplesSpec {
  /** Text columns; several are joined with a space. */
  text: readonly string[];
  label: string;
}

/** Labelled examples from CSV text; rows with empty text or label are skipped. */
export function examplesFromCsv(csvText: string, spec: CsvExamplesSpec): LabelledExample[] {
  const { header, records } = parseCsvRecords(csvText);
  for (const col of [...spec.text, spec.label]) {
    if (!header.includes(col)) throw new Error(`column "${col}" not found; columns: ${header.join(', ')}`);
  }
  const out: LabelledExample[] = [];
  for (const r of records) {
    const text = spec.text.map((c) => r[c].trim()).filter(Boolean).join(' ');
    const label = r[spec.label].trim();
    if (text && label) out.push({ text, label });
  }
  return out;
}

/**
 * Deterministic 80/20 (by default) split of a CSV file's labelled examples.
 * Same file + seed → same split.
 */
export function splitCsv(
  csvText: string,
  spec: CsvExamplesSpec,
  options: { testFraction?: number; seed?: number } = {},
): { train: LabelledExample[]; test: LabelledExample[] } {
  return splitRows(examplesFromCsv(csvText, spec), options);
}

export interface EvalResult extends ClassificationReport {
  report: string;
  trainSize: number;
  trainMs: number;
  predictMs: number;
}

/** Train on `train`, predict `test`, return the report. Pure (no I/O). */
export function evaluateExamples(
  train: readonly LabelledExample[],
  test: readonly LabelledExample[],
  options: ClassifierOptions = {},
): EvalResult {
  const t0 = performance.now();
  const clf = TriageClassifier.train(train, options);
  const t1 = performance.now();
  const predicted = test.map((e) => clf.predict(e.text).label);
  const t2 = performance.now();
  const r = classificationReport(
    test.map((e) => e.label),
    predicted,
  );
  return { ...r, report: formatReport(r), trainSize: train.length, trainMs: t1 - t0, predictMs: t2 - t1 };
}

export interface TriageEvalArgs {
  train: string;
  /** Omit for a deterministic 80/20 split of `train`. */
  test?: string;
  text: readonly string[];
  label: string;
  seed?: number;
  options?: ClassifierOptions;
  log?: (line: string) => void;
}

/** Read CSVs, evaluate, print the per-class table ending with `accuracy=… macro_f1=… n=…`. */
export function runTriageEval(args: TriageEvalArgs): EvalResult {
  const spec = { text: args.text, label: args.label };
  let train: LabelledExample[];
  let test: LabelledExample[];
  if (args.test) {
    train = examplesFromCsv(readFileSync(args.train, 'utf8'), spec);
    test = examplesFromCsv(readFileSync(args.test, 'utf8'), spec);
  } else {
    ({ train, test } = splitCsv(readFileSync(args.train, 'utf8'), spec, { seed: args.seed }));
  }
  const result = evaluateExamples(train, test, args.options);
  (args.log ?? console.log)(result.report);
  return result;
}

export interface TriageTrainArgs {
  file: string;
  text: readonly string[];
  label: string;
  out: string;
  options?: ClassifierOptions;
  log?: (line: string) => void;
}

/** Train on a whole CSV file and write the model JSON to `out`. */
export function runTriageTrain(args: TriageTrainArgs): TriageClassifier {
  const examples = examplesFromCsv(readFileSync(args.file, 'utf8'), { text: args.text, label: args.label });
  const clf = TriageClassifier.train(examples, args.options);
  const json = JSON.stringify(clf.toJSON());
  writeFileSync(args.out, json);
  (args.log ?? console.log)(
    `trained on ${examples.length} examples, ${clf.knownLabels.length} labels; wrote ${args.out} (${(json.length / 1e6).toFixed(2)} MB)`,
  );
  return clf;
}
