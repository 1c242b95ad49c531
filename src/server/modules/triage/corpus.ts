/**
 * The bundled government-message corpus (fixtures/datasets/gov_messages_taidi2020/messages_labeled.csv,
 * 495 citizen messages labelled with 7 of the 15 top-level categories, column 一级分类). It gives a
 * fresh database a category model: its examples are mapped onto the organisation's categories by
 * name. They teach the model but are not staff confirmations (they never count toward auto-apply).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from './csv.js';
import { TriageClassifier, type SerializedModel } from './classifier.js';

const CSV = path.join('datasets', 'gov_messages_taidi2020', 'messages_labeled.csv');
const MODEL = path.join('models', 'gov-messages-top-level.json.gz');
/** Where scripts/build-corpus-model.ts writes the trained corpus model (in the repository). */
export const CORPUS_MODEL_FILE = new URL(`../../../../fixtures/${MODEL}`, import.meta.url);

export interface CorpusExample {
  text: string;
  /** The corpus's top-level category name (一级分类), e.g. 城乡建设. */
  category: string;
}

/**
 * A file under fixtures/: REDRESS_FIXTURES_DIR, else found upwards from this module (src/server/modules/
 * triage in development, dist/server in the bundle) or the working directory; null when absent.
 */
export function fixturePath(rel: string): string | null {
  const dirs = process.env.REDRESS_FIXTURES_DIR ? [path.resolve(process.env.REDRESS_FIXTURES_DIR)] : [];
  for (const start of [path.dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let d = start;
    for (let i = 0; i < 8; i++) {
      dirs.push(path.join(d, 'fixtures'));
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  for (const d of dirs) if (fs.existsSync(path.join(d, rel))) return path.join(d, rel);
  return null;
}

let cached: CorpusExample[] | undefined;

/** The corpus examples (read once); empty when the file is not there. */
export function corpusExamples(): CorpusExample[] {
  if (cached) return cached;
  const file = fixturePath(CSV);
  if (!file) return (cached = []);
  const { records } = parseCsvRecords(fs.readFileSync(file, 'utf8'));
  cached = records
    .filter((r) => r['一级分类']?.trim() && (r['留言主题'] || r['留言详情']))
    .map((r) => ({ text: `${r['留言主题'] ?? ''}\n${r['留言详情'] ?? ''}`, category: r['一级分类'].trim() }));
  return cached;
}

/** Category id by Chinese name among active categories (a top-level one first), for mapping the corpus. */
export function categoryByName(categories: readonly { id: string; name_zh: string; parent_id: string | null; active: number }[]): (name: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const c of [...categories].sort((a, b) => Number(!!a.parent_id) - Number(!!b.parent_id))) {
    if (c.active && !byName.has(c.name_zh.trim())) byName.set(c.name_zh.trim(), c.id);
  }
  return (name) => byName.get(name);
}

/** Corpus examples labelled with the organisation's category ids; categories without a match get none. */
export function mappedCorpus(categoryOf: (name: string) => string | undefined): { text: string; label: string }[] {
  return corpusExamples().flatMap((e) => {
    const label = categoryOf(e.category);
    return label ? [{ text: e.text, label }] : [];
  });
}

/** Trains the corpus model (labels: the corpus's category names). Used by scripts/build-corpus-model.ts. */
export function trainCorpusModel(): TriageClassifier {
  return TriageClassifier.train(corpusExamples().map((e) => ({ text: e.text, label: e.category })));
}

let shipped: SerializedModel | null | undefined;

/**
 * The shipped corpus model with its labels mapped onto category ids (`categoryOf(name)`); a corpus
 * category without a match keeps a `corpus:` label that is no category, so it is never suggested.
 * Null when the model file or fewer than two matching categories are there.
 */
export function loadCorpusModel(categoryOf: (name: string) => string | undefined): TriageClassifier | null {
  if (shipped === undefined) {
    const file = fixturePath(MODEL);
    shipped = file ? (JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as SerializedModel) : null;
  }
  if (!shipped) return null;
  const labels = shipped.labels.map((name) => categoryOf(name) ?? `corpus:${name}`);
  if (labels.filter((l) => !l.startsWith('corpus:')).length < 2) return null;
  return TriageClassifier.fromJSON({ ...shipped, labels });
}
