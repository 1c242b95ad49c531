// Validation of admin-edited SLA policy lists; returns messages an admin can act on.
import { validateEscalation } from './escalation.js';
import { unknownMembers } from './calendar.validate.js';
import type { Level, SlaKind, SlaPolicy } from './policy.js';

// Local copies keep this file type-only dependent on policy.ts (which re-exports it).
const LEVELS: Level[] = [1, 2, 3, 4];
const SLA_KINDS = Object.keys({ signFor: 1, firstResponse: 1, updateCadence: 1, resolution: 1 } satisfies Record<SlaKind, 1>);
const ROMAN = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'];
const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function validRatio(v: unknown): boolean {
  return typeof v === 'number' && v > 0 && v < 1;
}

function validateTarget(v: unknown, at: string): string[] {
  if (v === null) return [];
  if (!isObject(v)) return [`${at} must be a target {value, unit, mode} or null`];
  const errors: string[] = unknownMembers(v, ['value', 'unit', 'mode', 'warnRatio'], at);
  if (typeof v.value !== 'number' || !Number.isFinite(v.value) || v.value <= 0) errors.push(`${at}.value must be a positive number`);
  if (!['minutes', 'hours', 'days'].includes(v.unit)) errors.push(`${at}.unit must be minutes, hours or days`);
  if (v.mode !== 'natural' && v.mode !== 'working') errors.push(`${at}.mode must be "natural" or "working"`);
  if (v.warnRatio !== undefined && !validRatio(v.warnRatio)) errors.push(`${at}.warnRatio must be between 0 and 1 (e.g. 0.75)`);
  return errors;
}

function validateStringList(v: unknown, at: string): string[] {
  if (v === undefined) return [];
  const ok = Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s.length > 0);
  return ok ? [] : [`${at} must be a non-empty list of ids (omit it to match any)`];
}

function validatePolicy(p: unknown, at: string): string[] {
  if (!isObject(p)) return [`${at} must be an object`];
  // Unknown members are refused: a misspelt one (warnRation) would be saved and silently ignored.
  const errors: string[] = unknownMembers(p, ['id', 'name', 'match', 'targets', 'warnRatio', 'escalation'], at);
  if (typeof p.id !== 'string' || p.id === '') errors.push(`${at}.id is required`);
  if (typeof p.name !== 'string' || p.name === '') errors.push(`${at}.name is required`);
  const m = p.match;
  if (!isObject(m)) errors.push(`${at}.match must be an object ({} matches everything)`);
  else {
    errors.push(...unknownMembers(m, ['levels', 'categoryIds', 'channels'], `${at}.match`));
    const levelsOk = m.levels === undefined || (Array.isArray(m.levels) && m.levels.length > 0 && m.levels.every((l) => LEVELS.includes(l)));
    if (!levelsOk) errors.push(`${at}.match.levels must be a non-empty list of 1..4 (omit it to match any)`);
    errors.push(...validateStringList(m.categoryIds, `${at}.match.categoryIds`));
    errors.push(...validateStringList(m.channels, `${at}.match.channels`));
  }
  if (!isObject(p.targets)) errors.push(`${at}.targets must be an object`);
  else {
    for (const key of Object.keys(p.targets)) {
      if (!SLA_KINDS.includes(key)) errors.push(`${at}.targets.${key} is not one of ${SLA_KINDS.join(', ')}`);
      else if (p.targets[key] !== undefined) errors.push(...validateTarget(p.targets[key], `${at}.targets.${key}`));
    }
  }
  if (p.warnRatio !== undefined && !validRatio(p.warnRatio)) errors.push(`${at}.warnRatio must be between 0 and 1 (e.g. 0.75)`);
  if (p.escalation !== undefined) errors.push(...validateEscalation(p.escalation, `${at}.escalation`));
  return errors;
}

/** Checks shape, unique ids, and that every level has a catch-all so no complaint goes without SLAs. */
export function validatePolicies(value: unknown): string[] {
  if (!Array.isArray(value)) return ['policies must be an ordered list'];
  const errors = value.flatMap((p, i) => validatePolicy(p, `policies[${i}]`));
  if (errors.length > 0) return errors;
  const policies = value as SlaPolicy[];
  const ids = new Set<string>();
  for (const p of policies) {
    if (ids.has(p.id)) errors.push(`policy id "${p.id}" is used twice`);
    ids.add(p.id);
  }
  const covers = (p: SlaPolicy, level: Level) =>
    !p.match.categoryIds && !p.match.channels && (!p.match.levels || p.match.levels.includes(level));
  for (const level of LEVELS) {
    if (!policies.some((p) => covers(p, level))) {
      errors.push(`level ${ROMAN[level - 1]} has no fallback policy (one without category or channel conditions)`);
    }
  }
  return errors;
}
