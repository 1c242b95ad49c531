// Drills (演练) on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL) with the real job
// runner and a faked Date: a plan runs as a marked incident with the same flow and timings, its
// statement stays internal, its report compares planned and actual timings, and it shows in no
// statistic.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { startReceiver, sleep } from '../notifications/notify.testkit.js';
import { canteenPlan, MIN, publishPlan, settle } from './incident.testkit.js';

let env: TestEnv;
let admin: TestClient, leader: TestClient, head: TestClient, coordinator: TestClient, pr: TestClient;
let planId: string;
let drillId: string;
let activatedAt: number;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const RANGE = '?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z';
const at = (minutes: number) => vi.setSystemTime(activatedAt + minutes * MIN);
const drill = async () => (await leader.get(`/api/v1/incidents/${drillId}`)).json();
const task = (inc: any, key: string) => inc.tasks.find((t: any) => t.stepKey === key);
const hookTypes = () => receiver.hooks.map((h) => JSON.parse(h.body) as { type: string; data: Record<string, unknown> });

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2026-12-05T09:00:00+08:00'));
  env = await createTestEnv({ startJobs: true });
  env.config.webhookAllowPrivate = true;
  env.ctx.notify.configure({ webhookRetryBaseMs: 50, webhookTimeoutMs: 2_000 });
  receiver = await startReceiver();
  admin = await env.client(['admin']);
  leader = await env.client(['leader']);
  const dept = await env.department('后勤保障处', 'Campus services');
  head = await env.client(['dept_head'], [dept]);
  coordinator = await env.client(['coordinator']);
  pr = await env.client(['pr_officer']);
  const cat = await admin.post('/api/v1/categories', { code: 'food_safety', nameZh: '食品安全', nameEn: 'Food safety' });
  expect(cat.statusCode, cat.body).toBe(201);
  const content = canteenPlan(cat.json().id);
  content.templates = [{ key: 'notice', audience: 'public', subject: { zh: '情况通报', en: 'Statement' }, body: { zh: '正在处置。', en: 'We are on it.' } }];
  ({ planId } = await publishPlan(env, 'campus_canteen', leader.userId, content));
  expect((await admin.post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['incident.*'], secret: 'whsec-0123456789abcdefghij', description: '外部平台' })).statusCode).toBe(201);
});

afterAll(async () => {
  await env?.close();
  await receiver?.close();
  vi.useRealTimers();
});

