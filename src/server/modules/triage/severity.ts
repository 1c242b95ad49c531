/**
 * Severity grading Ⅰ 特别重大 / Ⅱ 重大 / Ⅲ 较大 / Ⅳ 一般 (1 = most severe) from a
 * versioned, editable, JSON-serialisable rule set. Every result carries the factors
 * that decided it and a bilingual explanation. Pure.
 */
import { deathCounts, moneyAmounts, peopleCounts, type NumberMention } from './numbers.js';

export type SeverityLevel = 1 | 2 | 3 | 4;

export const LEVEL_NAMES: Record<SeverityLevel, { numeral: string; zh: string; en: string; color: string }> = {
  1: { numeral: 'Ⅰ', zh: '特别重大', en: 'especially serious', color: 'red' },
  2: { numeral: 'Ⅱ', zh: '重大', en: 'serious', color: 'orange' },
  3: { numeral: 'Ⅲ', zh: '较大', en: 'relatively serious', color: 'yellow' },
  4: { numeral: 'Ⅳ', zh: '一般', en: 'general', color: 'blue' },
};

/** Minimum values for levels Ⅰ, Ⅱ and Ⅲ (descending). Below the last: Ⅳ. */
export type Thresholds = [number, number, number];

/** Raise the level by `steps` (towards Ⅰ) but never beyond `maxLevel` by this factor alone. */
export interface RaiseRule {
  steps: number;
  maxLevel: SeverityLevel;
}

export interface KeywordRule {
  id: string;
  /** Shown in explanations, e.g. "food safety 食品安全". */
  label: string;
  /** Matched case-insensitively as substrings (Chinese) or whole words (Latin). */
  terms: string[];
  /** The level is at least this when a term matches (4 = no effect). */
  minLevel: SeverityLevel;
  /** A match means danger to life or health. */
  personalSafety: boolean;
}

export interface SeverityRuleSet {
  version: string;
  /** Loss thresholds are multiplied by this (an organisation's own scale). */
  moneyScale: number;
  deaths: Thresholds;
  /** Seriously injured / ill people. */
  injuries: Thresholds;
  lossYuan: Thresholds;
  peopleAffected: Thresholds;
  /** Any injury, illness or danger to life: level at least this, personal safety flagged. */
  personalSafetyMinLevel: SeverityLevel;
  vulnerableGroup: RaiseRule & { terms: string[]; onlyWithHarm: boolean };
  mediaAttention: RaiseRule & { terms: string[] };
  repeat: RaiseRule;
  massCluster: RaiseRule & { terms: string[] };
  /** Words that, next to a count of people, mean those people were harmed. */
  harmTerms: string[];
  keywords: KeywordRule[];
}

export interface SeverityInput {
  subject: string;
  description: string;
  flags?: { personalSafety?: boolean; propertyLoss?: boolean; mediaAttention?: boolean; vulnerableGroup?: boolean };
  deaths?: number;
  injuries?: number;
  lossYuan?: number;
  peopleAffected?: number;
  repeat?: boolean;
  massCluster?: boolean;
}

export interface SeverityFactor {
  factor:
    | 'deaths'
    | 'injuries'
    | 'loss'
    | 'peopleAffected'
    | 'personalSafety'
    | 'keyword'
    | 'vulnerableGroup'
    | 'mediaAttention'
    | 'repeat'
    | 'massCluster';
  /** What was found, quoting the matched text or number. */
  detail: string;
  /** e.g. 'level≥3' or '+1 level (up to Ⅱ)' or 'flag'. */
  contribution: string;
}

export interface SeverityResult {
  level: SeverityLevel;
  personalSafety: boolean;
  /** Personal safety or level Ⅰ/Ⅱ: handle on the fastest path (快速反应). */
  fastPath: boolean;
  ruleVersion: string;
  factors: SeverityFactor[];
  explanation: string;
}

