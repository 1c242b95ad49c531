import type { Channel, Status } from '../../../shared/enums.js';
import type { CreateComplaintBody } from '../complaints/complaint.schema.js';
import { loadDatasets, firstClause, type Datasets, type DatasetRecord, type SourceName } from './datasets.js';
import { chinesePerson, chinesePlace, englishPerson, Rng, type Person } from './people.js';

/**
 * Realistic complaints for load tests and benchmarks, sampled and recombined from every data set
 * (datasets.ts) in a Chinese-first mix with some English intake. Deterministic for a seed; fast
 * (each complaint is a handful of picks). The demo organisation uses its own, per-language mix
 * (scenario.ts).
 */

export type { SourceName } from './datasets.js';

const SHOPPING_SUBJECTS = ['网购{cat}质量问题投诉', '购买的{cat}与商品描述不符', '{cat}售后服务差，要求处理', '网购{cat}退换货纠纷', '对所购{cat}不满意'];
const HOTEL_SUBJECTS = ['酒店服务质量投诉', '入住酒店体验差，要求处理', '酒店设施与宣传不符'];

export interface GeneratedComplaint {
  seq: number;
  source: SourceName;
  lang: 'zh' | 'en';
  subject: string;
  description: string;
  /**
   * Pieces of the text the search index analyses (subject, description parts, location text). The
   * analyzer works per run of Han characters and per Latin word, so the terms of these pieces joined
   * with "\n" are exactly the union of each piece's terms — a bulk loader can cache them per piece.
   */
  searchParts: string[];
  channel: Channel;
  /** Category code in the taxonomy tree: "05" (top level) or "0503" (second level). */
  categoryCode: string;
  level: 1 | 2 | 3 | 4;
  flags: { personalSafety?: boolean; propertyLoss?: boolean; mediaAttention?: boolean; vulnerableGroup?: boolean };
  location?: { text?: string; lat?: number; lng?: number };
  complainant?: Person;
  /** Epoch ms. */
  occurredAt: number;
  /** Epoch ms: when the complaint is (or pretends to have been) received, spread over months. */
  createdAt: number;
  /** Where in its lifecycle this complaint should end up. */
  status: Status;
}

const SEVERE = /死亡|身亡|中毒|火灾|爆炸|坍塌|塌方|伤亡|重伤|触电|溺水|died|death|fire|injur|carbon monoxide|gas leak|collapse/i;
const SAFETY = /安全隐患|安全|受伤|危险|中毒|拉肚子|腹泻|身体不适|异物|unsafe|hazard|injur|heat|no hot water|leak|mold|rodent/i;
const MONEY = /损失|赔偿|退款|欠|拖欠|罚款|押金|保证金|万元|\d+元|refund|fee|charge|debt|\$\d|payment|loan/i;
const VULNERABLE = /老人|老年|儿童|孩子|小孩|学生|残疾|孕妇|elderly|senior|child|disab|pregnan|veteran|student/i;
const K_SEVERE = 1, K_SAFETY = 2, K_MONEY = 4, K_VULNERABLE = 8;
function keywords(rec: DatasetRecord): number {
  if (rec.kw === undefined) {
    const t = rec.subject + '\n' + rec.text;
    rec.kw = (SEVERE.test(t) ? K_SEVERE : 0) | (SAFETY.test(t) ? K_SAFETY : 0) | (MONEY.test(t) ? K_MONEY : 0) | (VULNERABLE.test(t) ? K_VULNERABLE : 0);
  }
  return rec.kw;
}

/** Where complaints end up in their lifecycle: roughly a live system a few months in. */
const STATUS_WEIGHTS: Array<[Status, number]> = [
  ['received', 8],
  ['triaged', 6],
  ['assigned', 10],
  ['in_progress', 14],
  ['waiting', 4],
  ['returned', 2],
  ['replied', 10],
  ['follow_up', 6],
  ['closed', 35],
  ['rejected', 4],
  ['merged', 1],
];
const STATUS_TOTAL = STATUS_WEIGHTS.reduce((s, [, w]) => s + w, 0);

