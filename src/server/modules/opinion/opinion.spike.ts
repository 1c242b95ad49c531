/**
 * Spike detection for one watchlist's series of closed windows (pure: no I/O, no clock).
 *
 * Baseline: an EWMA of the window's volume and of its negative count, with an EWMA of the squared
 * deviation (so an over-dispersed series — social media is — is not read as Poisson). Two modes:
 * `ewma` (one baseline over consecutive windows) and `hour_of_week` (one baseline per hour of the
 * week, the seasonal mode for real time; each slot warms up on its own).
 *
 * Test: `z` — score = (x − λ) / √max(λ, variance, 1); `poisson` — the tail P(X ≥ x | λ) turned into
 * the equivalent normal score (so the same thresholds apply). The window's score is the larger of the
 * volume's and the negative count's. Levels 1 蓝 blue, 2 黄 yellow, 3 橙 orange, 4 红 red by the
 * score thresholds, only when the window has at least `minVolume` mentions and the baseline has seen
 * `warmupWindows` windows. Hysteresis: a level rises at once, and falls only after `quietWindows`
 * consecutive windows below it (to the highest level seen in those windows), so it does not flap.
 * A spike updates the baseline only up to the blue threshold, so a long burst does not become normal.
 */

export type BaselineMode = 'ewma' | 'hour_of_week';
export type SpikeTest = 'z' | 'poisson';

export interface SpikeConfig {
  mode: BaselineMode;
  test: SpikeTest;
  /** EWMA weight of the newest window (0–1). */
  alpha: number;
  /** Score thresholds of blue, yellow, orange, red. */
  thresholds: [number, number, number, number];
  minVolume: number;
  warmupWindows: number;
  /** Consecutive windows below the level before it falls. */
  quietWindows: number;
}

export const DEFAULT_SPIKE_CONFIG: SpikeConfig = {
  mode: 'ewma',
  test: 'z',
  alpha: 0.2,
  thresholds: [3, 4.5, 6, 8],
  minVolume: 10,
  warmupWindows: 6,
  quietWindows: 3,
};

export const LEVEL_COLORS = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
export type LevelColor = (typeof LEVEL_COLORS)[number];

interface Moments {
  mean: number;
  variance: number;
  n: number;
}
interface SeriesBaseline {
  volume: Moments;
  negative: Moments;
}
export interface BaselineState {
  global: SeriesBaseline;
  /** hour_of_week mode: one baseline per hour of the week (0 = Monday 00:00 UTC). */
  slots: Record<string, SeriesBaseline>;
}

export interface WindowObservation {
  start: number;
  volume: number;
  negative: number;
}

export interface Evaluation {
  score: number;
  /** The level the window alone deserves. */
  observed: number;
  expected: number;
}

const fresh = (): SeriesBaseline => ({ volume: { mean: 0, variance: 0, n: 0 }, negative: { mean: 0, variance: 0, n: 0 } });
export const emptyBaseline = (): BaselineState => ({ global: fresh(), slots: {} });

export function hourOfWeek(at: number): number {
  const d = new Date(at);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

function series(state: BaselineState, cfg: SpikeConfig, at: number): SeriesBaseline {
  if (cfg.mode === 'ewma') return state.global;
  const k = String(hourOfWeek(at));
  return (state.slots[k] ??= fresh());
}

/** ln P(X ≥ x) for X ~ Poisson(λ). */
function logPoissonTail(x: number, lambda: number): number {
  if (x <= 0) return 0;
  if (lambda <= 0) return -Infinity;
  // Sum the terms from x upwards in log space (they fall quickly past λ).
  let logTerm = x * Math.log(lambda) - lambda - logFactorial(x);
  let acc = logTerm;
  for (let k = x + 1; k < x + 1000; k++) {
    logTerm += Math.log(lambda) - Math.log(k);
    acc = logAdd(acc, logTerm);
    if (logTerm < acc - 40) break;
  }
  return Math.min(0, acc);
}
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
const logAdd = (a: number, b: number) => (a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b)));