export const DEFAULT_RULES: SeverityRuleSet = {
  version: '2025.1',
  moneyScale: 1,
  // China's production-safety accident grading (生产安全事故报告和调查处理条例).
  deaths: [30, 10, 3],
  injuries: [100, 50, 10],
  lossYuan: [100_000_000, 50_000_000, 10_000_000],
  peopleAffected: [1000, 300, 50],
  personalSafetyMinLevel: 3,
  vulnerableGroup: {
    steps: 1,
    maxLevel: 2,
    onlyWithHarm: true,
    terms: [
      '学生', '同学', '儿童', '孩子', '小孩', '幼儿', '幼儿园', '未成年', '婴儿', '小学', '中学', '老人', '老年', '患者', '病人', '孕妇', '残疾',
      'student', 'students', 'pupil', 'pupils', 'child', 'children', 'kids', 'minor', 'minors', 'infant', 'infants', 'baby', 'babies',
      'elderly', 'senior', 'seniors', 'patient', 'patients', 'pregnant', 'disabled',
    ],
  },
  mediaAttention: {
    steps: 1,
    maxLevel: 2,
    terms: ['媒体', '记者', '曝光', '热搜', '微博', '抖音', '舆论', '新闻', '电视台', '上网', 'media', 'journalist', 'reporter', 'press', 'viral', 'news', 'trending', 'twitter', 'tiktok'],
  },
  repeat: { steps: 1, maxLevel: 3 },
  massCluster: { steps: 1, maxLevel: 2, terms: ['集体投诉', '联名', '集体上访', '群体', '聚集', 'class action', 'petition', 'protest'] },
  harmTerms: [
    '受伤', '伤', '中毒', '呕吐', '腹泻', '不适', '症状', '发烧', '发热', '住院', '送医', '就医', '昏迷', '骨折', '烧伤', '烫伤', '感染', '病倒',
    'injured', 'injury', 'injuries', 'hurt', 'ill', 'sick', 'poisoned', 'poisoning', 'vomiting', 'vomited', 'diarrhea', 'diarrhoea',
    'hospital', 'hospitalized', 'hospitalised', 'burned', 'burns', 'unconscious', 'wounded',
  ],
  keywords: [
    { id: 'food_safety', label: 'food safety 食品安全', terms: ['食物中毒', '食品中毒', '集体腹泻', '呕吐腹泻', '变质', 'food poisoning', 'food-borne', 'foodborne', 'spoiled food'], minLevel: 3, personalSafety: true },
    { id: 'poisoning', label: 'poisoning 中毒', terms: ['中毒', '有毒', 'poisoning', 'poisoned', 'toxic'], minLevel: 3, personalSafety: true },
    { id: 'injury', label: 'injury or death 人身伤亡', terms: ['受伤', '伤亡', '骨折', '流血', '死亡', '身亡', '昏迷', '烧伤', '烫伤', 'injury', 'injured', 'injuries', 'bleeding', 'died', 'death', 'dead', 'unconscious', 'fracture'], minLevel: 3, personalSafety: true },
    { id: 'fire', label: 'fire or explosion 火灾爆炸', terms: ['火灾', '起火', '着火', '失火', '冒烟', '爆炸', 'fire', 'on fire', 'explosion', 'exploded', 'smoke'], minLevel: 3, personalSafety: true },
    { id: 'collapse', label: 'structural collapse 坍塌', terms: ['坍塌', '倒塌', '塌方', '垮塌', '塌陷', '脱落', 'collapse', 'collapsed', 'caved in', 'falling debris'], minLevel: 3, personalSafety: true },
    { id: 'electric', label: 'electrical hazard 漏电触电', terms: ['漏电', '触电', '电线裸露', 'electric shock', 'electrocuted', 'exposed wire', 'exposed wires', 'live wire'], minLevel: 3, personalSafety: true },
    { id: 'gas', label: 'gas leak 燃气泄漏', terms: ['煤气泄漏', '燃气泄漏', '天然气泄漏', '漏气', '煤气味', '燃气味', '天然气味', '液化气味', '刺鼻气味', '一氧化碳', 'gas leak', 'gas leaking', 'smell of gas', 'smells of gas', 'gas smell', 'carbon monoxide'], minLevel: 3, personalSafety: true },
    { id: 'trapped', label: 'people trapped or drowning 被困溺水', terms: ['被困', '困人', '溺水', '落水', 'trapped', 'drowning', 'stuck in the elevator', 'stuck in the lift'], minLevel: 3, personalSafety: true },
    { id: 'violence', label: 'violence or self-harm 暴力自伤', terms: ['打人', '殴打', '持刀', '砍人', '自杀', '跳楼', '轻生', 'assault', 'assaulted', 'attacked', 'stabbed', 'knife', 'suicide', 'kill myself'], minLevel: 3, personalSafety: true },
    { id: 'odour', label: 'odour 异味', terms: ['气味', '异味', '臭味', 'odor', 'odour', 'stench'], minLevel: 4, personalSafety: false },
  ],
};

