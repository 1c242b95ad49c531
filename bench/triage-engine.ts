/**
 * Benchmark of the triage engine's duplicate detection: index `earlier` real complaints
 * (default 100,000, cycled from the fixture datasets with a numeric suffix so they are
 * not all exact copies), then search + cluster `queries` further ones (default 10,000).
 * Prints throughput and median/p99 latency per complaint and returns the numbers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ClusterTracker } from '../src/server/modules/triage/clusters.js';
import { parseCsvRecords } from '../src/server/modules/triage/csv.js';
import { DATASETS } from '../src/server/modules/triage/testdata.js';

export interface TriageBenchOptions {
  earlier?: number;
  queries?: number;
  log?: (line: string) => void;
}

export interface TriageBenchResult {
  earlier: number;
  queries: number;
  indexPerSec: number;
  queryPerSec: number;
  medianMs: number;
  p99Ms: number;
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

export function benchTriageEngine(opts: TriageBenchOptions = {}): TriageBenchResult {
  const earlier = opts.earlier ?? 100_000;
  const queries = opts.queries ?? 10_000;
  const log = opts.log ?? console.log;
  const texts = loadTexts();
  const text = (i: number) => (i < texts.length ? texts[i] : `${texts[i % texts.length]} ${Math.floor(i / texts.length)}号`);
  const tracker = new ClusterTracker();
  const t0 = Date.now();
  let t = performance.now();
  for (let i = 0; i < earlier; i++) tracker.assign(`e${i}`, text(i), { at: new Date(t0 - (earlier - i) * 1000) });
  const indexMs = performance.now() - t;
  const lat: number[] = [];
  t = performance.now();
  for (let q = 0; q < queries; q++) {
    const s = performance.now();
    tracker.assign(`q${q}`, text((q * 7919) % texts.length), { at: new Date(t0 + q * 1000) });
    lat.push(performance.now() - s);
  }
  const queryMs = performance.now() - t;
  lat.sort((a, b) => a - b);
  const result: TriageBenchResult = {
    earlier,
    queries,
    indexPerSec: Math.round((earlier / indexMs) * 1000),
    queryPerSec: Math.round((queries / queryMs) * 1000),
    medianMs: Number(lat[Math.floor(lat.length / 2)].toFixed(3)),
    p99Ms: Number(lat[Math.floor(lat.length * 0.99)].toFixed(3)),
  };
  log(
    `triage duplicate index: built ${earlier} in ${(indexMs / 1000).toFixed(1)} s (${result.indexPerSec}/s); ` +
      `${queries} complaints searched+clustered against ${earlier}: ${result.queryPerSec}/s, median ${result.medianMs} ms, p99 ${result.p99Ms} ms`,
  );
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) benchTriageEngine();
