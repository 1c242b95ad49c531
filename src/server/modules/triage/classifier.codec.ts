/**
 * The stored form of a classifier: JSON with base64 blobs. Only non-empty buckets are written, their
 * weights quantised to 16 bits per bucket row. Pure.
 */
import type { NbVariant } from './classifier.types.js';
import type { SegmenterKind } from './tokenize.js';

export const MODEL_FORMAT = 'redress.triage.nb' as const;

interface SerializedCommon {
  format: typeof MODEL_FORMAT;
  variant: NbVariant;
  alpha: number;
  usePriors: boolean;
  minExamples: number;
  temperature: number;
  segmenter: SegmenterKind;
  customWords: string[];
  rules: Record<string, string[]>;
  labels: string[];
  classDocs: number[];
  classTotals: number[];
  /** SVM/logistic: per-class bias. */
  bias: number[];
  epochs: number;
  learningRate: number;
  learnSteps: number;
  docCount: number;
}

/**
 * Current format. Only buckets with a non-zero document frequency are stored:
 * `buckets` and `df` are base64 LEB128 varints (bucket ids delta-encoded), `weights`
 * is base64 little-endian int16, `labels.length` values per stored bucket, each row
 * scaled by its entry of `rowScales` (base64 float32). The value is the weight
 * (SVM/logistic) or the tf-idf weight sum (naive Bayes).
 */
export interface SerializedModel extends SerializedCommon {
  formatVersion: 2;
  hashBits: number;
  minDf: number;
  wordBigrams: boolean;
  cjkTrigrams: boolean;
  buckets: string;
  df: string;
  rowScales: string;
  weights: string;
}

/** Version 1 (feature strings, not hashed); still readable by `fromJSON`. */
export interface SerializedModelV1 extends SerializedCommon {
  formatVersion: 1;
  /** feature → [documentFrequency, value for class 0, class 1, …]. */
  features: Record<string, number[]>;
}

function writeVarint(out: number[], x: number): void {
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x = Math.floor(x / 128);
  }
  out.push(x);
}

function readVarints(b64: string, n: number): number[] {
  const buf = Buffer.from(b64, 'base64');
  const out = new Array<number>(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    let x = 0;
    let mul = 1;
    for (;;) {
      const byte = buf[p++];
      if (byte === undefined) throw new Error('truncated model data');
      x += (byte & 0x7f) * mul;
      if (byte < 0x80) break;
      mul *= 128;
    }
    out[i] = x;
  }
  return out;
}

function typedToBase64(a: Int16Array | Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function base64ToBytes(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  // Copy into a fresh, aligned buffer for typed-array views.
  const out = new Uint8Array(buf.length);
  out.set(buf);
  return out;
}

/** The bucket tables of a format-2 model. */
export type EncodedBuckets = Pick<SerializedModel, 'buckets' | 'df' | 'rowScales' | 'weights'>;

/** Non-empty buckets (df > 0) of a bucket-major k-class weight matrix, quantised per row. */
export function encodeBuckets(df: Uint32Array, W: Float32Array, k: number): EncodedBuckets {
  const ids: number[] = [];
  const dfs: number[] = [];
  const rows: number[] = [];
  let prev = 0;
  for (let b = 0; b < df.length; b++) {
    if (df[b] === 0) continue;
    writeVarint(ids, b - prev);
    prev = b;
    writeVarint(dfs, df[b]);
    rows.push(b);
  }
  const scales = new Float32Array(rows.length);
  const q = new Int16Array(rows.length * k);
  rows.forEach((b, r) => {
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(W[b * k + c]));
    const scale = Math.fround(max / 32767);
    scales[r] = scale;
    if (scale === 0) return;
    for (let c = 0; c < k; c++) q[r * k + c] = Math.max(-32767, Math.min(32767, Math.round(W[b * k + c] / scale)));
  });
  return { buckets: Buffer.from(ids).toString('base64'), df: Buffer.from(dfs).toString('base64'), rowScales: typedToBase64(scales), weights: typedToBase64(q) };
}

/** Fills `df` and `W` (zeroed, sized for k classes) from stored buckets; returns the number of buckets. */
export function decodeBuckets(m: EncodedBuckets, k: number, df: Uint32Array, W: Float32Array): number {
  const scales = new Float32Array(base64ToBytes(m.rowScales).buffer);
  const n = scales.length;
  const deltas = readVarints(m.buckets, n);
  const dfs = readVarints(m.df, n);
  const q = new Int16Array(base64ToBytes(m.weights).buffer);
  if (q.length !== n * k) throw new Error('model weights do not match its labels');
  let b = 0;
  for (let r = 0; r < n; r++) {
    b += deltas[r];
    df[b] = dfs[r];
    const s = scales[r];
    for (let c = 0; c < k; c++) W[b * k + c] = q[r * k + c] * s;
  }
  return n;
}