const LATIN = /^[\x20-\x7e]+$/;

/** Case-insensitive term search: substring for CJK, word-boundary prefix for Latin terms. */
function findTerm(haystack: string, term: string): number {
  const t = term.toLowerCase();
  if (!LATIN.test(t)) return haystack.indexOf(t);
  const re = new RegExp(`(?<![a-z])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`, 'i');
  const m = re.exec(haystack);
  return m ? m.index : -1;
}

function firstTerm(haystack: string, terms: readonly string[]): string | undefined {
  return terms.find((t) => findTerm(haystack, t) >= 0);
}

function levelFor(value: number, th: Thresholds, scale = 1): SeverityLevel {
  if (value >= th[0] * scale) return 1;
  if (value >= th[1] * scale) return 2;
  if (value >= th[2] * scale) return 3;
  return 4;
}

const roman = (l: SeverityLevel) => LEVEL_NAMES[l].numeral;

/** Whether a harm word appears within the clause around a count (same sentence). */
function harmNear(text: string, m: NumberMention, harmTerms: readonly string[]): string | undefined {
  const stops = /[。！？!?；;\n]/u;
  let start = m.index;
  while (start > 0 && !stops.test(text[start - 1])) start--;
  let end = m.index + m.text.length;
  while (end < text.length && !stops.test(text[end])) end++;
  return firstTerm(text.slice(start, end).toLowerCase(), harmTerms);
}

