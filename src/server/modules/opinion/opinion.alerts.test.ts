// Spike alerts end to end under a controlled clock (Date faked, timers and I/O real): mentions pushed
// through the signed endpoint fill a watchlist's 5-minute buckets; the evaluation job runs when each
// window closes. A flat stretch raises nothing; a burst of negative mentions raises the level within
// two windows, notifies the PR officer and the leader in-app and emits opinion.alert; after the burst
// the level holds for the hysteresis windows and then falls back and the alert closes.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import type { DomainEvent } from '../../platform/events/events.js';
import { configureAlerts } from './opinion.alerts.js';
import { advanceTo, MIN5, push, settle } from './opinion.alerts.testkit.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
let env: TestEnv;
let pr: TestClient;
let leader: TestClient;
let source: { id: string; secret: string };
let watchlistId: string;
const events: DomainEvent[] = [];
let n = 0;
let burstWindows = 0;

const calm = ['学校食堂今天的午饭还不错，排队也快', '食堂新出了几个菜，味道一般', '今天在食堂遇到了老同学', '食堂窗口换了新的支付方式'];
const angry = ['学校食堂的饭菜有异味，孩子吃完肚子疼，太过分了', '食堂卫生太差了，吃出了虫子，必须严查', '又有学生在食堂吃坏肚子，学校一直不回应，愤怒', '食堂饭菜变质还在卖，家长非常气愤要求说法'];

/** Window i's mentions: published inside it, then the clock moves past its end. */
async function windowOf(i: number, count: number, texts: string[], metrics?: { reposts: number; comments: number; likes: number }) {
  const start = T0 + i * MIN5;
  if (Date.now() < start) vi.setSystemTime(start + 1000);
  const items = Array.from({ length: count }, (_, j) => ({ url: `https://weibo.example/p/${++n}`, author: `网友${n}`, publishedAt: new Date(start + 2000 + j * 100).toISOString(), text: `${texts[j % texts.length]}（${n}）`, ...(metrics ? { metrics } : {}) }));
  if (count) await push(env, source, items);
  await advanceTo(env, start + MIN5 + 1000);
}

const alerts = async () => (await pr.get(`/api/v1/opinion/alerts?watchlistId=${watchlistId}`)).json().items as any[];
const level = async () => Number((await env.ctx.db.selectFrom('opinion_alert_state').select('level').where('watchlist_id', '=', watchlistId).executeTakeFirst())?.level ?? 0);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(T0 - 60_000);
  env = await createTestEnv({ startJobs: true });
  configureAlerts(env.ctx, { debounceMs: 1000 });
  env.ctx.events.on('opinion.alert', (e) => void events.push(e));
  pr = await env.client(['pr_officer']);
  leader = await env.client(['leader']);
  source = (await pr.post('/api/v1/opinion/sources', { name: 'Weibo gateway', kind: 'push' })).json();
  const w = await pr.post('/api/v1/opinion/watchlists', { name: '学校食堂', definition: { subjects: ['食堂'] } });
  expect(w.statusCode, w.body).toBe(201);
  watchlistId = w.json().id;
  await settle(env);
});
afterAll(async () => {
  await env.close();
  vi.useRealTimers();
});

