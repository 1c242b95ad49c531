// The department tree: heads and leaders work on their department's subtree, deadlines and
// extensions reach the nearest head up the tree, handlers stay in their own departments.
// Real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), real job runner, Date faked.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { OrgService } from '../org/org.service.js';
import { departmentHeads } from '../sla/sla.repo.js';
import type { DomainEvent } from '../../platform/events/events.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let env: TestEnv;
// 市局 → 区分局 → 街道所 (no head of its own); 另一局 beside them.
let top: string;
let mid: string;
let leaf: string;
let other: string;
let agent: TestClient;
let topHead: TestClient;
let midHead: TestClient;
let midHandler: TestClient;
let leafHandler: TestClient;
let otherHead: TestClient;
let otherHandler: TestClient;
let leader: TestClient;
const seen: DomainEvent<any>[] = [];

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

async function act(client: TestClient, id: string, body: Record<string, unknown>) {
  const r = await client.post(`/api/v1/complaints/${id}/actions`, body);
  expect(r.statusCode, r.body).toBe(200);
  await settle();
  return r.json();
}

/** A complaint dispatched to `dept` (signed by `signer` when given). */
async function inDepartment(dept: string, level: number, signer?: TestClient) {
  const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject: '街道路灯损坏无人维修', description: '路灯坏了一个月，晚上出行不便。', level, departmentId: dept }));
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id as string;
  await act(agent, id, { action: 'assign', departmentId: dept, ...(signer ? { ownerId: signer.userId } : {}) });
  if (signer) await act(signer, id, { action: 'sign' });
  return id;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2025-06-10T10:00:00+08:00')); // a Tuesday morning in Shanghai
  env = await createTestEnv({ startJobs: true });
  const org = new OrgService(env.ctx);
  top = (await org.createDepartment(null, { nameZh: '市局', nameEn: 'City bureau' })).id;
  mid = (await org.createDepartment(null, { nameZh: '区分局', nameEn: 'District branch', parentId: top })).id;
  leaf = (await org.createDepartment(null, { nameZh: '街道所', nameEn: 'Street office', parentId: mid })).id;
  other = (await org.createDepartment(null, { nameZh: '另一局', nameEn: 'Other bureau' })).id;
  [agent, topHead, midHead, midHandler, leafHandler, otherHead, otherHandler, leader] = await Promise.all([
    env.client(['intake_agent']),
    env.client(['dept_head'], [top]),
    env.client(['dept_head'], [mid]),
    env.client(['handler'], [mid]),
    env.client(['handler'], [leaf]),
    env.client(['dept_head'], [other]),
    env.client(['handler'], [other]),
    env.client(['leader']),
  ]);
  env.ctx.events.on('*', (e) => {
    if (e.type.startsWith('sla.')) seen.push(e);
  });
});

afterAll(async () => {
  await env?.close();
  vi.useRealTimers();
});

