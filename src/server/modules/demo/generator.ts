import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel, Status } from '../../../shared/enums.js';
import type { CreateComplaintBody } from '../complaints/complaint.schema.js';
import { codeOf, parseTaxonomy, type TaxonomyNode } from './taxonomy.js';
import { chinesePerson, chinesePlace, englishPerson, Rng, type Person } from './people.js';

/**
 * Realistic complaints, sampled and recombined from the real public texts in fixtures/datasets
 * (see its README for sources and licences): citizen messages to a Chinese city government,
 * negative online-shopping and takeaway reviews, Weibo posts, US CFPB consumer-complaint
 * narratives and NYC 311 service requests. Deterministic for a seed; fast (the data sets are parsed
 * once per process, each complaint is a handful of picks).
 */

export type SourceName = 'gov' | 'shopping' | 'waimai' | 'weibo' | 'cfpb' | 'nyc311';

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

interface Record_ {
  source: SourceName;
  lang: 'zh' | 'en';
  subject: string;
  text: string;
  categoryCode: string;
  channel?: Channel;
  location?: { text?: string; lat?: number; lng?: number };
  /** Index into the source's group for recombination (same category). */
  group: string;
  /** Memoised per record: keyword mask, short follow-up excerpt, subject clause. */
  kw?: number;
  excerpt?: string;
  clause?: string;
}

