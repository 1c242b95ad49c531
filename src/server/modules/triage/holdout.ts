/**
 * Which staff-labelled complaints are kept out of training to measure the model (held out). One in
 * `HOLD_OUT_EVERY` by a hash of the complaint id, but only once its category already has
 * `minPerClass` labelled complaints: below that the category cannot auto-apply anyway, and its first
 * examples teach the model at once. A confirmation stores its decision (complaint_triage.held_out),
 * so a complaint learned online is never used to measure the model later. Pure.
 */
import { hashFeature } from './classifier.js';

export const HOLD_OUT_EVERY = 5;

export function inHoldOutFold(complaintId: string): boolean {
  return (hashFeature(`holdout:${complaintId}`) >>> 0) % HOLD_OUT_EVERY === 0;
}

/** The decision for a new confirmation, given how many labelled complaints its category has already. */
export function holdOut(complaintId: string, labelledBefore: number, minPerClass: number): boolean {
  return labelledBefore >= minPerClass && inHoldOutFold(complaintId);
}

export interface LabelledRow {
  id: string;
  label: string;
  /** The stored decision of a confirmation, or null for a category chosen at intake. */
  heldOut: boolean | null;
}

/** Splits labelled complaints (oldest first) into training and held-out ones. */
export function splitHeldOut<T extends LabelledRow>(rows: readonly T[], minPerClass: number): { train: T[]; heldOut: T[] } {
  const seen = new Map<string, number>();
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const r of rows) {
    const before = seen.get(r.label) ?? 0;
    seen.set(r.label, before + 1);
    (r.heldOut ?? holdOut(r.id, before, minPerClass) ? heldOut : train).push(r);
  }
  return { train, heldOut };
}
