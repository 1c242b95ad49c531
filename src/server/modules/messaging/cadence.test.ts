// Update cadence reminders under a controlled clock (Date is faked; timers and I/O stay real, as in
// the SLA suite): when the level's update cadence comes due with no public update since, the owner
// gets an in-app reminder and the timeline says so; a public update starts the cadence again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let env: TestEnv;
let dept: string;
let agent: TestClient;
let coordinator: TestClient;
let handler: TestClient;
let admin: TestClient;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settle(timeoutMs = 10_000) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    env.ctx.jobs.kick();
    await sleep(30);
    const busy = await env.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', Date.now())])]))
      .executeTakeFirstOrThrow();
    if (Number(busy.n) === 0) return;
    if (performance.now() > until) throw new Error('jobs did not settle');
  }
}

async function advance(ms: number) {
  vi.setSystemTime(Date.now() + ms);
  await settle();
}

async function act(who: TestClient, id: string, body: Record<string, unknown>) {
  const r = await who.post(`/api/v1/complaints/${id}/actions`, body);
  expect(r.statusCode, r.body).toBe(200);
  await settle();
}

const reminders = async (id: string) => ((await admin.get(`/api/v1/complaints/${id}/timeline`)).json().items as Array<{ kind: string; data: any }>).filter((t) => t.kind === 'update_reminder');
const ownerReminders = async (id: string) =>
  ((await handler.get('/api/v1/notifications?limit=100')).json().items as Array<{ type: string; complaintId: string | null; data: any }>).filter((n) => n.type === 'sla.breached' && n.complaintId === id);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2025-06-10T10:00:00+08:00'));
  env = await createTestEnv({ startJobs: true });
  dept = await env.department('市政设施科', 'Municipal facilities');
  agent = await env.client(['intake_agent']);
  coordinator = await env.client(['coordinator']);
  handler = await env.client(['handler'], [dept]);
  admin = await env.client(['admin']);
});

afterAll(async () => {
  await env?.close();
  vi.useRealTimers();
});

describe('update cadence reminders', () => {
  it('remind the owner at the level’s cadence (Ⅱ: every 4 hours) until a public update resets it', async () => {
    const r = await agent.post('/api/v1/complaints', { subject: '燃气管道泄漏', description: '小区燃气味道很重，担心爆炸。', channel: 'phone', level: 2, departmentId: dept, complainant: { phone: '13911112222' } });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    await settle();
    await act(coordinator, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    await act(handler, id, { action: 'sign' });

    await advance(3 * HOUR + 50 * MIN);
    expect(await reminders(id)).toHaveLength(0);
    await advance(11 * MIN); // 4 h after signing: an update was due and none was sent
    const first = await reminders(id);
    expect(first).toHaveLength(1);
    expect(first[0].data.recipientUserIds).toEqual([handler.userId]);
    const notes = await ownerReminders(id);
    expect(notes.length).toBe(1);

    // A public progress update starts the cadence again.
    expect((await handler.post(`/api/v1/complaints/${id}/notes`, { body: '抢修队已到现场，正在关阀检修。', visibility: 'public' })).statusCode).toBe(201);
    await settle();
    await advance(3 * HOUR + 30 * MIN);
    expect(await reminders(id)).toHaveLength(1);
    await advance(31 * MIN);
    expect(await reminders(id)).toHaveLength(2);
    expect((await ownerReminders(id)).length).toBe(2);
  });

  it('a level Ⅳ complaint has no update cadence: no reminders', async () => {
    const r = await agent.post('/api/v1/complaints', { subject: '路边长椅损坏', description: '公园长椅坏了。', channel: 'phone', level: 4, departmentId: dept });
    const id = r.json().id as string;
    await settle();
    await act(coordinator, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    await act(handler, id, { action: 'sign' });
    await advance(10 * HOUR);
    expect(await reminders(id)).toHaveLength(0);
  });
});
