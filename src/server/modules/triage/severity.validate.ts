/** Checks an edited severity rule set before it is saved; and fills settings a stored one predates. */
import { DEFAULT_RULES } from './severity.rules.js';
import type { KeywordRule, Label, RaiseRule, SeverityLevel, SeverityRuleSet } from './severity.types.js';

function isLevel(x: unknown): x is SeverityLevel {
  return x === 1 || x === 2 || x === 3 || x === 4;
}

const isTermList = (x: unknown, nonEmpty: boolean) => Array.isArray(x) && (!nonEmpty || x.length > 0) && x.every((t) => typeof t === 'string' && t.trim() !== '');
const isLabel = (x: unknown) => typeof x === 'object' && x !== null && isTermList([(x as Label).zh, (x as Label).en], true);

const THRESHOLDS = ['deaths', 'injuries', 'lossYuan', 'peopleAffected', 'households', 'repeatVisits', 'outageDays'] as const;

/**
 * Members a rule set does not know are refused: a misspelt setting would otherwise be saved, shown back
 * and silently ignored (and the published response schema lists exactly the known ones).
 */
function unknownMembers(v: unknown, known: readonly string[], at: string): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.keys(v).filter((k) => !known.includes(k)).map((k) => `${at}${at ? '.' : ''}${k} is not a known setting`);
}

/** Human-readable problems with a rule set; empty when it can be used. */
export function validateRuleSet(r: unknown): string[] {
  if (typeof r !== 'object' || r === null) return ['rule set must be an object'];
  const errors: string[] = unknownMembers(r, Object.keys(DEFAULT_RULES), '');
  const rs = r as Partial<SeverityRuleSet>;
  if (typeof rs.version !== 'string' || rs.version.trim() === '') errors.push('version must be a non-empty string');
  if (typeof rs.moneyScale !== 'number' || !(rs.moneyScale > 0)) errors.push('moneyScale must be a number > 0');
  for (const key of THRESHOLDS) {
    const th = rs[key];
    if (!Array.isArray(th) || th.length !== 3 || th.some((x) => typeof x !== 'number' || !(x > 0))) {
      errors.push(`${key} must be three positive numbers (minimum for Ⅰ, Ⅱ, Ⅲ)`);
    } else if (!(th[0] >= th[1] && th[1] >= th[2])) {
      errors.push(`${key} thresholds must not increase from Ⅰ to Ⅲ (got ${th.join(', ')})`);
    }
  }
  if (!isLevel(rs.personalSafetyMinLevel)) errors.push('personalSafetyMinLevel must be 1, 2, 3 or 4');
  for (const key of ['vulnerableGroup', 'mediaAttention', 'repeat', 'massCluster'] as const) {
    const rr = rs[key] as (RaiseRule & { terms?: unknown }) | undefined;
    if (!rr || typeof rr !== 'object') {
      errors.push(`${key} is missing`);
      continue;
    }
    errors.push(...unknownMembers(rr, Object.keys(DEFAULT_RULES[key]), key));
    if (!Number.isInteger(rr.steps) || rr.steps < 0 || rr.steps > 3) errors.push(`${key}.steps must be an integer 0..3`);
    if (!isLevel(rr.maxLevel)) errors.push(`${key}.maxLevel must be 1, 2, 3 or 4`);
    if (key !== 'repeat' && !isTermList(rr.terms, false)) errors.push(`${key}.terms must be a list of non-empty strings`);
  }
  const vg = rs.vulnerableGroup;
  if (vg && typeof vg === 'object') {
    if (typeof vg.onlyWithHarm !== 'boolean') errors.push('vulnerableGroup.onlyWithHarm must be true or false');
    if (!isTermList(vg.landmarks, false)) errors.push('vulnerableGroup.landmarks must be a list of non-empty strings');
  }
  if (!isTermList(rs.harmTerms, false)) errors.push('harmTerms must be a list of non-empty strings');
  const lists = { outage: rs.outage, keywords: rs.keywords };
  for (const [key, list] of Object.entries(lists)) {
    if (!Array.isArray(list)) {
      errors.push(`${key} must be a list`);
      continue;
    }
    const ids = new Set<string>();
    list.forEach((k: Partial<KeywordRule>, i) => {
      const where = `${key}[${i}]${typeof k?.id === 'string' ? ` (${k.id})` : ''}`;
      if (typeof k?.id !== 'string' || !k.id) errors.push(`${where}: id is required`);
      else if (ids.has(k.id)) errors.push(`${where}: duplicate id`);
      else ids.add(k.id);
      errors.push(...unknownMembers(k, key === 'keywords' ? ['id', 'label', 'terms', 'minLevel', 'personalSafety'] : ['id', 'label', 'terms'], `${key}[${i}]`));
      if (!isLabel(k?.label)) errors.push(`${where}: label must be {"zh": "…", "en": "…"}`);
      else errors.push(...unknownMembers(k?.label, ['zh', 'en'], `${key}[${i}].label`));
      if (!isTermList(k?.terms, true)) errors.push(`${where}: terms must be a non-empty list of non-empty strings`);
      if (key === 'keywords') {
        if (!isLevel(k?.minLevel)) errors.push(`${where}: minLevel must be 1, 2, 3 or 4`);
        if (typeof k?.personalSafety !== 'boolean') errors.push(`${where}: personalSafety must be true or false`);
      }
    });
  }
  return errors;
}

/**
 * A stored rule set made usable by this version: settings added since it was saved take their
 * defaults (an organisation's 2025 rule set has no household or outage thresholds).
 */
export function withDefaults(stored: Partial<SeverityRuleSet>): SeverityRuleSet {
  return { ...DEFAULT_RULES, ...stored, vulnerableGroup: { ...DEFAULT_RULES.vulnerableGroup, ...stored.vulnerableGroup } };
}