describe('spike alerts: a quiet baseline, a burst of negative mentions, the calm after', () => {
  const volumes = [12, 14, 11, 15, 13, 12, 14, 13, 12, 15, 11, 13];
  it('a flat stretch raises nothing', async () => {
    for (let i = 0; i < volumes.length; i++) await windowOf(i, volumes[i], calm);
    expect(await alerts()).toEqual([]);
    expect(await level()).toBe(0);
    // The buckets hold what came in: 5-minute and hourly volume, negative share, reach, heat.
    const heat = (await pr.get(`/api/v1/opinion/watchlists/${watchlistId}/heat?granularity=5m&from=${new Date(T0).toISOString()}&to=${new Date(T0 + 12 * MIN5).toISOString()}`)).json();
    expect(heat.points.map((p: any) => p.volume)).toEqual(volumes);
    const hourly = (await pr.get(`/api/v1/opinion/watchlists/${watchlistId}/heat?granularity=1h&from=${new Date(T0).toISOString()}&to=${new Date(T0 + 3_600_000).toISOString()}`)).json();
    expect(hourly.points).toHaveLength(1);
    expect(hourly.points[0].volume).toBe(volumes.reduce((a, b) => a + b, 0));
    expect(hourly.points[0].heat).toBeGreaterThan(hourly.points[0].volume);
  });

  it('a burst of negative mentions raises the level within two windows, notifies and emits opinion.alert', async () => {
    const burstStart = volumes.length;
    await windowOf(burstStart, 60, angry, { reposts: 200, comments: 50, likes: 500 });
    burstWindows = 1;
    let list = await alerts();
    if (!list.length) {
      await windowOf(burstStart + 1, 60, angry, { reposts: 200, comments: 50, likes: 500 });
      burstWindows = 2;
      list = await alerts();
    }
    expect(list).toHaveLength(1);
    const a = list[0];
    expect(a.level).toBeGreaterThanOrEqual(1);
    expect(['blue', 'yellow', 'orange', 'red']).toContain(a.color);
    expect(a.status).toBe('open');
    expect(Date.parse(a.windowStart)).toBeLessThanOrEqual(T0 + (burstStart + 1) * MIN5);
    // The detail lists the mentions that drove it: negative, in the burst.
    const detail = (await pr.get(`/api/v1/opinion/alerts/${a.id}`)).json();
    expect(detail.mentions.length).toBeGreaterThan(0);
    expect(detail.mentions.every((m: any) => m.sentiment.label === 'negative' && m.watchlistIds.includes(watchlistId))).toBe(true);
    await settle(env);
    // The PR officer and the leader hear of it in the app; the event an emergency plan activates on was emitted.
    for (const who of [pr, leader]) {
      const mine = (await who.get('/api/v1/notifications')).json().items as any[];
      const notice = mine.find((x) => x.type === 'opinion.alert');
      expect(notice, JSON.stringify(mine)).toBeDefined();
      expect(notice.title).toContain('学校食堂');
      expect(notice.title).toMatch(/舆情.*预警/);
    }
    const opened = events.find((e) => e.data.alertId === a.id);
    expect(opened?.data).toMatchObject({ alertId: a.id, watchlistId, change: 'opened', quiet: false });
    expect(opened?.data.recipientUserIds).toEqual(expect.arrayContaining([pr.userId, leader.userId]));
    expect(opened?.data.level).toBeGreaterThanOrEqual(1);
    expect(opened?.data.level).toBeLessThanOrEqual(4);
  });

  it('after the burst the level holds through the hysteresis windows, then falls back and the alert closes; no new alert', async () => {
    let i = volumes.length + burstWindows;
    const peak = await level();
    expect(peak).toBeGreaterThanOrEqual(1);
    // The first two calm windows: no flapping, the level holds.
    await windowOf(i++, 13, calm);
    expect(await level()).toBe(peak);
    await windowOf(i++, 12, calm);
    expect(await level()).toBe(peak);
    await windowOf(i++, 14, calm);
    expect(await level()).toBe(0);
    const [a] = await alerts();
    expect(a).toMatchObject({ status: 'closed', level: 0, closed: { by: null } });
    expect(a.history.at(-1)).toMatchObject({ level: 0 });
    for (let k = 0; k < 6; k++) await windowOf(i++, 12 + (k % 3), calm);
    expect(await alerts()).toHaveLength(1);
  });

  it('acknowledge and close with a note (audited), permissions, problem codes', async () => {
    const [a] = await alerts();
    expect((await pr.post(`/api/v1/opinion/alerts/${a.id}/acknowledge`, {})).json().code).toBe('alert_closed');
    expect((await leader.post(`/api/v1/opinion/alerts/${a.id}/close`, { note: 'x' })).statusCode).toBe(403);
    expect((await pr.get('/api/v1/opinion/alerts/nope')).statusCode).toBe(404);
    expect((await pr.post(`/api/v1/opinion/alerts/${a.id}/close`, {})).statusCode).toBe(400);
    const handler = await env.client(['handler']);
    expect((await handler.get('/api/v1/opinion/alerts')).statusCode).toBe(403);
    expect((await leader.get('/api/v1/opinion/alerts?status=closed')).json().items).toHaveLength(1);
  });

  it('rebuilding the buckets from the stored matches gives the same series', async () => {
    const q = `granularity=5m&from=${new Date(T0).toISOString()}&to=${new Date(Date.now()).toISOString()}`;
    const before = (await pr.get(`/api/v1/opinion/watchlists/${watchlistId}/heat?${q}`)).json().points;
    const r = await pr.post(`/api/v1/opinion/watchlists/${watchlistId}/heat/rebuild`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().mentions).toBe(before.reduce((s: number, p: any) => s + p.volume, 0));
    const after = (await pr.get(`/api/v1/opinion/watchlists/${watchlistId}/heat?${q}`)).json().points;
    expect(after.map((p: any) => [p.start, p.volume, p.negative, p.reach])).toEqual(before.map((p: any) => [p.start, p.volume, p.negative, p.reach]));
    expect(after.map((p: any) => p.heat)).toEqual(before.map((p: any) => expect.closeTo(p.heat, 2)));
  });
});