/** Grade one complaint. */
export function assessSeverity(input: SeverityInput, rules: SeverityRuleSet = DEFAULT_RULES): SeverityResult {
  const text = `${input.subject ?? ''}。${input.description ?? ''}`;
  const lower = text.toLowerCase();
  const factors: SeverityFactor[] = [];
  let level: SeverityLevel = 4;
  let personalSafety = false;
  let harm = false;
  const atLeast = (l: SeverityLevel, f: Omit<SeverityFactor, 'contribution'>, extra = '') => {
    if (l < level) level = l;
    factors.push({ ...f, contribution: `level≥${l} (${roman(l)})${extra}` });
  };

  // Deaths.
  const deathsFromText = deathCounts(text);
  const deaths = Math.max(input.deaths ?? 0, ...deathsFromText.map((d) => d.value));
  if (deaths > 0) {
    personalSafety = harm = true;
    const src = input.deaths && input.deaths >= deaths ? `deaths=${input.deaths}` : `“${deathsFromText.find((d) => d.value === deaths)?.text}”`;
    atLeast(Math.min(levelFor(deaths, rules.deaths), rules.personalSafetyMinLevel) as SeverityLevel, { factor: 'deaths', detail: `${deaths} dead 死亡 (${src})` });
  }

  // Injured or ill people, and people affected.
  const counts = peopleCounts(text);
  let injured = input.injuries ?? 0;
  let injuredSrc = injured > 0 ? `injuries=${injured}` : '';
  let affected = input.peopleAffected ?? 0;
  let affectedSrc = affected > 0 ? `peopleAffected=${affected}` : '';
  for (const c of counts) {
    if (deathsFromText.some((d) => d.index <= c.index && c.index < d.index + d.text.length)) continue;
    const h = harmNear(text, c, rules.harmTerms);
    if (h && c.value > injured) {
      injured = c.value;
      injuredSrc = `“${c.text}” + “${h}”`;
    }
    if (c.value > affected) {
      affected = c.value;
      affectedSrc = `“${c.text}”`;
    }
  }
  if (injured > 0) {
    personalSafety = harm = true;
    const l = Math.min(levelFor(injured, rules.injuries), rules.personalSafetyMinLevel) as SeverityLevel;
    atLeast(l, { factor: 'injuries', detail: `${injured} injured or ill 受伤/发病 (${injuredSrc})` });
  }

  // Direct property loss.
  const money = moneyAmounts(text);
  const loss = Math.max(input.lossYuan ?? 0, money[0]?.value ?? 0);
  if (loss > 0 || input.flags?.propertyLoss) {
    const src = input.lossYuan && input.lossYuan >= loss ? `lossYuan=${input.lossYuan}` : money[0] ? `“${money[0].text}”` : 'flag';
    atLeast(levelFor(loss, rules.lossYuan, rules.moneyScale), { factor: 'loss', detail: `direct loss 直接损失 ${loss.toLocaleString('en-US')} (${src})` });
  }

  // Safety keywords.
  for (const k of rules.keywords) {
    const term = firstTerm(lower, k.terms);
    if (!term) continue;
    if (k.personalSafety) personalSafety = harm = true;
    atLeast(k.minLevel, { factor: 'keyword', detail: `${k.label}: “${term}”` }, k.personalSafety ? ', personal safety' : '');
  }
  if (input.flags?.personalSafety) {
    personalSafety = harm = true;
    factors.push({ factor: 'personalSafety', detail: 'marked as a personal-safety case 涉及人身安全', contribution: `level≥${rules.personalSafetyMinLevel}` });
  }
  if (personalSafety && level > rules.personalSafetyMinLevel) level = rules.personalSafetyMinLevel;

  if (affected > 0) {
    const l = levelFor(affected, rules.peopleAffected);
    if (l < 4) atLeast(l, { factor: 'peopleAffected', detail: `${affected} people affected 涉及人数 (${affectedSrc})` });
  }

  // Raises (each capped by its own maximum).
  const raise = (r: RaiseRule, f: Omit<SeverityFactor, 'contribution'>) => {
    if (r.steps <= 0) return;
    const before = level;
    if (level > r.maxLevel) level = Math.max(r.maxLevel, level - r.steps) as SeverityLevel;
    factors.push({ ...f, contribution: before === level ? `+0 (already ${roman(level)}, cap ${roman(r.maxLevel)})` : `+${before - level} level → ${roman(level)}` });
  };
  const vulnTerm = firstTerm(lower, rules.vulnerableGroup.terms);
  if (input.flags?.vulnerableGroup || (vulnTerm && (harm || !rules.vulnerableGroup.onlyWithHarm))) {
    raise(rules.vulnerableGroup, { factor: 'vulnerableGroup', detail: `vulnerable group 弱势群体: ${vulnTerm ? `“${vulnTerm}”` : 'flag'}` });
  }
  const mediaTerm = firstTerm(lower, rules.mediaAttention.terms);
  if (input.flags?.mediaAttention || mediaTerm) {
    raise(rules.mediaAttention, { factor: 'mediaAttention', detail: `media/public attention 媒体关注: ${mediaTerm ? `“${mediaTerm}”` : 'flag'}` });
  }
  const massTerm = firstTerm(lower, rules.massCluster.terms);
  if (input.massCluster || massTerm) {
    raise(rules.massCluster, { factor: 'massCluster', detail: `mass complaint 群体性投诉: ${input.massCluster ? 'similar-complaint cluster over threshold' : `“${massTerm}”`}` });
  }
  if (input.repeat) raise(rules.repeat, { factor: 'repeat', detail: 'repeat complaint 重复投诉' });

  const name = LEVEL_NAMES[level];
  const why = factors.length === 0 ? 'no aggravating factor found 未发现加重因素' : factors.map((f) => `${f.detail} → ${f.contribution}`).join('; ');
  return {
    level,
    personalSafety,
    fastPath: personalSafety || level <= 2,
    ruleVersion: rules.version,
    factors,
    explanation: `${name.numeral} ${name.zh} / ${name.en} (rules ${rules.version}): ${why}${personalSafety ? '. Personal safety 涉及人身安全 — fast path.' : '.'}`,
  };
}

