/**
 * Place names in a complaint, normalised so that independent callers' wordings of one place
 * compare equal: "江北区翠湖苑小区3栋", "翠湖苑" and "翠湖苑小区" all give the key 翠湖苑; "科技大道与
 * 创业路交叉口" gives 科技大道 and 创业路; "解放路127号" also gives the door number 解放路127号.
 * Administrative prefixes (市/区/县/街道) and building numbers are dropped. Pure (regular
 * expressions only): a place is recognised by its suffix (小区, 路, 幼儿园 …) and the name before
 * it, cut at words that never occur inside a place name. A bare name before 小区/社区 must not be
 * one ordinary word (占用小区, 居民小区); jieba's part-of-speech tags tell.
 */
import { tagWords } from './tokenize.js';
import { extractEnglishPlaces } from './place-en.js';

export interface PlaceKeys {
  /** Named places: estates, roads, schools, markets, rivers … (normalised names). */
  names: string[];
  /** Door numbers on a road ("解放路127号"). */
  doors: string[];
}

/** Suffixes that end a place name, longest first. `keep: false` drops the suffix from the key (小区). */
const SUFFIXES: Array<{ s: string; keep: boolean; minName: number }> = [
  ...['社区卫生服务中心', '卫生服务中心', '人民医院', '工业园', '菜市场', '停车场', '幼儿园', '健身房', '地铁站', '服务中心'].map((s) => ({ s, keep: true, minName: 2 })),
  ...['小学', '中学', '医院', '公园', '广场', '大道', '大厦', '花园', '家园', '新村', '公寓', '工地', '菜场', '健身', '超市'].map((s) => ({ s, keep: true, minName: 2 })),
  { s: '小区', keep: false, minName: 2 },
  { s: '社区', keep: false, minName: 2 },
  ...['苑', '园', '湾', '城', '河', '里', '厂'].map((s) => ({ s, keep: true, minName: 2 })),
  ...['路', '街', '巷'].map((s) => ({ s, keep: true, minName: 1 })),
];
const SUFFIX_RE = new RegExp(SUFFIXES.map((x) => x.s).join('|'), 'gu');
const BY_SUFFIX = new Map(SUFFIXES.map((x) => [x.s, x]));

