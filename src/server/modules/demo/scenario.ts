import type { Channel } from '../../../shared/enums.js';
import type { CreateComplaintBody } from '../complaints/complaint.schema.js';
import { loadDatasets, type DatasetRecord } from './datasets.js';
import { chinesePerson, englishPerson, Rng, type Person } from './people.js';
import type { DemoLocale } from './org.js';

/**
 * What the demo desk receives: one item per incoming call or message, in time order, with the source
 * text's own category and the fate the desk means to give it. The Chinese demo takes the TipDM
 * citizen messages that carry an 一级分类 label (each used once, some with a remark recombined from
 * another message of the same category); the English demo takes CFPB narratives and NYC 311
 * requests. One outage reported by eleven callers within hours makes a mass cluster.
 */

/**
 * Where the desk means to take an item; the driver gets there only as far as the simulated time and
 * the server's own decisions allow (a fresh item stays fresh, a level Ⅰ–Ⅱ one waits for a plan).
 */
export type Fate =
  | 'fresh'
  | 'triaged'
  | 'assigned'
  | 'returned'
  | 'in_progress'
  | 'waiting'
  | 'overdue'
  | 'extended'
  | 'supervised'
  | 'plan_pending'
  | 'replied'
  | 'follow_up'
  | 'closed'
  | 'rejected'
  | 'merged'
  /** A consultation answered on the call (即时办结). */
  | 'consult';

export interface DemoItem {
  seq: number;
  /** Epoch ms the call or message comes in. */
  at: number;
  body: CreateComplaintBody;
  /** The source's top-level category (一级分类). */
  top: string;
  fate: Fate;
  /** Member of the mass event; merged members go into the item with this seq. */
  burst?: boolean;
  mergeInto?: number;
}

