/**
 * Benchmark of the whole per-complaint triage pipeline: category suggestion
 * (TriageClassifier.predict), severity grading (assessSeverity) and duplicate
 * search + cluster assignment (ClusterTracker.assign) against `earlier` complaints
 * already indexed (default 100,000), over `queries` real complaints (default 10,000).
 *
 * Texts are cycled from the fixture datasets (weibo, online_shopping, waimai, gov
 * messages, CFPB narratives; earlier ones beyond the pool get a numeric suffix so
 * they are not all exact copies). The classifier is trained first on the
 * online_shopping 80/20 training split (10 categories); training and indexing are
 * reported but not part of the per-complaint figures. Single-threaded (one core).
 *
 * Run: npx tsx bench/triage-engine.ts [--earlier N] [--queries N]
 * Last line: RESULT triage per_s=… p50_ms=… p99_ms=… n=… earlier=…
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TriageClassifier } from '../src/server/modules/triage/classifier.js';
import { ClusterTracker } from '../src/server/modules/triage/clusters.js';
import { parseCsvRecords } from '../src/server/modules/triage/csv.js';
import { splitCsv } from '../src/server/modules/triage/evaluate.js';
import { assessSeverity } from '../src/server/modules/triage/severity.js';
import { DATASETS } from '../src/server/modules/triage/testdata.js';

export interface TriageBenchOptions {
  earlier?: number;
  queries?: number;
  log?: (line: string) => void;
}

export interface TriageBenchResult {
  earlier: number;
  queries: number;
  /** Whole pipeline, complaints per second (wall clock, one thread). */
  perSec: number;
  /** Per-complaint latency of the whole pipeline. */
  medianMs: number;
  p99Ms: number;
  /** Mean time per complaint of each stage. */
  classifyMeanMs: number;
  severityMeanMs: number;
  duplicatesMeanMs: number;
  /** Complaints linked to an earlier one. */
  matched: number;
  /** Set-up, not part of the figures above. */
  trainMs: number;
  indexPerSec: number;
  /** Kept for older callers: same as perSec. */
  queryPerSec: number;
}

function loadTexts(): string[] {
  const out: string[] = [];
  const add = (file: string, cols: string[]) => {
    for (const r of parseCsvRecords(readFileSync(file, 'utf8')).records) {
      const t = cols.map((c) => r[c] ?? '').join(' ').trim();
      if (t) out.push(t);
    }
  };
  add(DATASETS.weibo, ['text']);
  add(DATASETS.onlineShopping, ['review']);
  add(DATASETS.waimai, ['review']);
  add(DATASETS.govMessages, ['留言主题', '留言详情']);
  add(DATASETS.cfpb, ['Consumer complaint narrative']);
  return out.map((t) => t.slice(0, 2000));
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

export function benchTriageEngine(opts: TriageBenchOptions = {}): TriageBenchResult {
  const earlier = opts.earlier ?? 100_000;
  const queries = opts.queries ?? 10_000;
  const log = opts.log ?? console.log;
  const texts = loadTexts();
  const text = (i: number) => (i < texts.length ? texts[i] : `${texts[i % texts.length]} ${Math.floor(i / texts.length)}号`);

  let t = performance.now();
  const { train } = splitCsv(readFileSync(DATASETS.onlineShopping, 'utf8'), { text: ['review'], label: 'cat' });
  const clf = TriageClassifier.train(train);
  const trainMs = performance.now() - t;

  const tracker = new ClusterTracker();
  const t0 = Date.now();
  t = performance.now();
  for (let i = 0; i < earlier; i++) tracker.assign(`e${i}`, text(i), { at: new Date(t0 - (earlier - i) * 1000) });
  const indexMs = performance.now() - t;

  const lat = new Float64Array(queries);
  let classifyMs = 0;
  let severityMs = 0;
  let duplicatesMs = 0;
  let matched = 0;
  let sink = 0;
  const start = performance.now();
  for (let q = 0; q < queries; q++) {
    const body = text((q * 7919) % texts.length);
    const s0 = performance.now();
    const category = clf.predict(body);
    const s1 = performance.now();
    const severity = assessSeverity({ subject: '', description: body });
    const s2 = performance.now();
    const cluster = tracker.assign(`q${q}`, body, { at: new Date(t0 + q * 1000), categoryId: category.label ?? undefined });
    const s3 = performance.now();
    classifyMs += s1 - s0;
    severityMs += s2 - s1;
    duplicatesMs += s3 - s2;
    lat[q] = s3 - s0;
    if (cluster.matchedId) matched++;
    sink += severity.level + category.confidence;
  }
  const totalMs = performance.now() - start;
  if (Number.isNaN(sink)) throw new Error('unreachable');
  const sorted = Array.from(lat).sort((a, b) => a - b);
  const r3 = (x: number) => Number(x.toFixed(3));
  const perSec = Math.round((queries / totalMs) * 1000);
  const result: TriageBenchResult = {
    earlier,
    queries,
    perSec,
    medianMs: r3(quantile(sorted, 0.5)),
    p99Ms: r3(quantile(sorted, 0.99)),
    classifyMeanMs: r3(classifyMs / queries),
    severityMeanMs: r3(severityMs / queries),
    duplicatesMeanMs: r3(duplicatesMs / queries),
    matched,
    trainMs: Math.round(trainMs),
    indexPerSec: Math.round((earlier / indexMs) * 1000),
    queryPerSec: perSec,
  };
  log(
    `triage set-up: classifier trained on ${train.length} in ${(trainMs / 1000).toFixed(1)} s; ` +
      `duplicate index built with ${earlier} earlier complaints in ${(indexMs / 1000).toFixed(1)} s (${result.indexPerSec}/s)`,
  );
  log(
    `triage pipeline (classify + severity + duplicate search/cluster against ${earlier}): ${queries} complaints in ` +
      `${(totalMs / 1000).toFixed(2)} s = ${perSec}/s; per complaint median ${result.medianMs} ms, p99 ${result.p99Ms} ms; ` +
      `mean per stage: classify ${result.classifyMeanMs} ms, severity ${result.severityMeanMs} ms, duplicates ${result.duplicatesMeanMs} ms; ` +
      `${matched} linked to an earlier complaint`,
  );
  log(`RESULT triage per_s=${perSec} p50_ms=${result.medianMs} p99_ms=${result.p99Ms} n=${queries} earlier=${earlier}`);
  return result;
}

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchTriageEngine({ earlier: flag('earlier'), queries: flag('queries') });
}
