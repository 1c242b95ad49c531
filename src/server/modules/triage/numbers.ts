/**
 * Reading counts, money amounts, durations and repeat visits out of Chinese and English complaint
 * text. "30多名学生" → 30 people, "三十余人" → 30, "十几户" → 10 households, "好几百户" → 300,
 * "three children" → 3, "损失5万元" → 50,000 yuan, "¥50,000", "1.2亿" → 120,000,000,
 * "停水三天" → 3 days, "第三次反映" → 3 visits. Vague amounts read as their lower bound. Pure.
 */

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parse a Chinese numeral below 10^8 ("三十", "十二", "两百零五", "一万二千"). NaN if not one. */
export function parseChineseNumeral(s: string): number {
  if (!s) return NaN;
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch];
    else if (ch in CN_UNITS) {
      section += (digit === -1 ? 1 : digit) * CN_UNITS[ch];
      digit = -1;
    } else if (ch === '万') {
      total += (section + Math.max(digit, 0)) * 10000;
      section = 0;
      digit = -1;
    } else return NaN;
  }
  return total + section + Math.max(digit, 0);
}

const EN_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  hundred: 100, dozen: 12, dozens: 24, hundreds: 200, thousands: 2000,
};

/** A number written with digits (with , separators), Chinese numerals or an English word. */
export function parseNumberToken(s: string): number {
  const t = s.trim().toLowerCase().replace(/,/g, '');
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t in EN_NUMBERS) return EN_NUMBERS[t];
  return parseChineseNumeral(t);
}

/** Leading words of a vague amount and the digit they stand for: 几十 20, 好几百 300, 上百 100. */
const VAGUE_PREFIX: [string, string][] = [['好几', '三'], ['几', '二'], ['数', '二'], ['上', '一'], ['近', '一']];

/**
 * A number as written in a complaint, vague ones included: digits, Chinese numerals, "十几" (10),
 * "几十" (20), "好几百" (300), "上千" (1000), "几" (2), "好几" (3). NaN if not a number.
 */
export function parseAmount(s: string): number {
  let t = s.trim();
  for (const [prefix, digit] of VAGUE_PREFIX) {
    if (!t.startsWith(prefix)) continue;
    const rest = t.slice(prefix.length);
    // 上/近 need a unit (上百); 几/好几/数 alone are a few.
    if (rest === '') return prefix === '上' || prefix === '近' ? NaN : parseChineseNumeral(digit);
    if (!/^[十百千万]/u.test(rest)) return NaN;
    t = digit + rest;
    break;
  }
  // A 几 after a unit is "and some" (十几 → 十, 十几万 → 十万).
  return parseNumberToken(t.replaceAll('几', ''));
}

export interface NumberMention {
  value: number;
  /** The text the number was read from, e.g. "30多名学生". */
  text: string;
  index: number;
}

const NUM = String.raw`(\d[\d,]*(?:\.\d+)?|(?:好几|几|数|上|近)[十百千万]*|[零〇一二两三四五六七八九十百千万]+几?)`;
const EN_NUM = String.raw`(\d[\d,]*|${Object.keys(EN_NUMBERS).filter((k) => k.length > 2).join('|')})`;
const CN_PERSON_NOUN =
  '人|名|位|个人|户人家|人家|户|住户|业户|家庭|学生|同学|孩子|儿童|小孩|幼儿|老人|居民|业主|村民|工人|员工|职工|乘客|顾客|患者|病人|游客|旅客|群众|孕妇|婴儿|师生|教师';
const EN_PERSON_NOUN =
  'people|persons|person|residents|tenants|students|pupils|children|kids|child|workers|employees|customers|passengers|patients|guests|families|households|seniors|elderly|babies|infants|victims|neighbors|neighbours';
/** Counted in households when the measure word or the noun says so (300户居民, 十几户, 两家人, 20 families). */
const HOUSEHOLD_MEASURE = new Set(['户', '家']);
const HOUSEHOLD_NOUN = new Set(['户', '住户', '业户', '家庭', '人家', '户人家', 'families', 'households']);

const CN_COUNT = new RegExp(`${NUM}\\s*(?:多|余|几)?\\s*(名|个|位|户|家|口)?\\s*(${CN_PERSON_NOUN})`, 'gu');
const EN_COUNT = new RegExp(`\\b${EN_NUM}\\s+(?:of\\s+)?(?:(?:more|other|young|elderly|local|sick|injured)\\s+)?(${EN_PERSON_NOUN})\\b`, 'giu');

