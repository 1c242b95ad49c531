/** Organisation settings for triage (settings row `triage`, JSON); every field has a default. */
export interface TriageSettings {
  /**
   * A floor on the calibrated auto-apply threshold: a suggestion is applied without staff only from a
   * model calibrated for its category (see calibration.ts), at or above the calibrated threshold and this.
   */
  autoApplyThreshold: number;
  /** A category auto-applies only after the model learned this many staff-confirmed examples of it. */
  minConfirmedPerClass: number;
  /** The auto-apply threshold is chosen from at least this many held-out confirmations at or above it … */
  minHeldOut: number;
  /** … on which the suggestion is right at least this often. */
  targetPrecision: number;
  /** Retraining (POST /triage/models/train) at most this often. */
  retrainMinIntervalMs: number;
  /** Cluster members within the window that make a mass complaint (群体性投诉). */
  massSize: number;
  massWindowHours: number;
  /** Near-duplicates are linked only this close in time. */
  linkWithinDays: number;
  /** Minimum estimated Jaccard similarity of two complaints' character shingles. */
  similarityThreshold: number;
  /** Same person + same category within this many days = repeat complaint (重复件). */
  repeatWindowDays: number;
  /** First retry of a failed triage after this long (then the job runner's exponential backoff). */
  retryDelayMs: number;
  /** Persist a new model version after this many staff confirmations … */
  learnBatch: number;
  /** … or this long after the last unsaved one. */
  learnDebounceMs: number;
  /** How often an instance looks for other instances' signatures, models, rules and settings. */
  syncIntervalMs: number;
}

export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  autoApplyThreshold: 0.5,
  minConfirmedPerClass: 20,
  minHeldOut: 50,
  targetPrecision: 0.95,
  retrainMinIntervalMs: 600_000,
  massSize: 10,
  massWindowHours: 24,
  linkWithinDays: 7,
  similarityThreshold: 0.5,
  repeatWindowDays: 90,
  retryDelayMs: 5000,
  learnBatch: 50,
  learnDebounceMs: 60_000,
  syncIntervalMs: 200,
};

const SETTING_LIMITS: Record<keyof TriageSettings, [number, number]> = {
  autoApplyThreshold: [0, 1.0001],
  // Never looser than the defaults: they are what makes an automatic category trustworthy.
  minConfirmedPerClass: [20, 100_000],
  minHeldOut: [50, 100_000],
  targetPrecision: [0.95, 1],
  retrainMinIntervalMs: [0, 7 * 86_400_000],
  massSize: [2, 100_000],
  massWindowHours: [0.01, 24 * 365],
  linkWithinDays: [0.01, 365],
  similarityThreshold: [0.05, 1],
  repeatWindowDays: [1, 3650],
  retryDelayMs: [0, 86_400_000],
  learnBatch: [1, 100_000],
  learnDebounceMs: [0, 86_400_000],
  syncIntervalMs: [0, 60_000],
};

export function validateSettings(s: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    const lim = SETTING_LIMITS[k as keyof TriageSettings];
    if (!lim) errors.push(`unknown setting ${k}`);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < lim[0] || v > lim[1]) errors.push(`${k} must be a number ${lim[0]}..${Math.floor(lim[1])}`);
  }
  return errors;
}
