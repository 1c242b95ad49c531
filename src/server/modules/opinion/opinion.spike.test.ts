// The spike detector alone (pure): baseline warm-up, the two tests, levels by thresholds, minimum
// volume, hysteresis without flapping, the seasonal (hour-of-week) mode and quiet hours.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPIKE_CONFIG, emptyBaseline, hourOfWeek, inQuietHours, levelOf, nextLevel, normalScoreOfTail, observe, type BaselineState, type LevelState, type SpikeConfig } from './opinion.spike.js';

const W = 5 * 60_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');

function run(volumes: number[], cfg: SpikeConfig = DEFAULT_SPIKE_CONFIG, negShare = 0.2) {
  let state: BaselineState = emptyBaseline();
  let lvl: LevelState = { level: 0, quiet: 0 };
  const levels: number[] = [];
  const observed: number[] = [];
  volumes.forEach((v, i) => {
    const r = observe(state, { start: T0 + i * W, volume: v, negative: Math.round(v * negShare) }, cfg);
    state = r.state;
    lvl = nextLevel(lvl, r.evaluation.observed, cfg);
    levels.push(lvl.level);
    observed.push(r.evaluation.observed);
  });
  return { levels, observed, state };
}

describe('spike detector', () => {
  const flat = [12, 14, 11, 15, 13, 12, 14, 13, 12, 15, 11, 13, 14, 12, 13, 15, 12, 11, 14, 13];

  it('a flat stretch above the minimum volume raises nothing', () => {
    expect(run(flat).levels.every((l) => l === 0)).toBe(true);
    expect(run(flat, { ...DEFAULT_SPIKE_CONFIG, test: 'poisson' }).levels.every((l) => l === 0)).toBe(true);
  });

  it('nothing is raised while the baseline warms up', () => {
    expect(run([0, 0, 0, 80, 0]).levels).toEqual([0, 0, 0, 0, 0]);
  });

  it('a burst raises the level at once, by thresholds; it falls only after the quiet windows (no flapping)', () => {
    const { levels } = run([...flat, 60, 60, 13, 12, 14, 13]);
    const b = flat.length;
    expect(levels[b]).toBe(4); // red
    expect(levels[b + 1]).toBe(4);
    expect(levels.slice(b + 2, b + 4)).toEqual([4, 4]); // two quiet windows: still red
    expect(levels[b + 4]).toBe(0); // the third: back to nothing
    // A moderate rise is a lower level.
    const mild = run([...flat, 26]).levels.at(-1)!;
    expect(mild).toBeGreaterThanOrEqual(1);
    expect(mild).toBeLessThan(4);
  });

  it('an alternating burst does not flap: the level holds while a quiet window is followed by another spike', () => {
    const { levels } = run([...flat, 60, 13, 60, 13, 60, 13, 13, 13, 13, 13, 13]);
    const b = flat.length;
    // Red, held through the gaps; the third spike (orange against a baseline that has learnt some) ends the red.
    expect(levels.slice(b, b + 7)).toEqual([4, 4, 4, 4, 4, 3, 3]);
    expect(levels.at(-1)).toBe(0);
    // It never touched nothing in between: one alert, not three.
    const firstZero = levels.findIndex((l, i) => i >= b && l === 0);
    expect(firstZero).toBeGreaterThan(b + 6);
    expect(levels.slice(firstZero).every((l) => l === 0)).toBe(true);
  });

  it('falls to the highest level seen in the quiet windows, not straight to nothing', () => {
    const cfg = DEFAULT_SPIKE_CONFIG;
    let s: LevelState = { level: 4, quiet: 0 };
    s = nextLevel(s, 2, cfg);
    s = nextLevel(s, 1, cfg);
    expect(s.level).toBe(4);
    s = nextLevel(s, 0, cfg);
    expect(s.level).toBe(2);
  });

  it('the minimum volume keeps a few mentions on a silent watchlist from alerting', () => {
    const quiet = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0];
    expect(run([...quiet, 8]).levels.at(-1)).toBe(0);
    expect(run([...quiet, 30]).levels.at(-1)).toBe(4);
    expect(levelOf(100, 9, DEFAULT_SPIKE_CONFIG)).toBe(0);
  });

  it('a long burst does not become the baseline at once (a spike teaches only up to the blue threshold)', () => {
    const { state } = run([...flat, 200, 200, 200]);
    expect(state.global.volume.mean).toBeLessThan(40);
  });

  it('the Poisson tail agrees with the z-score on a clear spike and reads as a normal score', () => {
    expect(run([...flat, 60], { ...DEFAULT_SPIKE_CONFIG, test: 'poisson' }).levels.at(-1)).toBe(4);
    expect(normalScoreOfTail(Math.log(0.5))).toBe(0);
    expect(normalScoreOfTail(Math.log(0.0013499))).toBeCloseTo(3, 2);
    expect(normalScoreOfTail(-800)).toBeGreaterThan(38);
  });

  it('hour-of-week mode keeps one baseline per hour of the week', () => {
    const cfg: SpikeConfig = { ...DEFAULT_SPIKE_CONFIG, mode: 'hour_of_week', warmupWindows: 2 };
    let state = emptyBaseline();
    const H = 3_600_000;
    const WEEK = 7 * 24 * H;
    // Busy Monday 09:00, quiet Monday 03:00, three weeks.
    for (let wk = 0; wk < 3; wk++) {
      state = observe(state, { start: T0 + wk * WEEK + 9 * H, volume: 100, negative: 10 }, cfg).state;
      state = observe(state, { start: T0 + wk * WEEK + 3 * H, volume: 5, negative: 1 }, cfg).state;
    }
    expect(observe(state, { start: T0 + 3 * WEEK + 9 * H, volume: 100, negative: 10 }, cfg).evaluation.observed).toBe(0);
    expect(observe(state, { start: T0 + 3 * WEEK + 3 * H, volume: 100, negative: 10 }, cfg).evaluation.observed).toBe(4);
    expect(hourOfWeek(T0)).toBe(0); // 2026-06-01 is a Monday
  });

  it('quiet hours wrap midnight in the organisation’s time zone', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(inQuietHours(at('2026-06-01T15:30:00Z'), '22:00-07:00', 'Asia/Shanghai')).toBe(true); // 23:30
    expect(inQuietHours(at('2026-06-01T22:30:00Z'), '22:00-07:00', 'Asia/Shanghai')).toBe(true); // 06:30
    expect(inQuietHours(at('2026-06-01T23:30:00Z'), '22:00-07:00', 'Asia/Shanghai')).toBe(false); // 07:30
    expect(inQuietHours(at('2026-06-01T04:00:00Z'), '12:00-13:00', 'Asia/Shanghai')).toBe(true);
    expect(inQuietHours(at('2026-06-01T04:00:00Z'), null, 'Asia/Shanghai')).toBe(false);
  });
});