/** Characters and words a place name never contains: the name starts after the last one. */
const BOUNDARY_RE =
  /.*(?:[的在是了我你他她们称住从到与及对把被给向于位所近旁这那个每就都也还又很说要请称为有无没面家问等去买线后办]|\d+[号栋期]|反映|来电|经过|附近|周边|影响|前面|旁边|楼下|楼上|对面|街道|[市区县镇省]|[\s，。、；：,.;:!?！？“”"'（）()【】\d]+(?=\D)|路(?!$)|街(?!$)|大道(?!$))/u;
/** Keys that are words, not places. */
const NOT_PLACES = new Set([
  '马路', '道路', '公路', '十字路', '丁字路', '三岔路', '岔路', '小区', '社区', '花园', '公园', '广场', '工地', '医院', '菜场', '家里', '这里', '那里', '哪里', '夜里', '心里', '屋里', '城里', '村里', '河里', '楼道里', '手机里', '冰箱里', '管道里',
  '市场', '停车场', '幼儿园', '小学', '中学', '健身', '健身房', '上下班路', '回家路', '过马路', '城管', '走很远的路', '服务中心', '卫生服务中心', '工业园', '地铁站', '菜市场', '人民医院', '地下停车场',
  '超市', '工厂', '化工厂', '电子厂', '服装厂', '加工厂', '水厂', '电厂', '自来水厂', '污水厂', '药厂', '食品厂',
]);
/** After these, "城"/"里"/"园"/"河" are not a place suffix (北城区, 城管; 河道, 园区). */
const NOT_AFTER: Record<string, RegExp> = {
  城: /^[区市管乡]/u,
  园: /^[区长方]/u,
  河: /^[道水里边]/u,
  里: /^(?![\s]*(?:小区|社区|\d|[一二三四五六七八九十]+[栋号期]))/u,
  路: /^(?:[上边过面灯费程线人]|口[岸罩]|段[时长])/u,
  街: /^[道边头上]/u,
};
/** Before these, "路" is part of a word (马路, 一路, 绕路, 修路). */
const NOT_ROAD_NAME = /[马一绕修走带让公铁水网线套思道出来回进上下过迷赶半跑满逛]$/u;

/** Ordinary words that precede 小区/社区 without naming one. */
const NOT_ESTATE_NAMES = new Set(['居民', '整个', '所在', '周边', '附近', '老旧', '我们', '新建', '多个', '各个', '该', '本', '全', '物业', '业主', '城市', '农村', '这个', '那个', '目前', '现在', '其他']);
/** jieba tags of a single word that cannot be an estate name (verbs, adjectives, adverbs, pronouns …); nor can one ending in a verb. */
const NOT_NAME_TAGS = /^(?:v|vn|vd|a|ad|an|d|r|p|c|u|m|q|t|f|l|i)$/u;

/**
 * A "name" whose words before the suffix hold a verb or a measure word is a clause that happens to end in a place suffix
 * (武汉封城, 城建局回应火神山医院, 座方舱医院, 好想偷走河), not a place: jieba tags tell.
 */
function isClause(key: string, nameLength: number): boolean {
  const words = tagWords(key);
  // A road or estate named by one verb (前进路, 奋斗路, 创新大道, 安居苑) is a name, not a clause.
  if (words.length >= 1 && words[0].word.length === nameLength && nameLength >= 2 && /^(?:路|街|大道|苑)$/u.test(key.slice(nameLength))) return false;
  let at = 0;
  for (const t of words) {
    const end = at + t.word.length;
    // Words reaching into the suffix are its own (超市 is tagged a verb; 解放路 is one word).
    if (end <= nameLength && (t.tag === 'v' || t.tag === 'q')) return true;
    at = end;
  }
  return false;
}

function isBareWord(name: string): boolean {
  if (NOT_ESTATE_NAMES.has(name)) return true;
  const tags = tagWords(name);
  return (tags.length === 1 && NOT_NAME_TAGS.test(tags[0].tag)) || /^v/u.test(tags[tags.length - 1].tag);
}

/** Place names are looked for in the location field, the subject and the start of the description. */
export const PLACE_TEXT_CHARS = 300;

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "十二" → 12, "三" → 3, "二十一" → 21 (building and phase numbers only need 0–99). */
function chineseNumber(s: string): number {
  if (!s.includes('十')) return [...s].reduce((n, ch) => n * 10 + (CN_DIGITS[ch] ?? 0), 0);
  const [tens, ones] = s.split('十');
  return (tens ? CN_DIGITS[tens] ?? 1 : 1) * 10 + (ones ? CN_DIGITS[ones] ?? 0 : 0);
}

/** NFKC, lower case, Chinese numerals before 栋/号楼/期/号 as digits. */
export function normalizePlaceText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/([零〇一二两三四五六七八九十]+)(?=栋|号楼|幢|期|号)/gu, (m) => String(chineseNumber(m)));
}

/** Place keys of a complaint's location field and text. */
export function extractPlaces(...texts: Array<string | null | undefined>): PlaceKeys {
  const names = new Set<string>();
  const doors = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const text = normalizePlaceText(raw.slice(0, PLACE_TEXT_CHARS));
    if (/[a-z]{3}/.test(text)) {
      const en = extractEnglishPlaces(text);
      en.names.forEach((n) => names.add(n));
      en.doors.forEach((d) => doors.add(d));
    }
    for (const m of text.matchAll(SUFFIX_RE)) {
      const at = m.index;
      const suffix = BY_SUFFIX.get(m[0])!;
      const after = text.slice(at + m[0].length, at + m[0].length + 4);
      const guard = NOT_AFTER[m[0]];
      const region = text.slice(Math.max(0, at - 8), at);
      if (guard?.test(after)) continue;
      const cut = BOUNDARY_RE.exec(region);
      let name = cut ? region.slice(cut[0].length) : region;
      // "人民路和中山路": 和/跟 after a road joins two roads (和 inside a name, 和平路, stays).
      if (/^[和跟]/u.test(name) && [...name].length > 2 && /(?:路|街|大道)$/u.test(region.slice(0, region.length - name.length))) name = name.slice(1);
      if (!/^[\p{Script=Han}a-z0-9]+$/u.test(name) || [...name].length < suffix.minName) continue;
      if ((m[0] === '路' || m[0] === '街') && NOT_ROAD_NAME.test(name)) continue;
      // "1路", "34路" are bus routes, not roads.
      if (m[0] === '路' && /^[\da-z]+$/u.test(name)) continue;
      const key = suffix.keep ? name + m[0] : name;
      if (NOT_PLACES.has(key) || /^\d+$/.test(key) || (!suffix.keep && isBareWord(key)) || isClause(name + m[0], name.length)) continue;
      names.add(key);
      if (m[0] === '路' || m[0] === '街' || m[0] === '大道') {
        const door = /^\s*(\d{1,5})号(?!楼)/u.exec(after + text.slice(at + m[0].length + 4, at + m[0].length + 8));
        if (door) doors.add(`${key}${door[1]}号`);
      }
    }
  }
  return { names: [...names], doors: [...doors] };
}

