// 即时办结: an intake agent closes a consultation answered on the call in one step; statistics
// count it as resolved at first contact (and stop counting it once it is reopened).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { rebuildRollups, reportsDb } from '../reports/rollups.js';

let env: TestEnv;
let agent: TestClient;
let handler: TestClient;
let coordinator: TestClient;
let dept: string;

async function settle() {
  for (let i = 0; i < 500; i++) {
    const r = await env.ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'event').where('status', 'in', ['pending', 'running']).executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('events not processed');
}

async function rollups() {
  const rows = await reportsDb(env.ctx.db).selectFrom('stats_rollup').selectAll().orderBy('grain').orderBy('dim').orderBy('period').orderBy('department_id').orderBy('level').orderBy('channel').orderBy('g').execute();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)])));
}

const consultation = () => agent.post('/api/v1/complaints', sampleComplaint({ subject: '咨询公积金提取需要哪些材料', description: '来电咨询住房公积金提取所需材料，已当场告知。', level: 4 }));

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  dept = await env.department();
  [agent, handler, coordinator] = await Promise.all([env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['coordinator'])]);
});
afterAll(() => env.close());

describe('即时办结 (resolved on the call)', () => {
  it('closes a new consultation in one step with its reason, public on the timeline, every deadline stopped', async () => {
    const id = (await consultation()).json().id;
    expect((await agent.get(`/api/v1/complaints/${id}`)).json().availableActions).toContain('resolve_on_call');
    expect((await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'resolve_on_call' })).json().code).toBe('reason_required');
    const r = await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'resolve_on_call', reason: '当场答复' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'closed', availableActions: [] });
    await settle();
    const entry = (await agent.get(`/api/v1/complaints/${id}/timeline`)).json().items.find((t: { kind: string }) => t.kind === 'status_changed');
    expect(entry).toMatchObject({ visibility: 'public', body: '当场答复', data: { action: 'resolve_on_call', from: 'received', to: 'closed', firstContact: true } });
    const clocks = (await agent.get(`/api/v1/complaints/${id}/sla`)).json().items as Array<{ state: string }>;
    expect(clocks.every((c) => c.state !== 'running' && c.state !== 'paused')).toBe(true);
  });

  it('is only for a case not yet dispatched, and only for intake roles', async () => {
    const id = (await consultation()).json().id;
    expect((await handler.post(`/api/v1/complaints/${id}/actions`, { action: 'resolve_on_call', reason: '当场答复' })).statusCode).toBe(404);
    const analyst = await env.client(['analyst']);
    expect((await analyst.post(`/api/v1/complaints/${id}/actions`, { action: 'resolve_on_call', reason: '当场答复' })).statusCode).toBe(403);
    await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'assign', departmentId: dept });
    const late = await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'resolve_on_call', reason: '当场答复' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('illegal_transition.assigned.resolve_on_call');
  });

  it('statistics tell resolved-at-first-contact apart from other closes and from 不予受理; a reopen takes it back', async () => {
    const before = (await coordinator.get('/api/v1/stats/overview')).json();
    const a = (await consultation()).json().id;
    const b = (await consultation()).json().id;
    const rejected = (await consultation()).json().id;
    for (const id of [a, b]) expect((await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'resolve_on_call', reason: '当场答复' })).statusCode).toBe(200);
    expect((await agent.post(`/api/v1/complaints/${rejected}/actions`, { action: 'reject', reason: '不属于受理范围' })).statusCode).toBe(200);
    await settle();
    let o = (await coordinator.get('/api/v1/stats/overview')).json();
    expect(o.resolvedAtFirstContact - before.resolvedAtFirstContact).toBe(2);
    expect(o.closed - before.closed).toBe(2);

    expect((await coordinator.post(`/api/v1/complaints/${b}/actions`, { action: 'reopen', reason: '来电人再次来电，问题未解决' })).statusCode).toBe(200);
    await settle();
    o = (await coordinator.get('/api/v1/stats/overview')).json();
    expect(o.resolvedAtFirstContact - before.resolvedAtFirstContact).toBe(1);

    // The rollups kept from events equal a rebuild from scratch.
    const live = await rollups();
    await rebuildRollups(env.ctx);
    expect(await rollups()).toEqual(live);
    expect(live.some((r) => Number(r.fcr_n) > 0)).toBe(true);
  });
});