describe('department tree', () => {
  it('the heads above a department see its cases and list them; its parent’s handler and another department do not', async () => {
    const id = await inDepartment(leaf, 4);
    for (const head of [midHead, topHead]) {
      expect((await head.get(`/api/v1/complaints/${id}`)).statusCode).toBe(200);
      expect((await head.get('/api/v1/complaints')).json().items.map((c: { id: string }) => c.id)).toContain(id);
    }
    for (const outsider of [midHandler, otherHead, otherHandler]) {
      expect((await outsider.get(`/api/v1/complaints/${id}`)).statusCode).toBe(404);
      expect((await outsider.get('/api/v1/complaints')).json().items.map((c: { id: string }) => c.id)).not.toContain(id);
    }
    // Downwards only: the head of the child department does not see the parent's cases.
    const upper = await inDepartment(top, 4);
    expect((await midHead.get(`/api/v1/complaints/${upper}`)).statusCode).toBe(404);
    expect((await topHead.get(`/api/v1/complaints/${upper}`)).statusCode).toBe(200);
  });

  it('a parent department’s head signs for a child’s case and approves its extension; another department’s head gets 404', async () => {
    const id = await inDepartment(leaf, 3);
    expect((await act(midHead, id, { action: 'sign' })).status).toBe('in_progress');
    const due = Date.parse(((await agent.get(`/api/v1/complaints/${id}/sla`)).json().items as any[]).find((c) => c.kind === 'resolution').dueAt);
    const ext = await leafHandler.post(`/api/v1/complaints/${id}/extensions`, { reason: '需要第三方检测', newDueAt: new Date(due + 3 * 24 * HOUR).toISOString() });
    expect(ext.statusCode, ext.body).toBe(201);
    await settle();
    // The street office has no head: the request reaches the district branch's head, the nearest one up.
    const requested = seen.filter((e) => e.type === 'sla.extension_requested' && e.data.complaintId === id);
    expect(requested).toHaveLength(1);
    expect(requested[0].data.recipientUserIds).toEqual([midHead.userId]);
    const eid = ext.json().id;
    expect((await otherHead.post(`/api/v1/complaints/${id}/extensions/${eid}/decision`, { decision: 'approve' })).statusCode).toBe(404);
    expect((await leafHandler.post(`/api/v1/complaints/${id}/extensions/${eid}/decision`, { decision: 'approve' })).statusCode).toBe(403);
    const ok = await midHead.post(`/api/v1/complaints/${id}/extensions/${eid}/decision`, { decision: 'approve', comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
  });

  it('handling-plan approval stays with leaders, whatever the tree', async () => {
    const id = await inDepartment(leaf, 2, leafHandler);
    expect((await leafHandler.post(`/api/v1/complaints/${id}/plans`, { findings: '路灯线路老化', measures: '更换线路' })).statusCode).toBe(201);
    for (const head of [midHead, topHead]) expect((await head.post(`/api/v1/complaints/${id}/plans/decision`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await leader.post(`/api/v1/complaints/${id}/plans/decision`, { decision: 'approve' })).statusCode).toBe(200);
  });

  it('a breached deadline in a headless department goes to the nearest head up the tree', async () => {
    const id = await inDepartment(leaf, 2); // Ⅱ: respond within 1 h; the breach goes to the department head
    vi.setSystemTime(Date.now() + 61 * MIN);
    await settle();
    const breached = seen.filter((e) => e.type === 'sla.breached' && e.data.complaintId === id);
    expect(breached.length).toBeGreaterThan(0);
    expect(breached.find((e) => e.data.notify === 'department_head')?.data.recipientUserIds).toEqual([midHead.userId]);
  });

  it('a dispatch to a department with no handler and no head reaches the nearest head up the tree, or the leaders at the top', async () => {
    const org = new OrgService(env.ctx);
    const empty = (await org.createDepartment(null, { nameZh: '社区站', nameEn: 'Community post', parentId: mid })).id;
    const orphan = (await org.createDepartment(null, { nameZh: '孤立科', nameEn: 'Orphan unit' })).id;
    const assignedTo = async (id: string) =>
      (await env.ctx.db.selectFrom('notifications').select('user_id').where('complaint_id', '=', id).where('type', '=', 'complaint.assigned').orderBy('user_id').execute()).map((r) => r.user_id);
    const below = await inDepartment(empty, 4);
    expect(await assignedTo(below)).toEqual([midHead.userId]);
    const alone = await inDepartment(orphan, 4);
    expect(await assignedTo(alone)).toEqual([leader.userId]);
  });

  it('the nearest heads: own department first, then up the tree, the leaders at the top', async () => {
    expect(await departmentHeads(env.ctx.db, mid)).toEqual([midHead.userId]);
    expect(await departmentHeads(env.ctx.db, leaf)).toEqual([midHead.userId]);
    expect(await departmentHeads(env.ctx.db, top)).toEqual([topHead.userId]);
    const org = new OrgService(env.ctx);
    const lonely = (await org.createDepartment(null, { nameZh: '无人科', nameEn: 'Headless unit' })).id;
    expect(await departmentHeads(env.ctx.db, lonely)).toEqual([leader.userId]);
  });
});