export interface CountMention extends NumberMention {
  unit: 'people' | 'households';
}

/** Counts of people or households mentioned in the text, in order of appearance. */
export function peopleCounts(text: string): CountMention[] {
  const out: CountMention[] = [];
  for (const m of text.matchAll(CN_COUNT)) {
    const v = parseAmount(m[1]);
    const households = HOUSEHOLD_MEASURE.has(m[2] ?? '') || HOUSEHOLD_NOUN.has(m[3]);
    if (v > 0) out.push({ value: v, text: m[0], index: m.index, unit: households ? 'households' : 'people' });
  }
  for (const m of text.matchAll(EN_COUNT)) {
    const v = parseAmount(m[1]);
    if (v > 0) out.push({ value: v, text: m[0], index: m.index, unit: HOUSEHOLD_NOUN.has(m[2].toLowerCase()) ? 'households' : 'people' });
  }
  return out.sort((a, b) => a.index - b.index);
}

const CN_DEATHS = [
  new RegExp(`(?:死亡|遇难|身亡|丧生)\\s*${NUM}\\s*(?:多|余)?\\s*(?:人|名)`, 'gu'),
  new RegExp(`${NUM}\\s*(?:多|余)?\\s*(?:人|名)[^，。,.;；]{0,6}?(?:死亡|遇难|身亡|丧生)`, 'gu'),
];
const EN_DEATHS = [
  new RegExp(`\\b${EN_NUM}\\s+(?:(?:${EN_PERSON_NOUN})\\s+)?(?:were\\s+|have\\s+|had\\s+)?(?:dead|died|killed|deaths|fatalities)\\b`, 'giu'),
  new RegExp(`\\b(?:killed|killing)\\s+${EN_NUM}\\b`, 'giu'),
];

/** Numbers of deaths mentioned ("3人死亡", "死亡3人", "two people died", "killed 3"). */
export function deathCounts(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const re of [...CN_DEATHS, ...EN_DEATHS]) {
    for (const m of text.matchAll(re)) {
      const v = parseAmount(m[1]);
      if (v > 0) out.push({ value: v, text: m[0], index: m.index });
    }
  }
  return out;
}