/** Relative volume per source (Chinese-first organisation with some English intake). */
const SOURCE_WEIGHTS: Array<[SourceName, number]> = [
  ['gov', 33],
  ['shopping', 18],
  ['waimai', 18],
  ['weibo', 5],
  ['cfpb', 13],
  ['nyc311', 13],
];

/** Weight of each local hour of the day: quiet nights, busy mornings and afternoons. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 7, 5, 5, 6, 7, 6, 5, 4, 4, 4, 3, 2, 1.5];
const HOUR_CUM = (() => {
  const out: number[] = [];
  let s = 0;
  for (const w of HOUR_WEIGHTS) out.push((s += w));
  return out.map((x) => x / s);
})();

const ZH_CHANNELS: Array<[Channel, number]> = [
  ['phone', 35],
  ['web', 35],
  ['email', 8],
  ['api', 10],
  ['walk_in', 5],
  ['letter', 3],
  ['social', 4],
];

export interface GeneratorOptions {
  seed?: number;
  /** Complaints are received within [endMs − spanDays, endMs]. Default: the start of today (UTC), for determinism within a day. */
  endMs?: number;
  spanDays?: number;
  /** Limit to some sources. */
  sources?: SourceName[];
  /** Share of complaints by a returning complainant (for repeat-complaint recognition). */
  repeatShare?: number;
  datasets?: Datasets;
}

function weighted<T>(r: Rng, items: Array<[T, number]>, total?: number): T {
  let x = r.next() * (total ?? items.reduce((s, [, w]) => s + w, 0));
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
}

export class ComplaintGenerator {
  readonly datasets: Datasets;
  private readonly r: Rng;
  private seq = 0;
  private readonly endMs: number;
  private readonly spanMs: number;
  private readonly sources: Array<[SourceName, number]>;
  private readonly sourceTotal: number;
  private readonly repeatShare: number;
  private readonly regulars: Array<{ zh: Person; en: Person }> = [];

  constructor(opts: GeneratorOptions = {}) {
    this.datasets = opts.datasets ?? loadDatasets();
    this.r = new Rng(opts.seed ?? 42);
    const today = new Date();
    this.endMs = opts.endMs ?? Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    this.spanMs = (opts.spanDays ?? 180) * 86_400_000;
    this.sources = SOURCE_WEIGHTS.filter(([s]) => (!opts.sources || opts.sources.includes(s)) && this.datasets.records[s].length > 0);
    this.sourceTotal = this.sources.reduce((s, [, w]) => s + w, 0);
    this.repeatShare = opts.repeatShare ?? 0.08;
    const pr = new Rng((opts.seed ?? 42) ^ 0x5bd1e995);
    for (let i = 0; i < 200; i++) this.regulars.push({ zh: chinesePerson(pr), en: englishPerson(pr) });
  }

  /** A receive time: a uniformly random day in the span, an hour weighted by the day's rhythm (UTC+8 or UTC−5). */
  private time(lang: 'zh' | 'en'): number {
    const r = this.r;
    const day = Math.floor((this.endMs - this.spanMs) / 86_400_000) + r.int(Math.max(1, this.spanMs / 86_400_000));
    const x = r.next();
    let hour = 0;
    while (HOUR_CUM[hour] < x) hour++;
    const offsetH = lang === 'zh' ? 8 : -5;
    const t = day * 86_400_000 + (hour - offsetH) * 3_600_000 + r.int(3_600_000);
    return Math.min(t, this.endMs + 86_400_000 - 1);
  }

