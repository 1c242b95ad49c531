import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel } from '../../../shared/enums.js';
import { codeOf, parseTaxonomy, type TaxonomyNode } from './taxonomy.js';

/**
 * The public data sets in fixtures/datasets (see its README for sources and licences), parsed once
 * per process into records: citizen messages to a Chinese city government (TipDM 2020, with their
 * 一级分类 labels where the file has them), negative online-shopping and takeaway reviews, Weibo
 * posts, US CFPB consumer-complaint narratives and NYC 311 service requests.
 */

export type SourceName = 'gov' | 'shopping' | 'waimai' | 'weibo' | 'cfpb' | 'nyc311';

export interface DatasetRecord {
  source: SourceName;
  lang: 'zh' | 'en';
  subject: string;
  text: string;
  categoryCode: string;
  channel?: Channel;
  location?: { text?: string; lat?: number; lng?: number };
  /** Index into the source's group for recombination (same category). */
  group: string;
  /** The source's own top-level category: the TipDM 一级分类 where the file has it, the mapped one for US data. */
  top?: string;
  /** Memoised per record: keyword mask, short follow-up excerpt, subject clause. */
  kw?: number;
  excerpt?: string;
  clause?: string;
}

export interface Datasets {
  dir: string;
  taxonomy: TaxonomyNode[];
  records: Record<SourceName, DatasetRecord[]>;
  groups: Map<string, DatasetRecord[]>;
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

export const clean = (s: string) => s.replace(/\s+/g, ' ').replace(/\uFFFD/g, '').trim();

/** The first clause of a text, at most `max` characters, for a subject line. */
export function firstClause(text: string, max = 28): string {
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
  const records: Record<SourceName, DatasetRecord[]> = { gov: [], shopping: [], waimai: [], weibo: [], cfpb: [], nyc311: [] };

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
    records.gov.push({ source: 'gov', lang: 'zh', subject: subject.slice(0, 200), text, categoryCode, group: `gov:${top}`, ...(r['一级分类'] ? { top } : {}) });
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
      top: '经济管理',
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
      top,
      channel: NYC_CHANNEL[r['Open Data Channel Type']] ?? 'open311',
      location: { text: addr || undefined, ...(Number.isFinite(lat) && Number.isFinite(lng) && r.Latitude ? { lat, lng } : {}) },
      group: `nyc:${type}`,
    });
  }

  const groups = new Map<string, DatasetRecord[]>();
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