function isLevel(x: unknown): x is SeverityLevel {
  return x === 1 || x === 2 || x === 3 || x === 4;
}

/** Human-readable problems with a rule set; empty when it can be used. */
export function validateRuleSet(r: unknown): string[] {
  const errors: string[] = [];
  if (typeof r !== 'object' || r === null) return ['rule set must be an object'];
  const rs = r as Partial<SeverityRuleSet>;
  if (typeof rs.version !== 'string' || rs.version.trim() === '') errors.push('version must be a non-empty string');
  if (typeof rs.moneyScale !== 'number' || !(rs.moneyScale > 0)) errors.push('moneyScale must be a number > 0');
  for (const key of ['deaths', 'injuries', 'lossYuan', 'peopleAffected'] as const) {
    const th = rs[key];
    if (!Array.isArray(th) || th.length !== 3 || th.some((x) => typeof x !== 'number' || !(x > 0))) {
      errors.push(`${key} must be three positive numbers (minimum for Ⅰ, Ⅱ, Ⅲ)`);
    } else if (!(th[0] >= th[1] && th[1] >= th[2])) {
      errors.push(`${key} thresholds must not increase from Ⅰ to Ⅲ (got ${th.join(', ')})`);
    }
  }
  if (!isLevel(rs.personalSafetyMinLevel)) errors.push('personalSafetyMinLevel must be 1, 2, 3 or 4');
  for (const key of ['vulnerableGroup', 'mediaAttention', 'repeat', 'massCluster'] as const) {
    const rr = rs[key] as RaiseRule | undefined;
    if (!rr || typeof rr !== 'object') {
      errors.push(`${key} is missing`);
      continue;
    }
    if (!Number.isInteger(rr.steps) || rr.steps < 0 || rr.steps > 3) errors.push(`${key}.steps must be an integer 0..3`);
    if (!isLevel(rr.maxLevel)) errors.push(`${key}.maxLevel must be 1, 2, 3 or 4`);
    const terms = (rr as { terms?: unknown }).terms;
    if (key !== 'repeat' && (!Array.isArray(terms) || terms.some((t) => typeof t !== 'string' || t.trim() === ''))) {
      errors.push(`${key}.terms must be a list of non-empty strings`);
    }
  }
  if (!Array.isArray(rs.harmTerms)) errors.push('harmTerms must be a list of strings');
  if (!Array.isArray(rs.keywords)) errors.push('keywords must be a list');
  else {
    const ids = new Set<string>();
    rs.keywords.forEach((k, i) => {
      const where = `keywords[${i}]${k && typeof k.id === 'string' ? ` (${k.id})` : ''}`;
      if (!k || typeof k.id !== 'string' || !k.id) errors.push(`${where}: id is required`);
      else if (ids.has(k.id)) errors.push(`${where}: duplicate id`);
      else ids.add(k.id);
      if (!Array.isArray(k?.terms) || k.terms.length === 0 || k.terms.some((t) => typeof t !== 'string' || t.trim() === '')) {
        errors.push(`${where}: terms must be a non-empty list of non-empty strings`);
      }
      if (!isLevel(k?.minLevel)) errors.push(`${where}: minLevel must be 1, 2, 3 or 4`);
      if (typeof k?.personalSafety !== 'boolean') errors.push(`${where}: personalSafety must be true or false`);
    });
  }
  return errors;
}