  next(): GeneratedComplaint {
    const r = this.r;
    const seq = ++this.seq;
    const source = weighted(r, this.sources, this.sourceTotal);
    const list = this.datasets.records[source];
    const rec = list[r.int(list.length)];
    const lang = rec.lang;

    let subject = rec.subject;
    if (source === 'shopping') {
      const cat = rec.subject;
      subject = r.chance(0.5) ? (cat === '酒店' ? r.pick(HOTEL_SUBJECTS) : r.pick(SHOPPING_SUBJECTS).replace('{cat}', cat)) : `${cat}：${(rec.clause ??= firstClause(rec.text, 24))}`;
    }

    // Recombination: a follow-up remark from another record of the same kind (same category / product).
    const parts = [rec.text];
    let kw = keywords(rec);
    if (source !== 'nyc311' && r.chance(source === 'gov' ? 0.15 : 0.3)) {
      const group = this.datasets.groups.get(rec.group)!;
      const other = group[r.int(group.length)];
      if (other !== rec) {
        other.excerpt ??= (lang === 'zh' ? '补充：' : 'Update: ') + (source === 'gov' || source === 'cfpb' ? firstSentences(other.text, lang) : other.text);
        parts.push(other.excerpt);
        kw |= keywords(other);
      }
    }
    const description = parts.join('\n');

    let location = rec.location;
    if (!location && lang === 'zh' && source !== 'weibo' && r.chance(0.7)) location = { text: chinesePlace(r) };

    // Levels: mostly Ⅳ, some Ⅲ, rare Ⅱ/Ⅰ, raised by what the text says.
    const x = r.next();
    let level: 1 | 2 | 3 | 4 = x < 0.004 ? 1 : x < 0.025 ? 2 : x < 0.14 ? 3 : 4;
    const severe = (kw & K_SEVERE) !== 0;
    if (severe && level === 4) level = r.chance(0.2) ? 2 : 3;
    const flags: GeneratedComplaint['flags'] = {};
    if (severe || (kw & K_SAFETY && r.chance(0.5))) flags.personalSafety = true;
    if (kw & K_MONEY && r.chance(0.6)) flags.propertyLoss = true;
    if (source === 'weibo' || (level <= 2 && r.chance(0.5))) flags.mediaAttention = true;
    if (kw & K_VULNERABLE && r.chance(0.6)) flags.vulnerableGroup = true;

    const channel = rec.channel ?? (source === 'shopping' || source === 'waimai' ? (r.chance(0.6) ? 'web' : r.chance(0.5) ? 'api' : 'phone') : weighted(r, ZH_CHANNELS));

    let complainant: Person | undefined;
    if (r.chance(source === 'weibo' ? 0.3 : 0.92)) {
      if (r.chance(this.repeatShare)) {
        const reg = this.regulars[r.int(this.regulars.length)];
        complainant = lang === 'zh' ? reg.zh : reg.en;
      } else complainant = lang === 'zh' ? chinesePerson(r) : englishPerson(r);
    }

    const createdAt = this.time(lang);
    const occurredAt = createdAt - r.int(r.chance(0.8) ? 6 * 3_600_000 : 7 * 86_400_000);
    const status = weighted(r, STATUS_WEIGHTS, STATUS_TOTAL);
    const searchParts = [subject, ...parts];
    if (location?.text) searchParts.push(location.text);
    return { seq, source, lang, subject, description, searchParts, channel, categoryCode: rec.categoryCode, level, flags, location, complainant, occurredAt, createdAt, status };
  }

  /** n complaints at once. */
  take(n: number): GeneratedComplaint[] {
    const out: GeneratedComplaint[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next();
    return out;
  }
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

/** The POST /api/v1/complaints body for a generated complaint; categories resolved by code when a map is given. */
export function toCreateBody(g: GeneratedComplaint, categoryIdByCode?: Map<string, string>): CreateComplaintBody {
  const body: CreateComplaintBody = { subject: g.subject, description: g.description, channel: g.channel, level: g.level, occurredAt: new Date(g.occurredAt).toISOString() };
  if (g.complainant) {
    const c: NonNullable<CreateComplaintBody['complainant']> = { name: g.complainant.name };
    if (g.complainant.phone) c.phone = g.complainant.phone;
    if (g.complainant.email) c.email = g.complainant.email;
    if (g.complainant.idNumber) c.idNumber = g.complainant.idNumber;
    if (g.complainant.address) c.address = g.complainant.address;
    body.complainant = c;
  }
  if (g.location) body.location = { ...g.location };
  if (Object.keys(g.flags).length) body.flags = { ...g.flags };
  const cat = categoryIdByCode?.get(g.categoryCode) ?? categoryIdByCode?.get(g.categoryCode.slice(0, 2));
  if (cat) body.categoryId = cat;
  return body;
}