/** The normal score whose upper tail is e^logP (Acklam's inverse; the asymptote for tiny tails). */
export function normalScoreOfTail(logP: number): number {
  if (logP >= Math.log(0.5)) return 0;
  if (logP < -700) return Math.sqrt(-2 * logP - Math.log(-4 * Math.PI * logP));
  const p = Math.exp(logP);
  const q = Math.sqrt(-2 * Math.log(p));
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

function scoreOf(x: number, m: Moments, cfg: SpikeConfig): number {
  const lambda = m.mean;
  if (cfg.test === 'poisson') {
    // Over-dispersion: scale the count down by the variance-to-mean ratio before the Poisson tail.
    const dispersion = Math.max(1, m.variance / Math.max(lambda, 1e-9));
    const lam = Math.max(lambda, 0.1) / dispersion;
    return x <= lambda ? 0 : normalScoreOfTail(logPoissonTail(Math.floor(x / dispersion), lam));
  }
  return (x - lambda) / Math.sqrt(Math.max(lambda, m.variance, 1));
}

export function levelOf(score: number, volume: number, cfg: SpikeConfig): number {
  if (volume < cfg.minVolume) return 0;
  let level = 0;
  for (let i = 0; i < 4; i++) if (score >= cfg.thresholds[i]) level = i + 1;
  return level;
}

/** Scores a window against the baseline, without changing it (a window still open is scored this way). */
export function score(state: BaselineState, obs: WindowObservation, cfg: SpikeConfig): Evaluation {
  const s = cfg.mode === 'ewma' ? state.global : (state.slots[String(hourOfWeek(obs.start))] ?? fresh());
  if (s.volume.n < cfg.warmupWindows) return { score: 0, observed: 0, expected: s.volume.mean };
  const sc = Math.max(scoreOf(obs.volume, s.volume, cfg), scoreOf(obs.negative, s.negative, cfg));
  return { score: Math.round(sc * 100) / 100, observed: levelOf(sc, obs.volume, cfg), expected: s.volume.mean };
}

function update(m: Moments, x: number, cfg: SpikeConfig): void {
  if (m.n === 0) {
    m.mean = x;
    m.variance = 0;
  } else {
    // A spike counts only up to the blue threshold.
    const cap = m.n >= cfg.warmupWindows ? m.mean + cfg.thresholds[0] * Math.sqrt(Math.max(m.mean, m.variance, 1)) : Infinity;
    const v = Math.min(x, cap);
    const diff = v - m.mean;
    m.mean += cfg.alpha * diff;
    m.variance = (1 - cfg.alpha) * (m.variance + cfg.alpha * diff * diff);
  }
  m.n++;
}

/** A closed window: its score, then the baseline learns it. Returns the new state (the input is not changed). */
export function observe(state: BaselineState, obs: WindowObservation, cfg: SpikeConfig): { state: BaselineState; evaluation: Evaluation } {
  const evaluation = score(state, obs, cfg);
  const next: BaselineState = structuredClone(state);
  const s = series(next, cfg, obs.start);
  update(s.volume, obs.volume, cfg);
  update(s.negative, obs.negative, cfg);
  return { state: next, evaluation };
}

export interface LevelState {
  level: number;
  /** Consecutive windows below the level so far, and the highest level among them. */
  quiet: number;
  quietPeak?: number;
}

/** Hysteresis: rise at once; fall only after cfg.quietWindows windows below the level. */
export function nextLevel(cur: LevelState, observed: number, cfg: SpikeConfig): LevelState {
  if (observed >= cur.level) return { level: observed, quiet: 0, quietPeak: 0 };
  const quiet = cur.quiet + 1;
  const peak = Math.max(cur.quietPeak ?? 0, observed);
  if (quiet >= cfg.quietWindows) return { level: peak, quiet: 0, quietPeak: 0 };
  return { level: cur.level, quiet, quietPeak: peak };
}

/** Quiet hours "HH:MM-HH:MM" in a time zone (may wrap midnight): alerts are recorded, nobody is notified. */
export function inQuietHours(at: number, quietHours: string | null, timeZone: string): boolean {
  if (!quietHours) return false;
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(quietHours);
  if (!m) return false;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const minutes = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) * 60 + Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}