export interface Datasets {
  dir: string;
  taxonomy: TaxonomyNode[];
  records: Record<SourceName, Record_[]>;
  groups: Map<string, Record_[]>;
  /** Official replies to citizen messages (答复意见), for demo replies. */
  replies: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** fixtures/datasets: REDRESS_DATASETS_DIR, else found upwards from this file or the working directory. */
export function datasetsDir(): string {
  if (process.env.REDRESS_DATASETS_DIR) return path.resolve(process.env.REDRESS_DATASETS_DIR);
  for (const start of [here, process.cwd()]) {
    let d = start;
    for (let i = 0; i < 8; i++) {
      const c = path.join(d, 'fixtures', 'datasets');
      if (fs.existsSync(path.join(c, 'gov_messages_taidi2020', 'label_taxonomy.csv'))) return c;
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  throw new Error('fixtures/datasets not found (set REDRESS_DATASETS_DIR)');
}

/** RFC 4180 CSV, scanning with indexOf/regex rather than per character (the data sets are ~15 MB). */
export function fastCsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stop = /[,\r\n]/g;
  let row: string[] = [];
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34) {
      field = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          field += text.slice(j);
          j = n;
          break;
        }
        field += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          field += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      i = j;
      stop.lastIndex = i;
      const m = stop.exec(text);
      if (m && m.index > i) field += text.slice(i, m.index);
      i = m ? m.index : n;
    } else {
      stop.lastIndex = i;
      const m = stop.exec(text);
      field = text.slice(i, m ? m.index : n);
      i = m ? m.index : n;
    }
    row.push(field);
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      if (i === n) row.push('');
    } else {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

function readCsv(dir: string, file: string): Record<string, string>[] {
  const rows = fastCsv(fs.readFileSync(path.join(dir, file), 'utf8'));
  const head = rows[0];
  return rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

const clean = (s: string) => s.replace(/\s+/g, ' ').replace(/\uFFFD/g, '').trim();

/** The first clause of a text, at most `max` characters, for a subject line. */
function firstClause(text: string, max = 28): string {
  const m = /^[^。！？!?；;，,\n]{4,}/.exec(text);
  const s = (m ? m[0] : text).trim();
  return [...s].length > max ? [...s].slice(0, max).join('') + '…' : s;
}

const SHOPPING_SECOND: Record<string, [string, string]> = {
  书籍: ['商贸旅游', '市场监管'],
  平板: ['商贸旅游', '市场监管'],
  手机: ['商贸旅游', '市场监管'],
  计算机: ['商贸旅游', '市场监管'],
  热水器: ['商贸旅游', '质监检验检疫'],
  洗发水: ['商贸旅游', '质监检验检疫'],
  衣服: ['商贸旅游', '商业贸易'],
  水果: ['卫生计生', '食品药品监管'],
  蒙牛: ['卫生计生', '食品药品监管'],
  酒店: ['商贸旅游', '旅游管理'],
};
const SHOPPING_SUBJECTS = ['网购{cat}质量问题投诉', '购买的{cat}与商品描述不符', '{cat}售后服务差，要求处理', '网购{cat}退换货纠纷', '对所购{cat}不满意'];
const HOTEL_SUBJECTS = ['酒店服务质量投诉', '入住酒店体验差，要求处理', '酒店设施与宣传不符'];

function nycCategory(type: string): [string, string] {
  const t = type.toLowerCase();
  if (t.startsWith('noise')) return ['环境保护', '环境污染'];
  if (/heat|plumbing|paint|unsanitary|water leak|door|electric|flooring|appliance|general$|mold|elevator|outside building|safety/.test(t)) return ['城乡建设', '住房保障与房地产'];
  if (/parking|driveway|derelict|traffic|vehicle/.test(t)) return ['政法', '交通管理'];
  if (/food|restaurant/.test(t)) return ['卫生计生', '食品药品监管'];
  if (/rodent|air quality|asbestos|lead/.test(t)) return ['卫生计生', '公共卫生'];
  if (/homeless/.test(t)) return ['民政', '社会救助'];
  if (/taxi|for hire/.test(t)) return ['交通运输', '出租车管理'];
  if (/police|animal|drug|panhandling/.test(t)) return ['政法', '社会治安'];
  if (/construction|building/.test(t)) return ['城乡建设', '工程质量'];
  return ['城乡建设', '城市建设和市政管理'];
}

const NYC_CHANNEL: Record<string, Channel> = { PHONE: 'phone', ONLINE: 'web', MOBILE: 'open311', UNKNOWN: 'open311', OTHER: 'walk_in' };
const CFPB_CHANNEL: Record<string, Channel> = { Web: 'web', Phone: 'phone', Email: 'email', 'Postal mail': 'letter', Fax: 'letter', Referral: 'import' };

const titleCase = (s: string) => s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());

let cache: Datasets | undefined;

/** Parses the data sets once per process (about half a second). */
export function loadDatasets(dir = datasetsDir()): Datasets {
  if (cache && cache.dir === dir) return cache;
  const taxonomy = parseTaxonomy(fs.readFileSync(path.join(dir, 'gov_messages_taidi2020', 'label_taxonomy.csv'), 'utf8'));
  const records: Record<SourceName, Record_[]> = { gov: [], shopping: [], waimai: [], weibo: [], cfpb: [], nyc311: [] };

  const gov = [
    ...readCsv(dir, 'gov_messages_taidi2020/messages_labeled.csv'),
    ...readCsv(dir, 'gov_messages_taidi2020/messages_with_replies.csv'),
    ...readCsv(dir, 'gov_messages_taidi2020/hot_messages_votes.csv'),
  ];
  const seen = new Set<string>();
  for (const r of gov) {
    const subject = clean(r['留言主题']);
    const text = clean(r['留言详情']);
    if (!subject || !text || seen.has(subject + text)) continue;
    seen.add(subject + text);
    const top = r['一级分类'] || guessGovTop(subject + text);
    const categoryCode = codeOf(taxonomy, top, guessSecond(taxonomy, top, subject + text));
    records.gov.push({ source: 'gov', lang: 'zh', subject: subject.slice(0, 200), text, categoryCode, group: `gov:${top}` });
  }
  const replies = readCsv(dir, 'gov_messages_taidi2020/messages_with_replies.csv').map((r) => clean(r['答复意见'])).filter((s) => s.length > 10);

  for (const r of readCsv(dir, 'online_shopping_10_cats/online_shopping_10_cats_sample20k.csv')) {
    if (r.label !== '0') continue;
    const text = clean(r.review);
    if ([...text].length < 8) continue;
    const [top, second] = SHOPPING_SECOND[r.cat] ?? ['商贸旅游', '市场监管'];
    records.shopping.push({ source: 'shopping', lang: 'zh', subject: r.cat, text, categoryCode: codeOf(taxonomy, top, second), group: `shopping:${r.cat}` });
  }

  for (const r of readCsv(dir, 'waimai_10k/waimai_10k.csv')) {
    if (r.label !== '0') continue;
    const text = clean(r.review);
    if ([...text].length < 6) continue;
    records.waimai.push({ source: 'waimai', lang: 'zh', subject: waimaiSubject(text), text, categoryCode: codeOf(taxonomy, '卫生计生', '食品药品监管'), group: 'waimai' });
  }

  for (const r of readCsv(dir, 'weibo_covid19/unlabeled_weibo_sample15k.csv')) {
    let text = clean(r.text.replace(/\?{2,}/g, ''));
    if (text.startsWith('//@')) continue;
    text = text.replace(/\/\/@.*$/, '').trim();
    if ([...text].length < 20 || !/\p{Script=Han}/u.test(text)) continue;
    const subject = firstClause(text.replace(/^(#[^#]*#\s*)+/, '').replace(/^【([^】]+)】/, '$1，'), 30);
    records.weibo.push({ source: 'weibo', lang: 'zh', subject: `网络舆情：${subject}`, text, categoryCode: codeOf(taxonomy, '卫生计生', '公共卫生'), channel: 'social', group: 'weibo' });
  }

  for (const r of readCsv(dir, 'cfpb_consumer_complaints/complaints_sample_2015-2020.csv')) {
    const narrative = r['Consumer complaint narrative'].trim();
    if (!narrative) continue;
    const subject = `${r.Issue}${r['Sub-issue'] ? ` — ${r['Sub-issue']}` : ''} (${r.Product.split(',')[0]})`.slice(0, 200);
    const second = /insurance|securit/i.test(r.Product) ? '保险证券期货' : '金融财税';
    records.cfpb.push({
      source: 'cfpb',
      lang: 'en',
      subject,
      text: narrative.slice(0, 8000),
      categoryCode: codeOf(taxonomy, '经济管理', second),
      channel: CFPB_CHANNEL[r['Submitted via']] ?? 'web',
      location: r.State ? { text: `${r.State} ${r['ZIP code']}`.trim() } : undefined,
      group: `cfpb:${r.Product}`,
    });
  }

  for (const r of readCsv(dir, 'nyc_311/311_sample_2018-10-21.csv')) {
    const type = r['Complaint Type'];
    if (!type) continue;
    const [top, second] = nycCategory(type);
    const addr = [r['Incident Address'], r.City, r.Borough && r.Borough !== 'Unspecified' ? r.Borough : '', r['Incident Zip']].filter(Boolean).map((s) => titleCase(s)).join(', ');
    const lat = Number(r.Latitude);
    const lng = Number(r.Longitude);
    const parts = [`${titleCase(type)}: ${r.Descriptor}.`];
    if (r['Location Type']) parts.push(`Location type: ${r['Location Type']}.`);
    if (r['Facility Type'] && r['Facility Type'] !== 'N/A') parts.push(`Facility: ${r['Facility Type']}.`);
    if (r['Resolution Description'] && r.Status !== 'Closed') parts.push(`Reported to ${r['Agency Name']}.`);
    records.nyc311.push({
      source: 'nyc311',
      lang: 'en',
      subject: `${titleCase(type)} – ${r.Descriptor}`.slice(0, 200),
      text: parts.join(' '),
      categoryCode: codeOf(taxonomy, top, second),
      channel: NYC_CHANNEL[r['Open Data Channel Type']] ?? 'open311',
      location: { text: addr || undefined, ...(Number.isFinite(lat) && Number.isFinite(lng) && r.Latitude ? { lat, lng } : {}) },
      group: `nyc:${type}`,
    });
  }

  const groups = new Map<string, Record_[]>();
  for (const list of Object.values(records)) {
    for (const rec of list) {
      const g = groups.get(rec.group);
      if (g) g.push(rec);
      else groups.set(rec.group, [rec]);
    }
  }
  cache = { dir, taxonomy, records, groups, replies };
  return cache;
}

const GOV_TOP_HINTS: Array<[RegExp, string]> = [
  [/学校|学生|老师|教师|学院|培训|招生/, '教育文体'],
  [/工资|社保|养老|拖欠|劳动|医保/, '劳动和社会保障'],
  [/医院|医生|卫生|食品|药/, '卫生计生'],
  [/公交|地铁|出租|道路|交通/, '交通运输'],
  [/污染|噪音|排放|环保|垃圾/, '环境保护'],
  [/商户|商家|旅游|市场|价格/, '商贸旅游'],
];
function guessGovTop(text: string): string {
  for (const [re, top] of GOV_TOP_HINTS) if (re.test(text)) return top;
  return '城乡建设';
}

/** The second-level category whose name (or its first two characters) the text mentions, if any. */
function guessSecond(tree: TaxonomyNode[], top: string, text: string): string | undefined {
  const t = tree.find((n) => n.nameZh === top);
  const hits = t?.children.filter((c) => c.nameZh !== '其他' && (text.includes(c.nameZh) || text.includes(c.nameZh.slice(0, 2))));
  return hits?.[0]?.nameZh;
}

function waimaiSubject(text: string): string {
  if (/中毒|拉肚子|腹泻|肚子疼|吃坏/.test(text)) return '外卖食品疑似导致身体不适';
  if (/头发|虫|异物|苍蝇|钢丝|塑料/.test(text)) return '外卖餐品中发现异物';
  if (/慢|超时|小时|等了|晚了|迟/.test(text)) return '外卖送餐严重超时';
  if (/凉|冷/.test(text)) return '外卖送达时饭菜已凉';
  if (/少|量/.test(text)) return '外卖分量不足';
  if (/态度/.test(text)) return '外卖配送员服务态度差';
  if (/咸|淡|难吃|味道|不新鲜|臭/.test(text)) return '外卖餐品质量差';
  return `外卖订单投诉：${firstClause(text, 20)}`;
}

const SEVERE = /死亡|身亡|中毒|火灾|爆炸|坍塌|塌方|伤亡|重伤|触电|溺水|died|death|fire|injur|carbon monoxide|gas leak|collapse/i;
const SAFETY = /安全隐患|安全|受伤|危险|中毒|拉肚子|腹泻|身体不适|异物|unsafe|hazard|injur|heat|no hot water|leak|mold|rodent/i;
const MONEY = /损失|赔偿|退款|欠|拖欠|罚款|押金|保证金|万元|\d+元|refund|fee|charge|debt|\$\d|payment|loan/i;
const VULNERABLE = /老人|老年|儿童|孩子|小孩|学生|残疾|孕妇|elderly|senior|child|disab|pregnan|veteran|student/i;
const K_SEVERE = 1, K_SAFETY = 2, K_MONEY = 4, K_VULNERABLE = 8;
function keywords(rec: Record_): number {
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
