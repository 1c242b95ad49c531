// The bundled Weibo sample (NLPCC 2020 COVID-19, 15,000 posts, 1 Jan–7 Apr 2020 by day) replayed through
// the signed push endpoint with its timestamps compressed: each sampled day becomes one 5-minute window,
// in order, under a controlled clock, and the evaluation job runs as each window closes. The watchlist
// follows 李文亮 (Dr Li Wenliang): near silence, a burst on 12 Feb (41 posts in the sample — the day
// after the news of his death spread), a long flat stretch, and a second burst on 19 Mar (the
// investigation report). The burst raises an alert within two windows and the flat stretch none.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { DATASETS } from '../triage/testdata.js';
import { configureAlerts } from './opinion.alerts.js';
import { advanceTo, MIN5, push, settle } from './opinion.alerts.testkit.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
let env: TestEnv;
let pr: TestClient;

type Row = { 'date_2020_m.d': string; userid: string; text: string };
const rows = parse(fs.readFileSync(DATASETS.weibo), { columns: true, skip_empty_lines: true, relax_quotes: true }) as Row[];
const dayKey = (d: string) => d.split('.').map((x) => x.padStart(2, '0')).join('');
const days = [...new Set(rows.map((r) => r['date_2020_m.d']))].sort((a, b) => dayKey(a).localeCompare(dayKey(b)));
const windowOfDay = new Map(days.map((d, i) => [d, i]));

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(T0 - 60_000);
  env = await createTestEnv({ startJobs: true });
  configureAlerts(env.ctx, { debounceMs: 1000 });
  pr = await env.client(['pr_officer']);
});
afterAll(async () => {
  await env.close();
  vi.useRealTimers();
});

describe('Weibo sample replay', () => {
  it('raises an alert at the burst within two windows and none on the flat stretch', async () => {
    const source = (await pr.post('/api/v1/opinion/sources', { name: 'Weibo replay', kind: 'push' })).json();
    const w = await pr.post('/api/v1/opinion/watchlists', { name: '李文亮', definition: { people: ['李文亮'] } });
    expect(w.statusCode, w.body).toBe(201);
    const watchlistId = w.json().id;
    await settle(env);

    let pushed = 0;
    for (const [i, day] of days.entries()) {
      const start = T0 + i * MIN5;
      vi.setSystemTime(start + 1000);
      const ofDay = rows.map((r, k) => ({ r, k })).filter((x) => x.r['date_2020_m.d'] === day);
      // Spread over the window's first four minutes, in file order.
      const items = ofDay.map(({ r, k }, j) => ({ guid: `weibo-${k}`, author: r.userid, publishedAt: new Date(start + 2000 + Math.floor((j * 238_000) / ofDay.length)).toISOString(), text: r.text.trim() || '（空）' }));
      pushed += (await push(env, source, items)).created;
      await advanceTo(env, start + MIN5 + 1000);
    }
    expect(pushed).toBe(rows.length);

    const alerts = (await pr.get(`/api/v1/opinion/alerts?watchlistId=${watchlistId}&limit=200`)).json().items as any[];
    const windowIndex = (iso: string) => Math.round((Date.parse(iso) - T0) / MIN5);
    const opened = alerts.map((a) => ({ window: windowIndex(a.windowStart), peak: a.peakColor, status: a.status })).sort((a, b) => a.window - b.window);
    console.log(`weibo replay: ${rows.length} posts in ${days.length} windows; alerts ${JSON.stringify(opened.map((o) => ({ day: days[o.window], ...o })))}`);

    // The burst of 12 Feb raises an alert within two windows.
    const burst = windowOfDay.get('2020.2.12')!;
    expect(opened.some((o) => o.window >= burst && o.window <= burst + 1)).toBe(true);
    // The flat stretch (16 Feb – 18 Mar, after the hysteresis windows) opens none, and the first alert closed before it.
    const flatFrom = windowOfDay.get('2020.2.16')!;
    const flatTo = windowOfDay.get('2020.3.18')!;
    expect(opened.filter((o) => o.window >= flatFrom && o.window <= flatTo)).toEqual([]);
    const first = alerts.find((a) => windowIndex(a.windowStart) <= burst + 1)!;
    expect(first.status).toBe('closed');
    expect(windowIndex(first.closedAt) - 1).toBeLessThan(flatFrom);
    // Nothing before the burst either (quiet January and early February).
    expect(opened.filter((o) => o.window < burst)).toEqual([]);
  }, 120_000);
});
