// Incident events on the live stream (GET /api/v1/events) on a real database (SQLite, or PostgreSQL
// with TEST_DATABASE_URL): whoever may see the incident receives them live and on replay after
// Last-Event-ID; a handler of another department receives none of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { openSse, sleep, type SseClient } from '../notifications/notify.testkit.js';
import { canteenPlan, publishPlan } from './incident.testkit.js';

let env: TestEnv;
let base: string;
let deptA: string;
let leader: TestClient;
let handlerA: TestClient;
let handlerB: TestClient;
let planId: string;
const streams: SseClient[] = [];

const cookie = (c: TestClient) => ({ cookie: `redress_session=${c.session!.cookie}` });
async function open(c: TestClient, lastEventId?: string): Promise<SseClient> {
  const s = await openSse(base, { ...cookie(c), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) });
  streams.push(s);
  expect(s.status).toBe(200);
  await s.next((m) => m.event === 'ready', 'ready');
  return s;
}
const incidentEvents = (s: SseClient) => s.messages.filter((m) => m.event.startsWith('incident.'));

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  deptA = await env.department('后勤集团', 'Campus services group');
  const deptB = await env.department('教务处', 'Academic affairs');
  const admin = await env.client(['admin']);
  leader = await env.client(['leader']);
  handlerA = await env.client(['handler'], [deptA]);
  handlerB = await env.client(['handler'], [deptB]);
  await env.client(['coordinator']);
  const cat = await admin.post('/api/v1/categories', { code: 'food_safety', nameZh: '食品安全', nameEn: 'Food safety' });
  expect(cat.statusCode, cat.body).toBe(201);
  ({ planId } = await publishPlan(env, 'campus_canteen', leader.userId, canteenPlan(cat.json().id)));
  base = await env.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await env?.close();
});

describe('incident events on GET /events', () => {
  it('reach the leader and the incident’s department live and on replay, not a handler of another department', async () => {
    const lead = await open(leader);
    const mine = await open(handlerA);
    const theirs = await open(handlerB);
    const before = lead.lastId() ?? '0';

    const r = await leader.post('/api/v1/incidents', { planId, level: 3, title: '第二食堂学生腹泻', departmentId: deptA });
    expect(r.statusCode, r.body).toBe(201);
    const inc = r.json();
    const activated = await lead.next((m) => m.event === 'incident.activated' && m.data.data.incidentId === inc.id, 'incident.activated (leader)');
    expect(activated.data).toMatchObject({ type: 'incident.activated', subject: { kind: 'incident', id: inc.id }, data: { code: inc.code, departmentId: deptA } });
    expect(activated.data.complaint).toBeUndefined();
    await mine.next((m) => m.event === 'incident.activated' && m.data.data.incidentId === inc.id, 'incident.activated (handler of the department)');

    const task = inc.tasks.find((t: any) => t.stepKey === 'notify_leader');
    expect((await leader.post(`/api/v1/incidents/${inc.id}/tasks/${task.id}/actions`, { action: 'done' })).statusCode).toBe(200);
    const done = await lead.next((m) => m.event === 'incident.task_done', 'incident.task_done (leader)');
    expect(done.data.data).toMatchObject({ incidentId: inc.id });
    expect(Number(done.id)).toBeGreaterThan(Number(activated.id));
    await mine.next((m) => m.event === 'incident.task_done', 'incident.task_done (handler of the department)');

    await sleep(300);
    expect(incidentEvents(theirs)).toEqual([]);

    // Reconnecting after the last id seen before the incident replays its events — to those who may see them.
    const again = await open(leader, before);
    expect(incidentEvents(again).map((m) => m.event)).toEqual(expect.arrayContaining(['incident.activated', 'incident.task_done']));
    expect(incidentEvents(again).map((m) => m.id)).toEqual(incidentEvents(lead).map((m) => m.id));
    const otherAgain = await open(handlerB, before);
    await sleep(100);
    expect(incidentEvents(otherAgain)).toEqual([]);
  });
});
