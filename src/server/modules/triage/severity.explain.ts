/**
 * Severity findings worded for a reader, in Chinese or English — one language per explanation (the
 * complaint's own words are quoted as written). Pure.
 */
import type { DetectedFlags, Evidence, Finding, SeverityAssessment, SeverityFactor, SeverityLevel } from './severity.types.js';

export type Locale = 'zh-CN' | 'en';

export const LEVEL_NAMES: Record<SeverityLevel, { numeral: string; zh: string; en: string }> = {
  1: { numeral: 'Ⅰ', zh: '特别重大', en: 'especially serious' },
  2: { numeral: 'Ⅱ', zh: '重大', en: 'serious' },
  3: { numeral: 'Ⅲ', zh: '较大', en: 'major' },
  4: { numeral: 'Ⅳ', zh: '一般', en: 'general' },
};

const roman = (l: SeverityLevel) => LEVEL_NAMES[l].numeral;

/** 1 decimal at most: 2.5 days, 10 households. */
const num = (n: number) => String(Math.round(n * 10) / 10);

/** ¥ amounts: 50万元 / 1.2亿元 in Chinese, ¥500,000 in English. */
export function formatYuan(n: number, locale: Locale): string {
  if (locale === 'en') return `¥${n.toLocaleString('en-US')}`;
  if (n >= 1e8) return `${Math.round(n / 1e6) / 100}亿元`;
  if (n >= 1e4) return `${Math.round(n / 100) / 100}万元`;
  return `${n}元`;
}

const FIELDS: Record<string, { zh: string; en: string }> = {
  deaths: { zh: '死亡人数', en: 'deaths' },
  injuries: { zh: '伤病人数', en: 'injuries' },
  lossYuan: { zh: '损失金额', en: 'loss' },
  peopleAffected: { zh: '涉及人数', en: 'people affected' },
};

const labelIn = (label: Finding['label'], zh: boolean) => (typeof label === 'string' ? label : zh ? label?.zh : label?.en) ?? '';

function what(f: Finding, zh: boolean): string {
  const v = f.value ?? 0;
  const label = labelIn(f.label, zh);
  switch (f.factor) {
    case 'deaths':
      return zh ? `死亡${num(v)}人` : `${num(v)} dead`;
    case 'injuries':
      return zh ? `受伤或发病${num(v)}人` : `${num(v)} injured or ill`;
    case 'loss':
      return f.value === undefined ? (zh ? '财产损失' : 'property loss') : zh ? `直接经济损失${formatYuan(v, 'zh-CN')}` : `direct loss of ${formatYuan(v, 'en')}`;
    case 'peopleAffected':
      return zh ? `涉及${num(v)}人` : `${num(v)} people affected`;
    case 'households':
      return zh ? `涉及${num(v)}户` : `${num(v)} households affected`;
    case 'repeatVisits':
      return zh ? `已反映${num(v)}次` : `reported ${num(v)} times`;
    case 'outage':
      if (f.value === undefined) return zh ? `${label}（时长未说明）` : `${label} (for how long not stated)`;
      return zh ? `${label}${num(v)}天` : `${label} for ${num(v)} days`;
    case 'personalSafety':
      return zh ? '涉及人身安全' : 'personal safety';
    case 'keyword':
      return label;
    case 'vulnerableGroup':
      return zh ? '涉及弱势群体' : 'vulnerable group';
    case 'mediaAttention':
      return zh ? '媒体或舆论关注' : 'media or public attention';
    case 'massCluster':
      return zh ? '群体性投诉' : 'mass complaint';
    case 'repeat':
      return zh ? '重复投诉' : 'repeat complaint';
    case 'requestedLevel':
      return zh ? '受理时指定等级' : 'level set at intake';
    case 'override':
      return zh ? '人工改定等级' : 'level changed by staff';
  }
}

function source(e: Evidence, zh: boolean): string {
  switch (e.from) {
    case 'text':
      return `“${e.quote}”`;
    case 'field':
      return zh ? `登记的${FIELDS[e.name]?.zh ?? e.name}` : `recorded ${FIELDS[e.name]?.en ?? e.name}`;
    case 'flag':
      return zh ? '已标记' : 'flagged';
    case 'cluster':
      return zh ? '相似投诉聚集达到阈值' : 'similar complaints over the mass threshold';
    case 'history':
      return zh ? '同一诉求人近期反映过同类问题' : 'same complainant, same kind of problem recently';
    case 'staff':
      return e.reason ? (zh ? `原因：${e.reason}` : `reason: ${e.reason}`) : zh ? '工作人员' : 'by staff';
  }
}

