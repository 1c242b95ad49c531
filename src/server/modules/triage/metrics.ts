/** Classification metrics and deterministic splitting. Pure. */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  n: number;
  perClass: ClassMetrics[];
}

/** Per-class precision/recall/F1, accuracy and macro-F1 (over labels present in gold). */
export function classificationReport(gold: readonly string[], predicted: readonly (string | null)[]): ClassificationReport {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
  const labels = [...new Set(gold)].sort();
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    const p = predicted[i];
    if (p === g) {
      correct++;
      tp.set(g, (tp.get(g) ?? 0) + 1);
    } else {
      fn.set(g, (fn.get(g) ?? 0) + 1);
      if (p !== null) fp.set(p, (fp.get(p) ?? 0) + 1);
    }
  }
  const perClass = labels.map((label) => {
    const t = tp.get(label) ?? 0;
    const precision = t + (fp.get(label) ?? 0) === 0 ? 0 : t / (t + (fp.get(label) ?? 0));
    const recall = t + (fn.get(label) ?? 0) === 0 ? 0 : t / (t + (fn.get(label) ?? 0));
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support: t + (fn.get(label) ?? 0) };
  });
  const macroF1 = perClass.length === 0 ? 0 : perClass.reduce((s, c) => s + c.f1, 0) / perClass.length;
  return { accuracy: gold.length === 0 ? 0 : correct / gold.length, macroF1, n: gold.length, perClass };
}

/** Display width: CJK characters count as two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

/** Plain-text table; the last line is exactly `accuracy=0.xxx macro_f1=0.xxx n=N`. */
export function formatReport(r: ClassificationReport): string {
  const labelW = Math.max(5, ...r.perClass.map((c) => width(c.label))) + 2;
  const lines = [`${pad('label', labelW)}precision  recall  f1     support`];
  for (const c of r.perClass) {
    lines.push(`${pad(c.label, labelW)}${c.precision.toFixed(3).padEnd(11)}${c.recall.toFixed(3).padEnd(8)}${c.f1.toFixed(3).padEnd(7)}${c.support}`);
  }
  lines.push(`accuracy=${r.accuracy.toFixed(3)} macro_f1=${r.macroF1.toFixed(3)} n=${r.n}`);
  return lines.join('\n');
}

/** mulberry32: small deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic shuffle-split (seeded Fisher–Yates). Same input + seed → same split. */
export function splitRows<T>(rows: readonly T[], options: { testFraction?: number; seed?: number } = {}): { train: T[]; test: T[] } {
  const frac = options.testFraction ?? 0.2;
  const rand = seededRandom(options.seed ?? 42);
  const idx = rows.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const nTest = Math.round(rows.length * frac);
  return { test: idx.slice(0, nTest).map((i) => rows[i]), train: idx.slice(nTest).map((i) => rows[i]) };
}
