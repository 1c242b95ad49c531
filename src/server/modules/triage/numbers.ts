/**
 * Reading counts and money amounts out of Chinese and English complaint text.
 * "30多名学生" → 30 people, "三十余人" → 30, "three children" → 3, "损失5万元" → 50,000 yuan,
 * "¥50,000", "1.2亿" → 120,000,000. Pure.
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

export interface NumberMention {
  value: number;
  /** The text the number was read from, e.g. "30多名学生". */
  text: string;
  index: number;
}

const NUM = String.raw`(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)`;
const EN_NUM = String.raw`(\d[\d,]*|${Object.keys(EN_NUMBERS).filter((k) => k.length > 2).join('|')})`;
const CN_PERSON_NOUN =
  '人|名|位|个人|户|家|学生|同学|孩子|儿童|小孩|幼儿|老人|居民|业主|住户|村民|工人|员工|职工|乘客|顾客|患者|病人|游客|旅客|群众|孕妇|婴儿|师生|教师|业户';
const EN_PERSON_NOUN =
  'people|persons|person|residents|tenants|students|pupils|children|kids|child|workers|employees|customers|passengers|patients|guests|families|households|seniors|elderly|babies|infants|victims|neighbors|neighbours';

const CN_COUNT = new RegExp(`${NUM}\\s*(?:多|余|几)?\\s*(?:名|个|位|户|家|口)?\\s*(?:${CN_PERSON_NOUN})`, 'gu');
const EN_COUNT = new RegExp(`\\b${EN_NUM}\\s+(?:(?:more|other|young|elderly|local|sick|injured)\\s+)?(?:${EN_PERSON_NOUN})\\b`, 'giu');

/** Counts of people mentioned in the text, in order of appearance. */
export function peopleCounts(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(CN_COUNT)) {
    const v = parseNumberToken(m[1]);
    if (Number.isFinite(v) && v > 0) out.push({ value: v, text: m[0], index: m.index ?? 0 });
  }
  for (const m of text.matchAll(EN_COUNT)) {
    const v = parseNumberToken(m[1]);
    if (Number.isFinite(v) && v > 0) out.push({ value: v, text: m[0], index: m.index ?? 0 });
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
      const v = parseNumberToken(m[1]);
      if (Number.isFinite(v) && v > 0) out.push({ value: v, text: m[0], index: m.index ?? 0 });
    }
  }
  return out;
}

const UNIT: Record<string, number> = { 千: 1e3, 万: 1e4, 十万: 1e5, 百万: 1e6, 千万: 1e7, 亿: 1e8, k: 1e3, thousand: 1e3, million: 1e6, m: 1e6, billion: 1e9, bn: 1e9 };
const MONEY_PATTERNS: RegExp[] = [
  // ¥50,000 / ￥5万 / RMB 1.2亿 / $50,000 (dollars are read as the same number: the scale is per organisation)
  /(?:[¥￥$]|rmb|cny|usd)\s*(\d[\d,]*(?:\.\d+)?)\s*(十万|百万|千万|万|亿|k|thousand|million|billion|m|bn)?/giu,
  // 5万元 / 5000元 / 3千块 / 1.2亿 / 五万元
  /(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)\s*(十万|百万|千万|万|亿|千)?\s*(?:多|余)?\s*(?:元|块钱|块|人民币)/gu,
  /(\d[\d,]*(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(亿)/gu,
  /(?:损失|赔偿|金额|价值|罚款|欠款|损毁)[^，。,.;；\d一二两三四五六七八九十]{0,6}(\d[\d,]*(?:\.\d+)?)\s*(十万|百万|千万|万|亿|千)/gu,
  // 50,000 yuan / 2 million dollars
  /\b(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|k|m|bn)?\s*(?:yuan|rmb|dollars|usd)\b/giu,
];

/** Money amounts mentioned in the text (largest first), in the text's currency units. */
export function moneyAmounts(text: string): NumberMention[] {
  const found = new Map<number, NumberMention>();
  for (const re of MONEY_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const base = parseNumberToken(m[1]);
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