describe('a drill', () => {
  let statsBefore: unknown;

  it('runs the published plan as an incident marked 【演练】/[DRILL], with the same team and timings and no complaints; its events and notices say drill', async () => {
    statsBefore = (await leader.get(`/api/v1/stats/overview${RANGE}`)).json();
    expect((await head.post(`/api/v1/contingency/plans/${planId}/drills`, { level: 2 })).statusCode).toBe(403);
    expect((await leader.post('/api/v1/contingency/plans/nope/drills', { level: 2 })).statusCode).toBe(404);
    const r = await leader.post(`/api/v1/contingency/plans/${planId}/drills`, { level: 2, title: '食堂食物中毒桌面推演' });
    expect(r.statusCode, r.body).toBe(201);
    const inc = r.json();
    drillId = inc.id;
    activatedAt = Date.parse(inc.activatedAt);
    expect(inc).toMatchObject({ isDrill: true, trigger: 'drill', title: '【演练】[DRILL] 食堂食物中毒桌面推演', complaints: [], plan: { version: 1 } });
    expect(inc.roles.every((x: any) => x.user !== null)).toBe(true);
    expect(task(inc, 'form_group').dueAt).toBe(new Date(activatedAt + 30 * MIN).toISOString());
    expect(task(inc, 'public_statement').dueAt).toBe(new Date(activatedAt + 240 * MIN).toISOString());
    await settle(env);
    const notes = (await head.get('/api/v1/notifications')).json().items as any[];
    expect(notes.find((n) => n.type === 'incident.role_assigned').title).toContain('演练');
    for (let i = 0; i < 100 && !hookTypes().some((h) => h.type === 'incident.activated'); i++) await sleep(50);
    expect(hookTypes().find((h) => h.type === 'incident.activated')?.data).toMatchObject({ incidentId: drillId, drill: true, isDrill: true });
    expect((await leader.get('/api/v1/incidents?drill=false')).json().items).toEqual([]);
    const report = await leader.get(`/api/v1/incidents/${drillId}/drill-report`);
    expect(report.statusCode).toBe(409);
    expect(report.json().code).toBe('drill_not_finished');
  }, 60_000);

  it('its statement is approved and published but stays internal: not on the public page, not sent out', async () => {
    const base = `/api/v1/incidents/${drillId}/statements`;
    const s = (await pr.post(base, {})).json();
    expect(s).toMatchObject({ isDrill: true, title: { zh: '【演练】情况通报', en: '[DRILL] Statement' } });
    expect((await pr.post(`${base}/${s.id}/submit`)).statusCode).toBe(200);
    expect((await pr.post(`${base}/${s.id}/approve`)).statusCode).toBe(200);
    expect((await leader.post(`${base}/${s.id}/approve`)).statusCode).toBe(200);
    const pub = await pr.post(`${base}/${s.id}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', isDrill: true });
    await settle(env);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/public/notices' })).json().items).toEqual([]);
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/public/notices/${s.id}` })).statusCode).toBe(404);
    await sleep(300);
    expect(hookTypes().map((h) => h.type)).not.toContain('incident.statement_published');
    expect(hookTypes().map((h) => h.type)).toContain('incident.statement_approved');
  }, 60_000);

  it('once resolved, the report compares planned and actual step times, the report cadence and the roles; JSON and Markdown', async () => {
    const act = (key: string) => leader.post(`/api/v1/incidents/${drillId}/tasks/${task(inc0, key).id}/actions`, { action: 'done' });
    const inc0 = await drill();
    expect((await act('notify_leader')).statusCode).toBe(200);
    at(45);
    await settle(env);
    expect((await act('form_group')).statusCode).toBe(200); // 15 minutes late (escalated at T+31)
    at(50);
    expect((await act('first_contact')).statusCode).toBe(200);
    expect((await leader.post(`/api/v1/incidents/${drillId}/sitreps`, { conditions: '推演中', actions: '按预案处置', needs: '' })).statusCode).toBe(201);
    // A compensation decided in the drill counts nowhere either.
    const comp = await coordinator.post(`/api/v1/incidents/${drillId}/compensations`, { kind: 'cash', amount: 50_000, reason: '演练' });
    expect(comp.statusCode, comp.body).toBe(201);
    expect((await leader.post(`/api/v1/compensations/${comp.json().id}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    at(90);
    expect((await leader.post(`/api/v1/incidents/${drillId}/status`, { status: 'stable' })).statusCode).toBe(200);
    at(120);
    expect((await leader.post(`/api/v1/incidents/${drillId}/status`, { status: 'resolved' })).statusCode).toBe(200);

    const r = await leader.get(`/api/v1/incidents/${drillId}/drill-report`);
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    const step = (key: string) => report.steps.find((s: any) => s.stepKey === key);
    expect(step('notify_leader')).toMatchObject({ plannedOffsetMinutes: 0, actualOffsetMinutes: 0, late: false });
    expect(step('form_group')).toMatchObject({ plannedOffsetMinutes: 30, actualOffsetMinutes: 45, late: true, lateByMinutes: 15 });
    expect(step('first_contact')).toMatchObject({ plannedOffsetMinutes: 60, actualOffsetMinutes: 50, late: false });
    expect(step('public_statement')).toMatchObject({ plannedOffsetMinutes: 240, actualOffsetMinutes: null, done: false, late: true });
    expect([...report.lateSteps].sort()).toEqual(['form_group', 'public_statement', 'written_reply']);
    expect(report.sitreps).toMatchObject({ everyMinutes: 60, expected: 1, filed: 1, onTime: 1, reminders: 0, cadenceKept: true });
    expect(report.roles).toMatchObject({ total: 4, filled: 4, unfilledRequired: [] });
    // Half for 2 of 5 steps on time, a quarter for the cadence, a quarter for the roles.
    expect(report.score).toBe(70);
    const md = await leader.get(`/api/v1/incidents/${drillId}/drill-report.md?lang=en`);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toContain('# Drill report');
    expect(md.body).toContain('| Form the handling group | 30 | 45 | yes |');
    expect(md.body).not.toContain('报告'); // one language per export
    const zh = await leader.get(`/api/v1/incidents/${drillId}/drill-report.md?lang=zh-CN`);
    expect(zh.body).toContain('演练报告');
    expect(zh.body).toContain('| 成立处置小组 | 30 | 45 | 是 |');
  }, 60_000);

  it('appears in no statistic; a real incident has no drill report', async () => {
    await settle(env);
    expect((await leader.get(`/api/v1/stats/overview${RANGE}`)).json()).toEqual(statsBefore);
    const real = await leader.post('/api/v1/incidents', { planId, level: 4, title: '真实事件' });
    expect(real.statusCode, real.body).toBe(201);
    const r = await leader.get(`/api/v1/incidents/${real.json().id}/drill-report`);
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('incident_not_drill');
  });
});
