/**
 * The wider dev pool: the dev half of events.txt with its TipDM pool, plus unrelated real messages
 * chosen by the blind pool's rules (event-pool.ts) with another seed from fixtures/datasets, leaving
 * out every message the blind pool holds, and extra dev events (fixtures/event-clusters/dev-extra.txt, dev-extra-2.txt).
 * Tune here; the blind set stays blind.
 */
import { readFileSync } from 'node:fs';
import { evalDocs, type EvalDoc } from '../src/server/modules/triage/event-eval.js';
import { EVENT_SET_DIR, parseEventSet } from '../src/server/modules/triage/event-set.js';
import { BLIND_SET_FILE, markHashtagMatter, parseBlindSet } from '../src/server/modules/triage/event-eval-blind.js';
import { DATASETS_DIR } from '../src/server/modules/triage/testdata.js';
import { selectPool } from './event-pool.js';

export function devWideDocs(): EvalDoc[] {
  const docs = evalDocs('dev');
  const ev = docs.filter((d) => d.event !== null).map((d) => d.at);
  const [lo, hi] = [Math.min(...ev), Math.max(...ev)];
  const blindIds = new Set(parseBlindSet(readFileSync(BLIND_SET_FILE, 'utf8')).pool.map((p) => p.id));
  const pool = selectPool(DATASETS_DIR, { seed: 7, exclude: blindIds, nycRows: 'first3000', hot: false });
  // The extra dev events (dev-extra.txt: English on the pool's NYC 311 day, and Chinese; dev-extra-2.txt:
  // paraphrase variety and hard negatives, written for the recall work after blind set 2).
  for (const e of ['dev-extra.txt', 'dev-extra-2.txt'].flatMap((f) => parseEventSet(readFileSync(`${EVENT_SET_DIR}${f}`, 'utf8')))) {
    const start = lo + (e.start / 720) * (hi - lo);
    e.reports.forEach((r, i) => docs.push({ id: `${e.id}-${i + 1}`, event: e.id, at: start + r.hours * 3_600_000, category: e.category, location: r.location, lat: r.lat, lng: r.lng, subject: r.subject, description: r.description }));
  }
  // The pool's 30 days squeezed onto the dev events' three days: denser than the blind set (harsher).
  for (const p of pool) docs.push({ id: `X${p.id}`, event: null, at: lo + (p.at / 720) * (hi - lo), category: null, location: p.loc ?? null, lat: p.lat, lng: p.lng, subject: p.s, description: p.d });
  markHashtagMatter(docs);
  return docs.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}