const UNIT: Record<string, number> = { 千: 1e3, 万: 1e4, 十万: 1e5, 百万: 1e6, 千万: 1e7, 亿: 1e8, k: 1e3, thousand: 1e3, million: 1e6, m: 1e6, billion: 1e9, bn: 1e9 };
const MONEY_PATTERNS: RegExp[] = [
  // ¥50,000 / ￥5万 / RMB 1.2亿 / $50,000 (dollars are read as the same number: the scale is per organisation)
  /(?:[¥￥$]|rmb|cny|usd)\s*(\d[\d,]*(?:\.\d+)?)\s*(十万|百万|千万|万|亿|k|thousand|million|billion|m|bn)?/giu,
  // 5万元 / 5000元 / 3千块 / 1.2亿 / 五万元
  /(\d[\d,]*(?:\.\d+)?|(?:好几|几|数|上|近)[十百千]*|[零〇一二两三四五六七八九十百千]+几?)\s*(十万|百万|千万|万|亿|千)?\s*(?:多|余)?\s*(?:元|块钱|块|人民币)/gu,
  /(\d[\d,]*(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(亿)/gu,
  /(?:损失|赔偿|金额|价值|罚款|欠款|损毁|骗走|卷走|被骗)[^，。,.;；\d一二两三四五六七八九十几好数上近]{0,6}(\d[\d,]*(?:\.\d+)?|(?:好几|几|数|上|近)[十百千]*|[一二两三四五六七八九十百千]+几?)\s*(十万|百万|千万|万|亿|千)/gu,
  // 50,000 yuan / 2 million dollars
  /\b(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|k|m|bn)?\s*(?:yuan|rmb|dollars|usd)\b/giu,
];

/** Money amounts mentioned in the text (largest first), in the text's currency units. */
export function moneyAmounts(text: string): NumberMention[] {
  const found = new Map<number, NumberMention>();
  for (const re of MONEY_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const base = parseAmount(m[1]);
      const unit = m[2] ? (UNIT[m[2].toLowerCase()] ?? UNIT[m[2]] ?? 1) : 1;
      const value = base * unit;
      const index = m.index ?? 0;
      if (!Number.isFinite(value) || value <= 0) continue;
      const prev = found.get(index);
      if (!prev || prev.value < value) found.set(index, { value, text: m[0].trim(), index });
    }
  }
  const byValue = new Map<number, NumberMention>();
  for (const m of [...found.values()].sort((a, b) => a.index - b.index)) if (!byValue.has(m.value)) byValue.set(m.value, m);
  return [...byValue.values()].sort((a, b) => b.value - a.value);
}

const DAYS_PER: Record<string, number> = { 天: 1, 周: 7, 星期: 7, 礼拜: 7, 月: 30, 小时: 1 / 24, 钟头: 1 / 24, day: 1, week: 7, month: 30, hour: 1 / 24 };
// 月 only with 个 (一个月; "3月" is March); 日 is left out (12月3日 is a date).
const CN_DURATION = new RegExp(`${NUM}\\s*(?:多|余)?\\s*(个)?\\s*(?:多)?\\s*(天|周|星期|礼拜|月|小时|钟头)`, 'gu');
const CN_HALF = /半\s*个\s*(月|星期)/gu;
const EN_DURATION = new RegExp(`\\b(\\d+|an?|${Object.keys(EN_NUMBERS).filter((k) => k.length > 2).join('|')})\\s+(?:more\\s+|whole\\s+|full\\s+)?(day|week|month|hour)s?\\b`, 'giu');

/** Lengths of time mentioned ("三天", "一个多星期", "半个月", "48小时", "two weeks"), in days. */
export function durations(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(CN_DURATION)) {
    if (m[3] === '月' && !m[2]) continue;
    const v = parseAmount(m[1]) * DAYS_PER[m[3]];
    if (v > 0) out.push({ value: v, text: m[0], index: m.index });
  }
  for (const m of text.matchAll(CN_HALF)) out.push({ value: DAYS_PER[m[1]] / 2, text: m[0], index: m.index });
  for (const m of text.matchAll(EN_DURATION)) {
    const v = parseAmount(m[1]) * DAYS_PER[m[2].toLowerCase()];
    if (v > 0) out.push({ value: v, text: m[0], index: m.index });
  }
  return out.sort((a, b) => a.index - b.index);
}

const CN_CONTACT = '来电|致电|打电话|拨打|反映|投诉|举报|反馈|求助';
const EN_ORDINALS: Record<string, number> = { second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };
const REPEAT_PATTERNS: RegExp[] = [
  // 第三次反映
  new RegExp(`第\\s*${NUM}\\s*次\\s*(?:${CN_CONTACT})`, 'gu'),
  // 反映过五次 / 打了十几次电话
  new RegExp(`(?:${CN_CONTACT}|打了)(?:了|过)?\\s*${NUM}\\s*(?:多|余)?\\s*(?:次|遍|回)`, 'gu'),
  // 三次投诉 / 十几次电话
  new RegExp(`${NUM}\\s*(?:多|余)?\\s*次\\s*(?:${CN_CONTACT}|电话)`, 'gu'),
  // called three times / complained 5 times
  new RegExp(`\\b(?:called|phoned|rang|complained|reported|contacted|wrote|written|emailed)\\b[^.;!?]{0,30}?\\b${EN_NUM}\\s+times\\b`, 'giu'),
  // for the third time / for the 4th time
  new RegExp(`\\bfor\\s+the\\s+(\\d+|${Object.keys(EN_ORDINALS).join('|')})(?:st|nd|rd|th)?\\s+time\\b`, 'giu'),
];
/** "More than once" without a number (多次反映, repeatedly): read as two. */
const CN_SEVERAL = new RegExp(`(?:多次|屡次|反复|一再|再三|屡屡)\\s*(?:地)?\\s*(?:${CN_CONTACT})|\\brepeatedly\\s+(?:called|phoned|complained|reported|contacted|asked)\\b`, 'giu');

/** How many times the complainant says they have reported the problem ("第三次反映", "打了五次电话"). */
export function repeatVisits(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const re of REPEAT_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const v = EN_ORDINALS[m[1].toLowerCase()] ?? parseAmount(m[1]);
      if (v > 0) out.push({ value: v, text: m[0], index: m.index });
    }
  }
  for (const m of text.matchAll(CN_SEVERAL)) out.push({ value: 2, text: m[0], index: m.index });
  return out.sort((a, b) => a.index - b.index);
}
