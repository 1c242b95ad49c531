/**
 * Evaluates same-event clustering on the hand-written labelled set: the events of one half of the
 * frozen split, plus unrelated government messages (TipDM) of the same half, spread over the same
 * days, all run through the real ClusterTracker (MinHash near-duplicates) with the EventIndex's
 * links, in time order as intake would. Reports pairwise precision/recall/F1 and B³ over the event
 * complaints, and how many unrelated complaints ended up in a cluster.
 */
import { readFileSync } from 'node:fs';
import { ClusterTracker } from './clusters.js';
import { parseCsvRecords } from './csv.js';
import { EventIndex, contentTerms, eventFeatures, eventLinks, type EventIndexOptions } from './event-matcher.js';
import { loadEventSet, type EventSplit } from './event-set.js';
import { seededRandom } from './metrics.js';
import { DATASETS } from './testdata.js';

export interface EvalDoc {
  id: string;
  /** Event id, or null for an unrelated complaint. */
  event: string | null;
  at: number;
  category: string | null;
  location: string | null;
  lat?: number;
  lng?: number;
  subject: string;
  description: string;
}

export interface ClusterEvalResult {
  half: keyof Pick<EventSplit, 'test' | 'dev'>;
  events: number;
  eventComplaints: number;
  unrelated: number;
  pairwise: { precision: number; recall: number; f1: number };
  bcubed: { precision: number; recall: number; f1: number };
  /** Unrelated complaints put in a cluster with any other complaint / with an event's complaint. */
  unrelatedInAnyCluster: number;
  unrelatedInEventCluster: number;
  /** Events whose complaints all ended in one cluster. */
  eventsWhole: number;
}

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);
const HOUR = 3_600_000;

/** The documents of one half: event reports and unrelated government messages (with their category). */
export function evalDocs(half: 'test' | 'dev', opts: { withCategories?: boolean } = {}): EvalDoc[] {
  const { events, split } = loadEventSet();
  const chosen = new Set(split[half]);
  const withCat = opts.withCategories ?? true;
  const docs: EvalDoc[] = [];
  for (const e of events) {
    if (!chosen.has(e.id)) continue;
    e.reports.forEach((r, i) =>
      docs.push({ id: `${e.id}-${i + 1}`, event: e.id, at: T0 + (e.start + r.hours) * HOUR, category: withCat ? e.category : null, location: r.location, lat: r.lat, lng: r.lng, subject: r.subject, description: r.description }),
    );
  }
  const span = Math.max(...events.map((e) => e.start + Math.max(...e.reports.map((r) => r.hours)))) + 6;
  const rnd = seededRandom(20261204);
  const { records } = parseCsvRecords(readFileSync(DATASETS.govMessages, 'utf8'));
  const seen = new Set<number>();
  for (const r of records) {
    const n = Number(r['留言编号']);
    // A message listed twice in the corpus is one complaint.
    if (!Number.isInteger(n) || (n % 2 === 0) !== (half === 'test') || seen.has(n)) continue;
    seen.add(n);
    docs.push({ id: `G${n}`, event: null, at: T0 + Math.floor(rnd() * span * HOUR), category: withCat ? r['一级分类'] || null : null, location: null, subject: r['留言主题'], description: r['留言详情'] });
  }
  return docs.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** Clusters the documents as intake would: each in time order against the earlier ones. */
export function clusterDocs(docs: EvalDoc[], options: EventIndexOptions = {}, tracker = new ClusterTracker({ linkWithinMs: 7 * 24 * HOUR })): Map<string, string> {
  const index = new EventIndex(options);
  const out = new Map<string, string>();
  for (const d of docs) {
    const f = eventFeatures(d);
    const meta = { at: d.at, categoryId: d.category };
    const links = eventLinks(index.match(f, meta, { excludeId: d.id, limit: 10 }), (id) => tracker.clusterOf(id));
    index.add(d.id, f, meta);
    tracker.assignSignature(d.id, tracker.index.signature(`${d.subject}\n${d.description}`), { at: new Date(d.at), categoryId: d.category ?? undefined }, links);
  }
  for (const d of docs) out.set(d.id, tracker.clusterOf(d.id)!);
  return out;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Pairwise and B³ scores of predicted clusters against gold events (event complaints only), and unrelated pull-in. */
export function scoreClusters(docs: EvalDoc[], cluster: Map<string, string>): Omit<ClusterEvalResult, 'half'> {
  const ev = docs.filter((d) => d.event !== null);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < ev.length; i++) {
    for (let j = i + 1; j < ev.length; j++) {
      const gold = ev[i].event === ev[j].event;
      const pred = cluster.get(ev[i].id) === cluster.get(ev[j].id);
      if (gold && pred) tp++;
      else if (pred) fp++;
      else if (gold) fn++;
    }
  }
  let bp = 0;
  let br = 0;
  for (const d of ev) {
    const same = ev.filter((o) => cluster.get(o.id) === cluster.get(d.id));
    const gold = ev.filter((o) => o.event === d.event);
    const both = same.filter((o) => o.event === d.event).length;
    bp += both / same.length;
    br += both / gold.length;
  }
  const sizes = new Map<string, number>();
  const withEvent = new Set<string>();
  for (const d of docs) {
    const c = cluster.get(d.id)!;
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
    if (d.event !== null) withEvent.add(c);
  }
  const unrelated = docs.filter((d) => d.event === null);
  const eventIds = [...new Set(ev.map((d) => d.event!))];
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return {
    events: eventIds.length,
    eventComplaints: ev.length,
    unrelated: unrelated.length,
    pairwise: { precision, recall, f1: f1(precision, recall) },
    bcubed: { precision: bp / ev.length, recall: br / ev.length, f1: f1(bp / ev.length, br / ev.length) },
    unrelatedInAnyCluster: unrelated.filter((d) => sizes.get(cluster.get(d.id)!)! > 1).length,
    unrelatedInEventCluster: unrelated.filter((d) => withEvent.has(cluster.get(d.id)!)).length,
    eventsWhole: eventIds.filter((e) => new Set(ev.filter((d) => d.event === e).map((d) => cluster.get(d.id))).size === 1).length,
  };
}

export function evaluateEventClusters(half: 'test' | 'dev', options: EventIndexOptions = {}, opts: { withCategories?: boolean } = {}): ClusterEvalResult {
  const docs = evalDocs(half, opts);
  return { half, ...scoreClusters(docs, clusterDocs(docs, options)) };
}

/**
 * Background document frequencies for the event matcher's IDF, from government messages that are
 * not in the test half: the odd-numbered labelled messages and messages_with_replies.csv. Words in
 * fewer than two messages are left out (the table stays small; unseen words count as rare).
 */
export function buildBackground(): { docs: number; df: Record<string, number> } {
  const texts: string[] = [];
  for (const file of [DATASETS.govMessages, DATASETS.govMessagesWithReplies]) {
    for (const r of parseCsvRecords(readFileSync(file, 'utf8')).records) {
      const n = Number(r['留言编号']);
      if (file === DATASETS.govMessages && n % 2 === 0) continue;
      texts.push(`${r['留言主题']}\n${r['留言详情']}`);
    }
  }
  const df = new Map<string, number>();
  for (const t of texts) for (const w of contentTerms(eventFeatures({ subject: '', description: t })).keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const kept = [...df].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { docs: texts.length, df: Object.fromEntries(kept) };
}