export type PlaceRelation = 'same' | 'different' | 'unknown';

/** Metres between two WGS84 points (haversine). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export interface PlacedText {
  places: PlaceKeys;
  /** Normalised full text (location + subject + description), to find the other side's names in. */
  text: string;
  lat?: number | null;
  lng?: number | null;
}

/**
 * Same place when a name of one is written in the other's text (so "幸福里" in one report matches
 * "幸福里小区" extracted from another) or the coordinates lie within `nearMetres`; different when
 * both name places and neither mentions the other's, or their coordinates are over `farMetres`
 * apart; unknown when either names no place or their names share a stem, or when close coordinates
 * come with street names that differ. Two complaints with door numbers and none in common differ,
 * whatever their coordinates.
 */
export function comparePlaces(a: PlacedText, b: PlacedText, nearMetres = 300, farMetres = 2000): PlaceRelation {
  // Two door numbers are more precise than two callers' positions: neighbouring buildings differ.
  if (a.places.doors.length && b.places.doors.length && !a.places.doors.some((d) => b.places.doors.includes(d))) return 'different';
  // A shared key counts too: "Maple Ave" and "Maple Avenue" both give mapleavenue, though neither text spells the other's.
  const named = a.places.names.some((n) => b.text.includes(n) || b.places.names.includes(n)) || b.places.names.some((n) => a.text.includes(n));
  if (a.lat != null && a.lng != null && b.lat != null && b.lng != null) {
    const d = distanceMetres({ lat: a.lat, lng: a.lng }, { lat: b.lat, lng: b.lng });
    // Close positions on two differently named streets (neighbouring blocks) are not one place by themselves.
    if (d <= nearMetres) return named || a.places.names.length === 0 || b.places.names.length === 0 ? 'same' : 'unknown';
    if (d > farMetres) return 'different';
  }
  if (named) return 'same';
  if (a.places.names.length === 0 || b.places.names.length === 0) return 'unknown';
  // Names of one length that differ in one character (锦楚国际星城, 锦楚国际新城; 碧桂华庭, 碧桂华府) are
  // neighbouring estates named by one developer: the character that differs is what tells them apart.
  if (a.places.names.some((n) => b.places.names.some((m) => oneCharApart(n, m)))) return 'different';
  // Two estates with one stem and different estate suffixes (桃源新村, 桃源花园; 梧桐里, 梧桐苑) are two estates.
  if (a.places.names.some((n) => b.places.names.some((m) => sharedStem(n, m) && estatesApart(n, m)))) return 'different';
  // Names with one stem (临港工业园, 临港新村) may be one area: not known to differ.
  if (a.places.names.some((n) => b.places.names.some((m) => sharedStem(n, m)))) return 'unknown';
  return 'different';
}

/** Suffixes of a residential estate's name (园 but not 工业园, 公园 …). */
const ESTATE_SUFFIX = /(?:花园|家园|新村|公寓|苑|湾|里|城|(?<!工业|产业|科技|公|菜|幼儿|动物|植物|陵)园)$/u;

function estatesApart(a: string, b: string): boolean {
  const x = ESTATE_SUFFIX.exec(a)?.[0];
  const y = ESTATE_SUFFIX.exec(b)?.[0];
  return x !== undefined && y !== undefined && x !== y;
}

function sharedStem(a: string, b: string): boolean {
  return a.length >= 3 && b.length >= 3 && a.slice(0, 2) === b.slice(0, 2) && /^\p{Script=Han}{2}$/u.test(a.slice(0, 2));
}

function oneCharApart(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length || x.length < 4) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
  return diff === 1;
}
