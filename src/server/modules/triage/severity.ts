/**
 * Severity grading Ⅰ 特别重大 / Ⅱ 重大 / Ⅲ 较大 / Ⅳ 一般 (1 = most severe) from a versioned, editable,
 * JSON-serialisable rule set (defaults in severity.rules.ts). Every result carries the factors that
 * decided it as data; severity.explain.ts words them in one language. Pure. Types: severity.types.ts;
 * rule-set checks: severity.validate.ts.
 */
import { deathCounts, durations, moneyAmounts, peopleCounts, repeatVisits, type NumberMention } from './numbers.js';
import { DEFAULT_RULES } from './severity.rules.js';
import { explainSeverity, type Locale } from './severity.explain.js';
import type { DetectedFlags, Evidence, FactorKind, Finding, RaiseRule, SeverityAssessment, SeverityInput, SeverityLevel, SeverityResult, SeverityRuleSet, Thresholds } from './severity.types.js';

export { DEFAULT_RULES };
export type { Locale };
export type * from './severity.types.js';
export { validateRuleSet, withDefaults } from './severity.validate.js';

const LATIN = /^[\x20-\x7e]+$/;

/** Positions of a term: substrings for CJK, whole-word (case-insensitive) for Latin terms. */
function termPositions(haystack: string, term: string): number[] {
  const t = term.toLowerCase();
  const out: number[] = [];
  if (LATIN.test(t)) {
    const re = new RegExp(`(?<![a-z])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z])`, 'gi');
    for (const m of haystack.matchAll(re)) out.push(m.index);
  } else {
    for (let i = haystack.indexOf(t); i >= 0; i = haystack.indexOf(t, i + 1)) out.push(i);
  }
  return out;
}

/** The first of the terms found in the (lower-cased) text, skipping places named after people. */
function firstTerm(haystack: string, terms: readonly string[], landmarks: readonly string[] = []): string | undefined {
  return terms.find((t) => termPositions(haystack, t).some((i) => !landmarks.some((l) => haystack.startsWith(l.toLowerCase(), i + t.length))));
}

/** The level a value reaches: Ⅰ at th[0] or more, Ⅱ at th[1], Ⅲ at th[2], else Ⅳ. */
export function levelFor(value: number, th: Thresholds, scale = 1): SeverityLevel {
  if (value >= th[0] * scale) return 1;
  if (value >= th[1] * scale) return 2;
  if (value >= th[2] * scale) return 3;
  return 4;
}

/** The sentence around a mention (bounded by 。！？；, newlines and their ASCII forms). */
function clauseAround(text: string, m: NumberMention): string {
  const stops = /[。！？!?；;\n]/u;
  let start = m.index;
  while (start > 0 && !stops.test(text[start - 1])) start--;
  let end = m.index + m.text.length;
  while (end < text.length && !stops.test(text[end])) end++;
  return text.slice(start, end).toLowerCase();
}

const largest = <T extends NumberMention>(ms: T[]): T | undefined => ms.reduce<T | undefined>((best, m) => (best && best.value >= m.value ? best : m), undefined);

