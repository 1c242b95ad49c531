/**
 * Selection of unrelated real messages for same-event evaluation pools (rules in
 * bench/event-clusters-blind-build.ts, which froze the blind set's pool with them). The same rules with
 * another seed, on the rows the blind pool did not take, give the wider dev pool (bench/event-clusters.ts
 * --half dev --wide), so the matcher can be tuned on the kinds of text the blind set holds without
 * looking at the blind set.
 */
import { readFileSync } from 'node:fs';
import { parseCsvRecords } from '../src/server/modules/triage/csv.js';
import { seededRandom } from '../src/server/modules/triage/metrics.js';
import { charPairs } from '../src/server/modules/triage/event-eval.js';

export interface PoolLine {
  id: string;
  at: number;
  loc?: string;
  lat?: number;
  lng?: number;
  s: string;
  d: string;
}

export interface PoolOptions {
  seed: number;
  /** Ids not to take (the blind pool's, for the dev pool). */
  exclude?: ReadonlySet<string>;
  /** NYC 311 rows to draw from: after the first 3,000 (not in fixtures) or the first 3,000. */
  nycRows: 'after3000' | 'first3000';
  /** Whether to take the TipDM hot messages (all 29 are in the blind pool). */
  hot: boolean;
  /** Lines of earlier pools: a text near-identical to one of them (a repost under another id) is not taken. */
  excludeLike?: readonly PoolLine[];
}

export function selectPool(DATA: string, o: PoolOptions): PoolLine[] {
const WINDOW_H = 720;
const rnd = seededRandom(o.seed);
const ex = o.exclude ?? new Set<string>();


const csv = (f: string) => parseCsvRecords(readFileSync(`${DATA}/${f}`, 'utf8')).records;
const shuffle = <T>(xs: T[]): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};
const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
/** A subject for a text without one: its first clause, at most 24 characters. */
const firstClause = (s: string) => clean(s).split(/[。！？!?；;\n]/u)[0].slice(0, 24) || clean(s).slice(0, 24);
const daytime = () => 7 + rnd() * 16;
const linear = (t: number, lo: number, hi: number) => (hi === lo ? 0 : ((t - lo) / (hi - lo)) * (WINDOW_H - 24));

/** `n` rows: half matching `hard` (topics the events share), half from the rest. */
function pick<T>(rows: T[], n: number, text: (r: T) => string, hard?: RegExp): T[] {
  const s = shuffle(rows);
  if (!hard) return s.slice(0, n);
  const h = s.filter((r) => hard.test(text(r)));
  const rest = s.filter((r) => !hard.test(text(r)));
  return [...h.slice(0, Math.floor(n / 2)), ...rest.slice(0, n - Math.min(h.length, Math.floor(n / 2)))];
}

const pool: PoolLine[] = [];
const kept: Array<Set<string>> = (o.excludeLike ?? []).map((p) => charPairs(`${p.s}${p.d}`.slice(0, 200)));
/** Drops a text near-identical to one already kept (reposts): the pool holds no planted duplicates. */
function push(p: PoolLine): void {
  if (ex.has(p.id)) return;
  const pairs = charPairs(`${p.s}${p.d}`.slice(0, 200));
  for (const k of kept) {
    let both = 0;
    for (const t of pairs) if (k.has(t)) both++;
    if ((2 * both) / (pairs.size + k.size) >= 0.8) return;
  }
  kept.push(pairs);
  pool.push(p);
}

