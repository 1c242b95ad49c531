/**
 * Evaluates same-event clustering on the hand-written labelled set: the events of one half of the
 * frozen split, plus unrelated government messages (TipDM) of the same half, spread over the same
 * days, all run through the real ClusterTracker (MinHash near-duplicates) with the EventIndex's
 * links, in time order as intake would. Reports pairwise precision/recall/F1 and B³ over the event
 * complaints, and how many unrelated complaints ended up in a cluster.
 *
 * Some pool messages are one complainant repeating one matter; linking those is right, so the figures
 * are also given "corrected": such messages form their own true groups (see `SAME_MATTER`), decided
 * from the corpus fields alone, never from what the matcher did.
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
  /** For a pool message that repeats another's matter (SAME_MATTER): its group's id. */
  matter?: string;
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
  /** Same-matter groups among the pool messages, and the messages in them. */
  matterGroups: number;
  matterDocs: number;
  /**
   * With same-matter groups as true groups: pairwise scores over the event complaints and the
   * grouped pool messages, and pool messages whose cluster holds anything outside their own group.
   */
  corrected: { pairwise: { precision: number; recall: number; f1: number }; unrelatedInAnyCluster: number };
}

/**
 * When two pool messages are one matter (decided before looking at any clustering, from the corpus
 * fields only): the same 留言用户 writing under the same 一级分类 within `days` of each other by
 * 留言时间, or subjects that are near-identical (character-pair Dice ≥ `subjectDice` after dropping
 * spaces and punctuation), whoever wrote them.
 */
export const SAME_MATTER = { days: 30, subjectDice: 0.8 } as const;

export interface PoolRow {
  doc: EvalDoc;
  user: string;
  category: string;
  /** 留言时间 in ms. */
  at: number;
  /** Character pairs of 留言主题 (`charPairs`). */
  pairs: Set<string>;
}

export function charPairs(s: string): Set<string> {
  const n = s.replace(/[\s\p{P}\p{S}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 2 <= n.length; i++) out.add(n.slice(i, i + 2));
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  return a.size + b.size === 0 ? 0 : (2 * both) / (a.size + b.size);
}

/** Marks the pool messages that share a matter (SAME_MATTER) with a group id (union-find). */
export function markSameMatter(rows: PoolRow[]): void {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      const sameUser = a.user !== '' && a.user === b.user && a.category === b.category && Math.abs(a.at - b.at) <= SAME_MATTER.days * 24 * HOUR;
      if (sameUser || dice(a.pairs, b.pairs) >= SAME_MATTER.subjectDice) parent[find(i)] = find(j);
    }
  }
  const size = new Map<number, number>();
  rows.forEach((_, i) => size.set(find(i), (size.get(find(i)) ?? 0) + 1));
  rows.forEach((r, i) => {
    if (size.get(find(i))! > 1) r.doc.matter = `M${rows[find(i)].doc.id}`;
  });
}

/** 留言时间 ("2019/11/27 17:14:11", China time) in ms; NaN when unreadable. */
function messageTime(s: string): number {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})/.exec(s.trim());
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 8, +m[5], +m[6]) : Number.NaN;
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
  const pool: PoolRow[] = [];
  for (const r of records) {
    const n = Number(r['留言编号']);
    // A message listed twice in the corpus is one complaint.
    if (!Number.isInteger(n) || (n % 2 === 0) !== (half === 'test') || seen.has(n)) continue;
    seen.add(n);
    const doc: EvalDoc = { id: `G${n}`, event: null, at: T0 + Math.floor(rnd() * span * HOUR), category: withCat ? r['一级分类'] || null : null, location: null, subject: r['留言主题'], description: r['留言详情'] };
    docs.push(doc);
    pool.push({ doc, user: r['留言用户'] ?? '', category: r['一级分类'] ?? '', at: messageTime(r['留言时间'] ?? ''), pairs: charPairs(r['留言主题']) });
  }
  markSameMatter(pool);
  return docs.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/**
 * Clusters the documents as intake would: each in time order against the earlier ones. The tracker
 * evicts nothing (a set longer than its 7-day window would otherwise lose its singletons, which then
 * had no cluster and were all scored as one); eviction changes no assignment (clusters.test.ts).
 */
