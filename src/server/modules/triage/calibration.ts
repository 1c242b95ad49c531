/**
 * When may a category model apply its suggestion by itself? Decided from held-out staff confirmations
 * (complaints whose category staff chose, kept out of training): one global confidence threshold is
 * the lowest at which at least `minHeldOut` held-out confirmations lie at or above it with a precision
 * of at least `targetPrecision`; a category then auto-applies only if the model was trained on at
 * least `minConfirmedPerClass` staff-confirmed examples of it (bundled-corpus examples do not count)
 * and its own held-out suggestions at or above the threshold meet the target precision too (at least
 * one of them). Everything else is a suggestion only. Pure.
 */

export interface CalibrationPolicy {
  targetPrecision: number;
  minHeldOut: number;
  minConfirmedPerClass: number;
}

/** The model's prediction for one held-out confirmation. */
export interface HeldOutPrediction {
  /** The category staff chose. */
  label: string;
  predicted: string | null;
  confidence: number;
}

export interface ClassCalibration {
  /** Staff-confirmed training examples (corpus examples excluded). */
  confirmed: number;
  /** Held-out confirmations of this category. */
  heldOut: number;
  /** Held-out suggestions of this category at or above the threshold, and how many were right. */
  applied: number;
  correct: number;
  autoApply: boolean;
}

export interface Calibration {
  policy: CalibrationPolicy;
  /** Held-out confirmations the figures come from. */
  n: number;
  /** Top-1 accuracy on them (the score versions are compared by). */
  accuracy: number;
  /** The chosen threshold, or null when no threshold reaches the target on enough confirmations. */
  threshold: number | null;
  /** Held-out confirmations at or above the threshold, and the precision of the suggestion on them. */
  applied: number;
  precision: number | null;
  classes: Record<string, ClassCalibration>;
}

/**
 * The lowest confidence t such that at least `minSupport` predictions have confidence ≥ t and at least
 * `target` of those are right; predictions of equal confidence are taken together. Null when none.
 */
export function chooseThreshold(preds: readonly HeldOutPrediction[], target: number, minSupport: number): { threshold: number; applied: number; correct: number } | null {
  const sorted = preds.filter((p) => p.predicted !== null).sort((a, b) => b.confidence - a.confidence);
  let best: { threshold: number; applied: number; correct: number } | null = null;
  let correct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].predicted === sorted[i].label) correct++;
    // Only at the end of a run of equal confidences: a threshold cannot split a tie.
    if (i + 1 < sorted.length && sorted[i + 1].confidence === sorted[i].confidence) continue;
    const applied = i + 1;
    if (applied >= minSupport && correct / applied >= target) best = { threshold: sorted[i].confidence, applied, correct };
  }
  return best;
}

export function calibrate(preds: readonly HeldOutPrediction[], confirmed: Readonly<Record<string, number>>, policy: CalibrationPolicy): Calibration {
  const n = preds.length;
  const right = preds.filter((p) => p.predicted === p.label).length;
  const chosen = chooseThreshold(preds, policy.targetPrecision, policy.minHeldOut);
  const classes: Record<string, ClassCalibration> = {};
  const cls = (label: string) => (classes[label] ??= { confirmed: confirmed[label] ?? 0, heldOut: 0, applied: 0, correct: 0, autoApply: false });
  for (const label of Object.keys(confirmed)) cls(label);
  for (const p of preds) {
    cls(p.label).heldOut++;
    if (chosen && p.predicted !== null && p.confidence >= chosen.threshold) {
      const c = cls(p.predicted);
      c.applied++;
      if (p.predicted === p.label) c.correct++;
    }
  }
  for (const c of Object.values(classes)) {
    c.autoApply = !!chosen && c.confirmed >= policy.minConfirmedPerClass && c.applied > 0 && c.correct / c.applied >= policy.targetPrecision;
  }
  return {
    policy: { ...policy },
    n,
    accuracy: n ? round4(right / n) : 0,
    threshold: chosen?.threshold ?? null,
    applied: chosen?.applied ?? 0,
    precision: chosen ? round4(chosen.correct / chosen.applied) : null,
    classes,
  };
}

/** Whether a suggestion of `label` at `confidence` is applied without staff: calibrated class, at or above the threshold. */
export function mayAutoApply(cal: Calibration | null | undefined, label: string | null, confidence: number): boolean {
  if (!cal || cal.threshold === null || !label) return false;
  return !!cal.classes[label]?.autoApply && confidence >= cal.threshold;
}

/** Whether the model is calibrated for a category (its suggestions may be shown with a confidence). */
export function isCalibrated(cal: Calibration | null | undefined, label: string | null): boolean {
  return !!cal && cal.threshold !== null && !!label && !!cal.classes[label]?.autoApply;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