// Weibo (zh): distinct posts of 30–300 characters, not bare reposts.
const weibo = csv('weibo_covid19/unlabeled_weibo_sample15k.csv').filter((r) => {
  const t = clean(r.text ?? '');
  return t.length >= 30 && t.length <= 300 && !t.startsWith('//@');
});
const wDay = (r: Record<string, string>) => {
  const [y, m, d] = r['date_2020_m.d'].split('.').map(Number);
  return Date.UTC(y, m - 1, d) / 3_600_000;
};
const wDays = weibo.map(wDay).filter(Number.isFinite);
const [wLo, wHi] = [Math.min(...wDays), Math.max(...wDays)];
for (const r of pick(weibo, 300, (x) => x.text, /小区|医院|学校|停水|停电|公交|地铁|食堂|超市|物业|施工|投诉|退款|幼儿园|燃气|垃圾|噪音|工资/u)) {
  const t = clean(r.text);
  push({ id: `W${weibo.indexOf(r)}`, at: linear(wDay(r), wLo, wHi) + daytime(), s: firstClause(t), d: t });
}
// Takeaway reviews (zh), negative only; undated.
const waimai = csv('waimai_10k/waimai_10k.csv').filter((r) => r.label === '0' && clean(r.review).length >= 15);
pick(waimai, 120, (x) => x.review, /拉肚子|肚子疼|吃坏|变质|馊|呕吐|不新鲜|食物中毒/u).forEach((r) => {
  const t = clean(r.review);
  push({ id: `T${waimai.indexOf(r)}`, at: rnd() * (WINDOW_H - 24) + daytime(), s: firstClause(t), d: t });
});
// Online-shopping reviews (zh), negative only; undated.
const shop = csv('online_shopping_10_cats/online_shopping_10_cats_sample20k.csv').filter((r) => r.label === '0' && clean(r.review).length >= 20);
pick(shop, 100, (x) => x.review).forEach((r) => {
  const t = clean(r.review);
  push({ id: `S${shop.indexOf(r)}`, at: rnd() * (WINDOW_H - 24) + daytime(), s: `${r.cat}：${firstClause(t)}`, d: t });
});
// TipDM hot messages (zh government messages, none in messages_labeled.csv).
const hot = csv('gov_messages_taidi2020/hot_messages_votes.csv');
const hotAt = (r: Record<string, string>) => {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2})/.exec(r['留言时间'].trim())!;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 3_600_000;
};
const hotTimes = hot.map(hotAt);
for (const r of o.hot ? hot : []) push({ id: `H${r['留言编号']}`, at: linear(hotAt(r), Math.min(...hotTimes), Math.max(...hotTimes)) + daytime(), s: clean(r['留言主题']), d: clean(r['留言详情']) });
// CFPB narratives (en).
const cfpb = csv('cfpb_consumer_complaints/complaints_sample_2015-2020.csv').filter((r) => clean(r['Consumer complaint narrative'] ?? '').length > 0);
const cAt = (r: Record<string, string>) => {
  const [y, m, d] = r['Date received'].split('/').map(Number);
  return Date.UTC(y, m - 1, d) / 3_600_000;
};
const cTimes = cfpb.map(cAt);
for (const r of pick(cfpb, 120, (x) => x.Issue)) {
  push({ id: `C${r['Complaint ID']}`, at: linear(cAt(r), Math.min(...cTimes), Math.max(...cTimes)) + daytime(), s: clean([r.Issue, r['Sub-issue']].filter(Boolean).join(': ')), d: clean(r['Consumer complaint narrative']).slice(0, 1500) });
}
// NYC 311 (en): rows after the 3,000 already in fixtures/datasets, one per address, with coordinates.
const nycAll = csv('nyc_311/311_sample_2018-10-21.csv');
const nyc = (o.nycRows === 'after3000' ? nycAll.slice(3000) : nycAll.slice(0, 3000)).filter((r) => clean(r['Incident Address'] ?? '') && r.Latitude && r.Longitude);
const seenAddr = new Set<string>();
for (const r of shuffle(nyc)) {
  if (pool.filter((p) => p.id.startsWith('N')).length >= 150) break;
  const addr = clean(r['Incident Address']);
  if (seenAddr.has(addr)) continue;
  seenAddr.add(addr);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2})\s+(\d{1,2}):(\d{2})/.exec(r['Created Date'])!;
  const where = [addr, clean(r.City ?? '')].filter(Boolean).join(', ');
  push({
    id: `N${r['\ufeffUnique Key'] ?? r['Unique Key']}`,
    at: 480 + +m[4] + +m[5] / 60 + (+m[2] - 21) * 24,
    loc: where,
    lat: Number(r.Latitude),
    lng: Number(r.Longitude),
    s: clean(r['Complaint Type']),
    d: clean(`${r.Descriptor} at ${where}${r['Location Type'] ? ` (${clean(r['Location Type'])})` : ''}.`),
  });
}
return pool;
}