function effect(f: Finding, zh: boolean): string {
  const e = f.effect;
  switch (e.kind) {
    case 'floor': {
      const base = zh ? `至少${roman(e.level)}级` : `at least ${roman(e.level)}`;
      return e.personalSafety ? (zh ? `${base}，涉及人身安全` : `${base}, personal safety`) : base;
    }
    case 'raise':
      if (e.to === e.from) return zh ? `未提升（已为${roman(e.from)}级，此项最高${roman(e.cap)}级）` : `+0 (already ${roman(e.from)}, this factor goes up to ${roman(e.cap)})`;
      return zh ? `提升${e.from - e.to}级至${roman(e.to)}级` : `+${e.from - e.to} to ${roman(e.to)}`;
    case 'set':
      return zh ? `由${roman(e.from)}级改为${roman(e.to)}级` : `${roman(e.from)} → ${roman(e.to)}`;
    case 'none':
      return zh ? '不单独提升等级' : 'does not raise the level by itself';
  }
}

/** One finding in one language. */
export function describeFinding(f: Finding, locale: Locale): SeverityFactor {
  const zh = locale !== 'en';
  const src = source(f.evidence, zh);
  return { ...f, detail: zh ? `${what(f, zh)}（${src}）` : `${what(f, zh)} (${src})`, contribution: effect(f, zh) };
}

/** The factors and a one-paragraph explanation, all in `locale`. */
export function explainSeverity(a: Pick<SeverityAssessment, 'level' | 'personalSafety' | 'ruleVersion' | 'findings'>, locale: Locale): { factors: SeverityFactor[]; explanation: string } {
  const zh = locale !== 'en';
  const factors = a.findings.map((f) => describeFinding(f, locale));
  const name = LEVEL_NAMES[a.level];
  if (zh) {
    const why = factors.length ? factors.map((f) => `${f.detail} → ${f.contribution}`).join('；') : '未发现加重因素';
    return { factors, explanation: `${name.numeral}级 ${name.zh}（规则 ${a.ruleVersion}）：${why}。${a.personalSafety ? '涉及人身安全，走快速通道。' : ''}` };
  }
  const why = factors.length ? factors.map((f) => `${f.detail} → ${f.contribution}`).join('; ') : 'no aggravating factor found';
  return { factors, explanation: `Level ${name.numeral} ${name.en} (rules ${a.ruleVersion}): ${why}.${a.personalSafety ? ' Personal safety — fast path.' : ''}` };
}

/** How an assessment is stored with the triage (complaint_triage.explanation): data, worded when shown. */
export interface StoredExplanation extends Pick<SeverityAssessment, 'level' | 'personalSafety' | 'ruleVersion' | 'findings' | 'flags'> {
  v: 2;
}

export function storeExplanation(a: SeverityAssessment): string {
  const stored: StoredExplanation = { v: 2, level: a.level, personalSafety: a.personalSafety, ruleVersion: a.ruleVersion, findings: a.findings, flags: a.flags };
  return JSON.stringify(stored);
}

/** The stored assessment, or null for a row written before explanations were stored as data. */
export function parseStoredExplanation(json: string | null | undefined): StoredExplanation | null {
  if (!json) return null;
  const x = JSON.parse(json) as StoredExplanation | { text: string };
  return 'v' in x && x.v === 2 ? x : null;
}

/**
 * A stored explanation for a reader. Rows from before (one bilingual text with its factors) are shown
 * as they were written.
 */
export function readExplanation(json: string | null | undefined, locale: Locale): { explanation: string | null; factors: SeverityFactor[]; flags: DetectedFlags | null } {
  const stored = parseStoredExplanation(json);
  if (stored) return { ...explainSeverity(stored, locale), flags: stored.flags };
  const legacy = json ? (JSON.parse(json) as { text?: string; factors?: SeverityFactor[] }) : null;
  return { explanation: legacy?.text ?? null, factors: legacy?.factors ?? [], flags: null };
}

/** A user's stored locale as an explanation language (Chinese unless English). */
export const localeOf = (l: string | null | undefined): Locale => (l === 'en' ? 'en' : 'zh-CN');
