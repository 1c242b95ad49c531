/**
 * The blind same-event set (fixtures/event-clusters/blind-set.txt): hand-written events written after
 * the matcher was tuned, plus real unrelated messages from datasets the matcher never saw (built by
 * bench/event-clusters-blind-build.ts). It is run once before and once after a matcher change, never
 * tuned on; the test pins the file's SHA-256 so the set cannot drift silently.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { clusterDocs, scoreClusters, type ClusterEvalResult, type EvalDoc } from './event-eval.js';
import type { EventIndexOptions } from './event-matcher.js';
import { EVENT_SET_DIR, parseEventSet, type LabelledEvent } from './event-set.js';

export const BLIND_SET_FILE = `${EVENT_SET_DIR}blind-set.txt`;
/** The second blind set, built the same way from other rows once the first had been looked at. */
export const BLIND_SET_2_FILE = `${EVENT_SET_DIR}blind-set-2.txt`;

/** t0 of the set's hours (an arbitrary Monday, China time). */
const T0 = Date.UTC(2026, 2, 1, 16, 0, 0);
const HOUR = 3_600_000;

interface PoolLine {
  id: string;
  /** Hours after t0. */
  at: number;
  loc?: string;
  lat?: number;
  lng?: number;
  s: string;
  d: string;
}

export function blindSetHash(file = BLIND_SET_FILE): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Events above the "## unrelated" line (events.txt format), pool messages (JSON lines) below it. */
export function parseBlindSet(text: string): { events: LabelledEvent[]; pool: PoolLine[] } {
  const [events, pool = ''] = text.split(/^## unrelated[ \t]*$/m);
  return {
    events: parseEventSet(events),
    pool: pool
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as PoolLine),
  };
}

/**
 * Pool posts that carry one Weibo hashtag (#话题#) react to one news story: one matter, decided from the
 * text alone (like SAME_MATTER in event-eval.ts), for the corrected figures.
 */
export function markHashtagMatter(docs: EvalDoc[]): void {
  const pool = docs.filter((d) => d.event === null);
  const parent = pool.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const firstWith = new Map<string, number>();
  const tagged = new Set<number>();
  pool.forEach((d, i) => {
    for (const m of d.description.matchAll(/#([^#\n]{2,40})#/gu)) {
      const tag = m[1].trim();
      const j = firstWith.get(tag);
      if (j === undefined) firstWith.set(tag, i);
      else {
        parent[find(i)] = find(j);
        tagged.add(i).add(j);
      }
    }
  });
  for (const i of tagged) pool[i].matter ??= `#${pool[find(i)].id}`;
}

export function blindDocs(opts: { withCategories?: boolean; file?: string } = {}): EvalDoc[] {
  const { events, pool } = parseBlindSet(readFileSync(opts.file ?? BLIND_SET_FILE, 'utf8'));
  const withCat = opts.withCategories ?? true;
  const docs: EvalDoc[] = [];
  for (const e of events) {
    e.reports.forEach((r, i) =>
      docs.push({ id: `${e.id}-${i + 1}`, event: e.id, at: T0 + (e.start + r.hours) * HOUR, category: withCat ? e.category : null, location: r.location, lat: r.lat, lng: r.lng, subject: r.subject, description: r.description }),
    );
  }
  // Pool sources carry no category of the events' taxonomy: none, so every event is compatible.
  for (const p of pool) docs.push({ id: p.id, event: null, at: T0 + p.at * HOUR, category: null, location: p.loc ?? null, lat: p.lat, lng: p.lng, subject: p.s, description: p.d });
  markHashtagMatter(docs);
  return docs.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

export function evaluateBlindSet(options: EventIndexOptions = {}, opts: { withCategories?: boolean; file?: string } = {}): Omit<ClusterEvalResult, 'half'> {
  const docs = blindDocs(opts);
  return scoreClusters(docs, clusterDocs(docs, options));
}
