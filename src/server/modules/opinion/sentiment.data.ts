/**
 * Labelled sentiment CSVs: a text column and a binary label column (1/positive/pos → positive,
 * 0/negative/neg → negative, the convention of ChineseNlpCorpus). Rows with an empty text or another
 * label are skipped. Also the bundled corpora (fixtures/datasets) and a deterministic sample. Pure
 * apart from reading files.
 */
import fs from 'node:fs';
import { parseCsvRecords } from '../triage/csv.js';
import { fixturePath } from '../triage/corpus.js';
import { seededRandom } from '../triage/metrics.js';
import type { SentimentExample } from './sentiment.model.js';

const POSITIVE = new Set(['1', 'positive', 'pos', '正面', '积极']);
const NEGATIVE = new Set(['0', 'negative', 'neg', '负面', '消极']);

/** Positive or negative from a label cell; null when it is neither. */
export function parseLabel(cell: string): boolean | null {
  const v = cell.trim().toLowerCase();
  if (NEGATIVE.has(v)) return true;
  if (POSITIVE.has(v)) return false;
  return null;
}

export function readLabelledCsv(file: string, textCol: string, labelCol: string): SentimentExample[] {
  const { header, records } = parseCsvRecords(fs.readFileSync(file, 'utf8'));
  for (const col of [textCol, labelCol]) if (!header.includes(col)) throw new Error(`${file} has no column "${col}" (columns: ${header.join(', ')})`);
  const out: SentimentExample[] = [];
  for (const r of records) {
    const text = r[textCol]?.trim();
    const negative = parseLabel(r[labelCol] ?? '');
    if (text && negative !== null) out.push({ text, negative });
  }
  return out;
}

/** The bundled takeaway reviews (waimai_10k, 11,987 rows, 1 positive / 0 negative). */
export const WAIMAI = 'datasets/waimai_10k/waimai_10k.csv';
/** The bundled product reviews (online_shopping_10_cats, a 20,000-row sample). */
export const SHOPPING = 'datasets/online_shopping_10_cats/online_shopping_10_cats_sample20k.csv';

/** A bundled corpus by its path under fixtures/; throws when the fixtures are not there. */
export function bundled(rel: string): SentimentExample[] {
  const file = fixturePath(rel);
  if (!file) throw new Error(`fixtures/${rel} not found (set REDRESS_FIXTURES_DIR)`);
  return readLabelledCsv(file, 'review', 'label');
}

/** `n` examples drawn without replacement (seeded Fisher–Yates); all of them when n ≥ length. */
export function sample<T>(rows: readonly T[], n: number, seed = 42): T[] {
  const idx = rows.map((_, i) => i);
  const rand = seededRandom(seed);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, Math.min(n, rows.length)).map((i) => rows[i]);
}