/** Grade one complaint; the explanation is worded in `locale`. */
export function assessSeverity(input: SeverityInput, rules: SeverityRuleSet = DEFAULT_RULES, locale: Locale = 'zh-CN'): SeverityResult {
  const text = `${input.subject ?? ''}。${input.description ?? ''}`;
  const lower = text.toLowerCase();
  const findings: Finding[] = [];
  const flags: DetectedFlags = { personalSafety: false, propertyLoss: false, mediaAttention: false, vulnerableGroup: false };
  let level: SeverityLevel = 4;
  let harm = false;
  /** A factor that puts a floor under the level; a higher level already reached stays. */
  const floor = (l: SeverityLevel, f: Omit<Finding, 'effect'>, personalSafety = false) => {
    if (l < level) level = l;
    findings.push({ ...f, effect: personalSafety ? { kind: 'floor', level: l, personalSafety } : { kind: 'floor', level: l } });
  };
  /** The larger of a structured field and the largest number read from the text. */
  const pick = (field: number | undefined, name: string, mentions: NumberMention[]): { value: number; evidence: Evidence } | undefined => {
    const m = largest(mentions);
    if (field !== undefined && field > 0 && (!m || field >= m.value)) return { value: field, evidence: { from: 'field', name } };
    return m ? { value: m.value, evidence: { from: 'text', quote: m.text } } : undefined;
  };
  const hurt = () => {
    flags.personalSafety = true;
    harm = true;
  };

  // Deaths.
  const deathMentions = deathCounts(text);
  const deaths = pick(input.deaths, 'deaths', deathMentions);
  if (deaths) {
    hurt();
    floor(Math.min(levelFor(deaths.value, rules.deaths), rules.personalSafetyMinLevel) as SeverityLevel, { factor: 'deaths', ...deaths }, true);
  }

  // Injured or ill people, people affected and households (a count inside a death count is neither).
  const counts = peopleCounts(text).filter((c) => !deathMentions.some((d) => d.index <= c.index && c.index < d.index + d.text.length));
  const people = counts.filter((c) => c.unit === 'people');
  const injuries = pick(input.injuries, 'injuries', people.filter((c) => firstTerm(clauseAround(text, c), rules.harmTerms)));
  if (injuries) {
    hurt();
    floor(Math.min(levelFor(injuries.value, rules.injuries), rules.personalSafetyMinLevel) as SeverityLevel, { factor: 'injuries', ...injuries }, true);
  }

  // Direct property loss.
  const loss = pick(input.lossYuan, 'lossYuan', moneyAmounts(text));
  if (loss) floor(levelFor(loss.value, rules.lossYuan, rules.moneyScale), { factor: 'loss', ...loss });
  else if (input.flags?.propertyLoss) floor(4, { factor: 'loss', evidence: { from: 'flag' } });
  flags.propertyLoss = !!loss || !!input.flags?.propertyLoss;

  // Safety keywords.
  for (const k of rules.keywords) {
    const term = firstTerm(lower, k.terms);
    if (!term) continue;
    if (k.personalSafety) hurt();
    floor(k.minLevel, { factor: 'keyword', label: k.label, evidence: { from: 'text', quote: term } }, k.personalSafety);
  }
  if (input.flags?.personalSafety) {
    hurt();
    floor(rules.personalSafetyMinLevel, { factor: 'personalSafety', evidence: { from: 'flag' } }, true);
  }
  if (flags.personalSafety && level > rules.personalSafetyMinLevel) level = rules.personalSafetyMinLevel;

  // Scale: people, households, repeat visits (each counts only from level Ⅲ up).
  const scale = (factor: FactorKind, found: { value: number; evidence: Evidence } | undefined, th: Thresholds) => {
    const l = found ? levelFor(found.value, th) : 4;
    if (found && l < 4) floor(l, { factor, ...found });
  };
  scale('peopleAffected', pick(input.peopleAffected, 'peopleAffected', people), rules.peopleAffected);
  scale('households', pick(undefined, 'households', counts.filter((c) => c.unit === 'households')), rules.households);
  scale('repeatVisits', pick(undefined, 'repeatVisits', repeatVisits(text)), rules.repeatVisits);

  // Essential services: the longest outage written in a sentence that names the service.
  let outage = false;
  for (const o of rules.outage) {
    const term = firstTerm(lower, o.terms);
    if (!term) continue;
    outage = true;
    const days = largest(durations(text).filter((d) => firstTerm(clauseAround(text, d), o.terms)));
    const l = days ? levelFor(days.value, rules.outageDays) : 4;
    const found = { factor: 'outage' as const, label: o.label, ...(days ? { value: days.value } : {}), evidence: { from: 'text' as const, quote: days ? days.text : term } };
    if (l < 4) floor(l, found);
    else findings.push({ ...found, effect: { kind: 'none' } });
  }

  // Raises (each capped by its own maximum; never lowers a level).
  const raise = (r: RaiseRule, f: Omit<Finding, 'effect'>) => {
    if (r.steps <= 0) return;
    const from = level;
    if (level > r.maxLevel) level = Math.max(r.maxLevel, level - r.steps) as SeverityLevel;
    findings.push({ ...f, effect: { kind: 'raise', from, to: level, cap: r.maxLevel } });
  };
  const vg = rules.vulnerableGroup;
  const vulnTerm = firstTerm(lower, vg.terms, vg.landmarks);
  if (input.flags?.vulnerableGroup || (vulnTerm && (harm || outage || !vg.onlyWithHarm))) {
    flags.vulnerableGroup = true;
    raise(vg, { factor: 'vulnerableGroup', evidence: vulnTerm ? { from: 'text', quote: vulnTerm } : { from: 'flag' } });
  }
  const mediaTerm = firstTerm(lower, rules.mediaAttention.terms);
  if (input.flags?.mediaAttention || mediaTerm) {
    flags.mediaAttention = true;
    raise(rules.mediaAttention, { factor: 'mediaAttention', evidence: mediaTerm ? { from: 'text', quote: mediaTerm } : { from: 'flag' } });
  }
  const massTerm = firstTerm(lower, rules.massCluster.terms);
  if (input.massCluster || massTerm) raise(rules.massCluster, { factor: 'massCluster', evidence: input.massCluster ? { from: 'cluster' } : { from: 'text', quote: massTerm! } });
  if (input.repeat) raise(rules.repeat, { factor: 'repeat', evidence: { from: 'history' } });

  return worded({ level, personalSafety: flags.personalSafety, fastPath: flags.personalSafety || level <= 2, ruleVersion: rules.version, findings, flags }, locale);
}

/** An assessment with its factors and explanation worded in one language. */
export function worded(a: SeverityAssessment, locale: Locale): SeverityResult {
  const { factors, explanation } = explainSeverity(a, locale);
  return { ...a, factors, explanation };
}

/**
 * The assessment after a level set outside the rules: an explicit level at intake (a floor: triage may
 * raise it, never lower it) or staff overriding it (any level, with a reason). Recorded as a factor so
 * the explanation says why the level is what it is.
 */
export function adjustLevel<T extends Pick<SeverityAssessment, 'level' | 'personalSafety' | 'findings'>>(
  a: T,
  change: { kind: 'requestedLevel'; level: SeverityLevel } | { kind: 'override'; level: SeverityLevel; reason?: string },
): T & { fastPath: boolean } {
  const from = a.level;
  const to = change.kind === 'requestedLevel' ? (Math.min(from, change.level) as SeverityLevel) : change.level;
  if (to === from) return { ...a, fastPath: a.personalSafety || to <= 2 };
  const evidence: Evidence = change.kind === 'override' && change.reason ? { from: 'staff', reason: change.reason } : { from: 'staff' };
  return { ...a, level: to, fastPath: a.personalSafety || to <= 2, findings: [...a.findings, { factor: change.kind, evidence, effect: { kind: 'set', from, to } }] };
}