export function clusterDocs(docs: EvalDoc[], options: EventIndexOptions = {}, tracker = new ClusterTracker({ linkWithinMs: 7 * 24 * HOUR, evictGraceMs: Number.POSITIVE_INFINITY })): Map<string, string> {
  const index = new EventIndex(options);
  const out = new Map<string, string>();
  for (const d of docs) {
    const f = eventFeatures(d);
    const meta = { at: d.at, categoryId: d.category };
    const links = eventLinks(index.match(f, meta, { excludeId: d.id, limit: 10 }), (id) => tracker.clusterOf(id), undefined, (c) => index.fitsCluster(f, c));
    tracker.assignSignature(d.id, tracker.index.signature(`${d.subject}\n${d.description}`), { at: new Date(d.at), categoryId: d.category ?? undefined }, links, (o) => index.otherAddress(f, o));
    index.add(d.id, f, meta);
  }
  for (const d of docs) {
    const c = tracker.clusterOf(d.id);
    if (c === undefined) throw new Error(`${d.id} lost its cluster`);
    out.set(d.id, c);
  }
  return out;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Pairwise precision/recall/F1 of predicted clusters over `docs` against the gold group `gold`. */
function pairwise(docs: EvalDoc[], cluster: Map<string, string>, gold: (d: EvalDoc) => string): { precision: number; recall: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      const g = gold(docs[i]) === gold(docs[j]);
      const pred = cluster.get(docs[i].id) === cluster.get(docs[j].id);
      if (g && pred) tp++;
      else if (pred) fp++;
      else if (g) fn++;
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { precision, recall, f1: f1(precision, recall) };
}

/** A document's true group: its event, its same-matter group, or itself. */
const goldGroup = (d: EvalDoc): string => d.event ?? d.matter ?? d.id;

/** Pairwise and B³ scores of predicted clusters against gold events (event complaints only), and unrelated pull-in. */
export function scoreClusters(docs: EvalDoc[], cluster: Map<string, string>): Omit<ClusterEvalResult, 'half'> {
  const ev = docs.filter((d) => d.event !== null);
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
  const golds = new Map<string, Set<string>>();
  for (const d of docs) {
    const c = cluster.get(d.id)!;
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
    if (d.event !== null) withEvent.add(c);
    golds.set(c, (golds.get(c) ?? new Set()).add(goldGroup(d)));
  }
  const unrelated = docs.filter((d) => d.event === null);
  const eventIds = [...new Set(ev.map((d) => d.event!))];
  const grouped = unrelated.filter((d) => d.matter !== undefined);
  return {
    events: eventIds.length,
    eventComplaints: ev.length,
    unrelated: unrelated.length,
    pairwise: pairwise(ev, cluster, goldGroup),
    bcubed: { precision: bp / ev.length, recall: br / ev.length, f1: f1(bp / ev.length, br / ev.length) },
    unrelatedInAnyCluster: unrelated.filter((d) => sizes.get(cluster.get(d.id)!)! > 1).length,
    unrelatedInEventCluster: unrelated.filter((d) => withEvent.has(cluster.get(d.id)!)).length,
    eventsWhole: eventIds.filter((e) => new Set(ev.filter((d) => d.event === e).map((d) => cluster.get(d.id))).size === 1).length,
    matterGroups: new Set(grouped.map((d) => d.matter)).size,
    matterDocs: grouped.length,
    corrected: {
      pairwise: pairwise([...ev, ...grouped], cluster, goldGroup),
      unrelatedInAnyCluster: unrelated.filter((d) => golds.get(cluster.get(d.id)!)!.size > 1).length,
    },
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
