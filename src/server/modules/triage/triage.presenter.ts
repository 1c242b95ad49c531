import { LEVEL_NUMERALS, type Level } from '../../../shared/enums.js';
import type { LabelScore } from './classifier.js';
import { readExplanation, type Locale } from './severity.explain.js';
import type { TriageRowJoined } from './triage.repo.js';

/** An instant as ISO 8601 (null stays null; typed so a non-null column gives a string). */
function iso(ms: number): string;
function iso(ms: number | null | undefined): string | null;
function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();
}

/** A triage row → the `triage` object of a complaint's JSON, its explanation in the reader's language. */
export function presentTriage(t: TriageRowJoined, locale: Locale) {
  const explanation = readExplanation(t.explanation, locale);
  return {
    status: t.status as 'ok' | 'failed',
    error: t.error,
    attempts: Number(t.attempts),
    suggestion: t.source && t.source !== 'none'
      ? {
          categoryId: t.suggested_category_id,
          confidence: t.confidence,
          alternatives: (JSON.parse(t.alternatives) as LabelScore[]).map((a) => ({ categoryId: a.label, confidence: a.confidence })),
          // Stored as model | rules | none; none has no suggestion (above).
          source: t.source as 'model' | 'rules',
          modelVersion: t.model_version,
          applied: !!t.category_applied,
          /** False: the model is not calibrated for this category — a suggestion only, its confidence not a measured one. */
          calibrated: !!t.calibrated,
        }
      : null,
    level: t.level,
    levelLabel: t.level ? LEVEL_NUMERALS[t.level as Level] : null,
    requestedLevel: t.requested_level,
    explanation: explanation.explanation,
    factors: explanation.factors,
    /** The serious circumstances (严重情形) the rules found; null for triages from before they were kept. */
    detectedFlags: explanation.flags,
    ruleVersion: t.rule_version,
    personalSafety: !!t.personal_safety,
    fastPath: !!t.fast_path,
    cluster: t.cluster_id ? { id: t.cluster_id, size: t.cluster_size === null ? null : Number(t.cluster_size), mass: !!t.cluster_mass } : null,
    mass: !!t.mass,
    repeatOf: t.repeat_of_id ? { id: t.repeat_of_id, trackingNo: t.repeat_tracking_no } : null,
    confirmation: t.confirmed_at
      ? { by: t.confirmed_by, at: iso(t.confirmed_at), categoryId: t.confirmed_category_id, level: t.confirmed_level, overridden: !!t.overridden, reason: t.override_reason }
      : null,
    updatedAt: iso(t.updated_at),
  };
}
export type TriageJson = ReturnType<typeof presentTriage>;
