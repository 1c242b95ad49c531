import { describe, expect, it } from 'vitest';
import { calibrate, chooseThreshold, isCalibrated, mayAutoApply, type HeldOutPrediction } from './calibration.js';
import { HOLD_OUT_EVERY, holdOut, inHoldOutFold, splitHeldOut } from './holdout.js';

const policy = { targetPrecision: 0.95, minHeldOut: 50, minConfirmedPerClass: 20 };
/** n predictions of `label` at `confidence`, `wrong` of them wrong (predicted `other`). */
const preds = (label: string, confidence: number, n: number, wrong = 0, other = 'x'): HeldOutPrediction[] =>
  Array.from({ length: n }, (_, i) => ({ label, predicted: i < wrong ? other : label, confidence }));

describe('chooseThreshold', () => {
  it('takes the lowest confidence at which enough predictions reach the target precision', () => {
    const p = [...preds('a', 0.99, 40), ...preds('a', 0.9, 20, 1), ...preds('a', 0.6, 20, 10)];
    // ≥ 0.99: 40 (too few); ≥ 0.9: 60 with 59 right (0.983); ≥ 0.6: 80 with 69 right (0.86).
    expect(chooseThreshold(p, 0.95, 50)).toEqual({ threshold: 0.9, applied: 60, correct: 59 });
  });
  it('needs the minimum support: 49 perfect predictions choose nothing', () => {
    expect(chooseThreshold(preds('a', 0.99, 49), 0.95, 50)).toBeNull();
    expect(chooseThreshold(preds('a', 0.99, 50), 0.95, 50)).toEqual({ threshold: 0.99, applied: 50, correct: 50 });
  });
  it('needs the precision: 50 predictions with 3 wrong (0.94) choose nothing', () => {
    expect(chooseThreshold(preds('a', 0.99, 50, 3), 0.95, 50)).toBeNull();
    expect(chooseThreshold(preds('a', 0.99, 60, 3), 0.95, 50)).toEqual({ threshold: 0.99, applied: 60, correct: 57 });
  });
  it('never splits predictions of equal confidence', () => {
    // 50 right at 0.9 and 10 wrong also at 0.9: the tie is taken whole (50/60 < 0.95).
    expect(chooseThreshold([...preds('a', 0.9, 50), ...preds('a', 0.9, 10, 10)], 0.95, 50)).toBeNull();
  });
  it('ignores confirmations without a suggestion', () => {
    expect(chooseThreshold([...preds('a', 0.99, 50), { label: 'a', predicted: null, confidence: 0 }], 0.95, 50)).toMatchObject({ applied: 50 });
  });
});

describe('calibrate', () => {
  const heldOut = [...preds('a', 0.97, 30), ...preds('b', 0.95, 30, 1, 'a'), ...preds('c', 0.4, 10, 5, 'a')];

  it('records the figures the threshold was chosen from, per category', () => {
    const cal = calibrate(heldOut, { a: 100, b: 100, c: 100 }, policy);
    expect(cal).toMatchObject({ n: 70, threshold: 0.95, applied: 60, precision: round(59 / 60), accuracy: round(64 / 70) });
    expect(cal.classes.a).toEqual({ confirmed: 100, heldOut: 30, applied: 31, correct: 30, autoApply: true });
    expect(cal.classes.b).toEqual({ confirmed: 100, heldOut: 30, applied: 29, correct: 29, autoApply: true });
    // c: never suggested at or above the threshold, so there is nothing to trust it on.
    expect(cal.classes.c).toMatchObject({ applied: 0, autoApply: false });
  });
  it('a category with fewer than N confirmed examples never auto-applies, however good the figures', () => {
    const cal = calibrate(heldOut, { a: 19, b: 20 }, policy);
    expect(cal.classes.a.autoApply).toBe(false);
    expect(cal.classes.b.autoApply).toBe(true);
    expect(mayAutoApply(cal, 'a', 0.999)).toBe(false);
    expect(isCalibrated(cal, 'a')).toBe(false);
  });
  it('a category whose own suggestions above the threshold miss the target does not auto-apply', () => {
    const cal = calibrate([...preds('a', 0.99, 80), ...preds('b', 0.99, 20, 2, 'a'), ...preds('a', 0.99, 10, 1, 'b')], { a: 50, b: 50 }, policy);
    expect(cal.threshold).toBe(0.99);
    expect(cal.classes.b).toMatchObject({ applied: 19, correct: 18 }); // 0.947
    expect(cal.classes.b.autoApply).toBe(false);
    expect(cal.classes.a.autoApply).toBe(true);
  });
  it('auto-applies only at or above the chosen threshold', () => {
    const cal = calibrate(heldOut, { a: 100, b: 100 }, policy);
    expect(mayAutoApply(cal, 'b', 0.95)).toBe(true);
    expect(mayAutoApply(cal, 'b', 0.9499)).toBe(false);
    expect(mayAutoApply(cal, 'zz', 1)).toBe(false);
    expect(mayAutoApply(null, 'b', 1)).toBe(false);
  });
  it('without enough held-out confirmations nothing is calibrated', () => {
    const cal = calibrate(preds('a', 0.99, 49), { a: 1000 }, policy);
    expect(cal).toMatchObject({ threshold: null, applied: 0, precision: null });
    expect(cal.classes.a.autoApply).toBe(false);
  });
});

describe('hold-out', () => {
  it('keeps about one in five out, and only once the category has N examples', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `0190-${i}`);
    const share = ids.filter(inHoldOutFold).length / ids.length;
    expect(share).toBeGreaterThan(1 / HOLD_OUT_EVERY - 0.02);
    expect(share).toBeLessThan(1 / HOLD_OUT_EVERY + 0.02);
    const inFold = ids.find(inHoldOutFold)!;
    expect(holdOut(inFold, 19, 20)).toBe(false);
    expect(holdOut(inFold, 20, 20)).toBe(true);
  });
  it('splits labelled complaints by category order, keeping stored decisions', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: `id-${i}`, label: i % 2 ? 'a' : 'b', heldOut: null as boolean | null }));
    rows[0].heldOut = true; // a stored decision stands, even among the first examples
    const { train, heldOut } = splitHeldOut(rows, 20);
    expect(heldOut[0].id).toBe('id-0');
    const firstA = rows.filter((r) => r.label === 'a').slice(0, 20);
    expect(firstA.every((r) => train.includes(r))).toBe(true);
    expect(heldOut.length).toBeGreaterThan(20);
    expect(train.length + heldOut.length).toBe(200);
  });
});

function round(x: number) {
  return Math.round(x * 1e4) / 1e4;
}