export interface ScenarioOptions {
  locale: DemoLocale;
  size: number;
  endMs: number;
  spanDays: number;
  seed: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

const FATES_BY_AGE: Array<[maxDays: number, weights: Array<[Fate, number]>]> = [
  [0.5, [['fresh', 50], ['triaged', 25], ['assigned', 25]]],
  [3, [['assigned', 15], ['in_progress', 40], ['replied', 15], ['waiting', 5], ['returned', 5], ['plan_pending', 5], ['supervised', 5], ['rejected', 3], ['follow_up', 7]]],
  [20, [['in_progress', 15], ['extended', 6], ['supervised', 6], ['plan_pending', 4], ['replied', 8], ['follow_up', 10], ['closed', 45], ['waiting', 3], ['rejected', 3]]],
  [60, [['overdue', 8], ['closed', 82], ['follow_up', 4], ['rejected', 4], ['waiting', 2]]],
  [Infinity, [['overdue', 3], ['closed', 92], ['rejected', 5]]],
];

/** Every state the demo must show, with the age (days) at which it is most natural. */
const REQUIRED: Array<[Fate, number]> = [
  ['fresh', 0.05],
  ['overdue', 40],
  ['extended', 9],
  ['supervised', 6],
  ['plan_pending', 4],
  ['closed', 30],
  ['follow_up', 12],
  ['waiting', 2],
];

/** Subjects that ask rather than complain. */
const CONSULTATION = /^咨询|请问|如何办理|怎么办理|去哪里|哪些条件|^how |^can i /i;

const ZH_CHANNELS: Array<[Channel, number]> = [
  ['phone', 58],
  ['web', 28],
  ['walk_in', 4],
  ['letter', 3],
  ['email', 4],
  ['api', 3],
];

function weighted<T>(r: Rng, items: Array<[T, number]>): T {
  let x = r.next() * items.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
}

function firstSentences(text: string, lang: 'zh' | 'en', max = 160): string {
  const re = lang === 'zh' ? /[^。！？!?]+[。！？!?]?/g : /[^.!?]+[.!?]?/g;
  let out = '';
  for (const m of text.matchAll(re)) {
    if (out && out.length + m[0].length > max) break;
    out += m[0];
  }
  return out.trim() || text.slice(0, max);
}

/** The records a locale's demo draws from: labelled (they carry their own top-level category). */
export function demoPool(locale: DemoLocale): DatasetRecord[] {
  const d = loadDatasets();
  return locale === 'zh' ? d.records.gov.filter((r) => r.top) : [...d.records.cfpb, ...d.records.nyc311].filter((r) => r.top);
}

function complainantBody(p: Person): NonNullable<CreateComplaintBody['complainant']> {
  const c: NonNullable<CreateComplaintBody['complainant']> = { name: p.name };
  if (p.phone) c.phone = p.phone;
  if (p.email) c.email = p.email;
  if (p.address) c.address = p.address;
  return c;
}

/** A place named in a TipDM message ("A3区桐梓坡西路可可小城"), for the location field. */
function placeIn(text: string): string | undefined {
  const m = /A\d{1,2}区[\u4e00-\u9fa5\w]{2,14}?(小区|路|街道|社区|广场|学校|中学|小学|医院|公司|市场|花园|家园|公寓|村|镇)/.exec(text);
  return m ? `A市${m[0]}` : undefined;
}

export function buildScenario(o: ScenarioOptions): DemoItem[] {
  const r = new Rng(o.seed);
  const pool = demoPool(o.locale);
  if (!pool.length) throw new Error(`no labelled records for the ${o.locale} demo`);
  const order = pool.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const byTop = new Map<string, DatasetRecord[]>();
  for (const rec of pool) byTop.set(rec.top!, [...(byTop.get(rec.top!) ?? []), rec]);

  const burstSize = o.size >= 25 ? 11 : 0;
  const singles = o.size - burstSize;
  const start = o.endMs - o.spanDays * DAY;
  const items: DemoItem[] = [];
  for (let i = 0; i < singles; i++) {
    const rec = pool[order[i % order.length]];
    // Busy daytime hours (UTC+8 for the Chinese desk, UTC−5 for the English one).
    const day = Math.floor(start / DAY) + 1 + r.int(o.spanDays);
    const hour = 8 + r.int(12) - (o.locale === 'zh' ? 8 : -5);
    let at = day * DAY + hour * HOUR + r.int(HOUR);
    // Today's calls came in during the hours before the load.
    if (at > o.endMs - 10 * 60_000) at = o.endMs - 10 * 60_000 - r.int(8 * HOUR);
    items.push(itemFrom(rec, at, r, o.locale, byTop));
  }
  if (burstSize) items.push(...burst(pool, o, r, burstSize));
  items.sort((a, b) => a.at - b.at);
  items.forEach((it, i) => (it.seq = i + 1));

  for (const it of items) {
    if (it.burst) continue;
    const age = (o.endMs - it.at) / DAY;
    it.fate = weighted(r, FATES_BY_AGE.find(([max]) => age < max)![1]);
  }
  // Questions (咨询) answered on the call are closed on the spot, not dispatched.
  const consults = items.filter((it) => !it.burst && CONSULTATION.test(it.body.subject));
  for (const it of consults) if (o.endMs - it.at > DAY / 2 && r.chance(0.7)) it.fate = 'consult';
  // Make sure every state shows even in a small demo: the single item closest to each natural age.
  const taken = new Set<number>();
  for (const [fate, days] of REQUIRED) {
    let best: DemoItem | undefined;
    for (const it of items) {
      if (it.burst || taken.has(it.seq)) continue;
      if (!best || Math.abs((o.endMs - it.at) / DAY - days) < Math.abs((o.endMs - best.at) / DAY - days)) best = it;
    }
    if (best) {
      best.fate = fate;
      taken.add(best.seq);
    }
  }
  if (!items.some((it) => it.fate === 'consult')) {
    const it = consults.find((c) => !taken.has(c.seq)) ?? items.find((c) => !c.burst && !taken.has(c.seq) && o.endMs - c.at > DAY);
    if (it) it.fate = 'consult';
  }
  const mainSeq = items.find((it) => it.burst)?.seq;
  let merged = 0;
  for (const it of items) {
    if (!it.burst) continue;
    if (it.seq === mainSeq) it.fate = 'supervised';
    else if (merged < 2 && r.chance(0.4)) {
      it.fate = 'merged';
      it.mergeInto = mainSeq;
      merged++;
    } else it.fate = 'triaged';
  }
  return items;
}

function itemFrom(rec: DatasetRecord, at: number, r: Rng, locale: DemoLocale, byTop: Map<string, DatasetRecord[]>): DemoItem {
  const lang = locale;
  const parts = [rec.text];
  // Recombination: a caller's further remark, taken from another message of the same category.
  if (r.chance(0.15)) {
    const group = byTop.get(rec.top!)!;
    const other = group[r.int(group.length)];
    if (other !== rec) parts.push((lang === 'zh' ? '补充：' : 'Update: ') + firstSentences(other.text, lang));
  }
  const person = r.chance(0.93) ? (lang === 'zh' ? chinesePerson(r) : englishPerson(r)) : undefined;
  const body: CreateComplaintBody = {
    subject: rec.subject,
    description: parts.join('\n'),
    channel: rec.channel ?? (lang === 'zh' ? weighted(r, ZH_CHANNELS) : 'web'),
    occurredAt: new Date(at - r.int(r.chance(0.8) ? 6 * HOUR : 7 * DAY)).toISOString(),
  };
  if (person) body.complainant = complainantBody(person);
  const place = lang === 'zh' ? placeIn(rec.subject + rec.text) : rec.location?.text;
  if (place || rec.location?.lat !== undefined) body.location = { ...(rec.location ?? {}), ...(place ? { text: place } : {}) };
  return { seq: 0, at, body, top: rec.top!, fate: 'fresh' };
}

const ZH_CALLERS = ['我是小区居民，', '今天又停水了，', '我家住在小区5栋，', '反映一下，', '我们整栋楼都没水，', '业主反映：', '我是业委会成员，', '家里有老人孩子，', '再次反映，', '邻居们都很着急，', '第三次打电话了，'];
const EN_CALLERS = ['Calling again: ', 'Neighbor here. ', 'Tenant in 4B: ', 'Second call today. ', 'Reporting for my building: ', 'Please help. ', 'Same problem as my neighbors: ', 'Our whole floor: ', 'Urgent: ', 'Resident here. ', 'Still not fixed: '];

/** One event reported by `n` callers in their own words within about three hours, a day ago. */
function burst(pool: DatasetRecord[], o: ScenarioOptions, r: Rng, n: number): DemoItem[] {
  const rec = (o.locale === 'zh' ? pool.find((p) => p.subject.includes('停水')) : pool.find((p) => /heat|water/i.test(p.subject))) ?? pool[0];
  const t0 = o.endMs - 30 * HOUR;
  const callers = o.locale === 'zh' ? ZH_CALLERS : EN_CALLERS;
  const out: DemoItem[] = [];
  for (let i = 0; i < n; i++) {
    const it = itemFrom(rec, t0 + i * 17 * 60_000 + r.int(10 * 60_000), r, o.locale, new Map([[rec.top!, [rec]]]));
    it.body.description = callers[i % callers.length] + rec.text;
    it.body.channel = 'phone';
    it.burst = true;
    out.push(it);
  }
  return out;
}
