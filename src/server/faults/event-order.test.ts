// Faults in event delivery: a subscriber that fails for one event must hold back that complaint's
// later events (and only those), and a predecessor that arrives late (dead, retried by an admin after
// its successors) must not leave a clock running. Reproduction from issue 12: `assign` failing twice
// and retried after `sign` left the sign-for clock running on an in-progress complaint.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../test/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: events in order per complaint', () => {
  let env: TestEnv;
  let dept: string;
  let agent: TestClient;
  let handler: TestClient;
  let admin: TestClient;
  /** complaint id → remaining failures of its `assign` event (Infinity: until told otherwise). */
  const failAssign = new Map<string, number>();
  const delivered: Array<{ complaintId: string; type: string; action?: string }> = [];

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    dept = await env.department();
    [agent, handler, admin] = await Promise.all([env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['admin'])]);
    env.ctx.events.on('*', (e) => {
      const id = e.data.complaintId as string;
      const left = failAssign.get(id) ?? 0;
      if (e.type === 'complaint.status_changed' && e.data.action === 'assign' && left > 0) {
        failAssign.set(id, left - 1);
        throw new Error('a subscriber failed (injected)');
      }
      delivered.push({ complaintId: id, type: e.type, action: e.data.action as string | undefined });
    });
  });
  afterAll(() => env?.close());

  /** Event jobs of a complaint not yet done or dead. */
  const unfinished = async (id: string) =>
    Number((await sql<{ n: unknown }>`SELECT count(*) AS n FROM jobs WHERE type = 'event' AND status IN ('pending', 'running') AND payload LIKE ${`%"complaintId":"${id}"%`}`.execute(env.ctx.db)).rows[0].n);
  const settled = async (id: string, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    while ((await unfinished(id)) > 0) {
      if (Date.now() > until) throw new Error('events did not settle');
      env.ctx.jobs.kick();
      await sleep(50);
    }
  };
  const clocks = async (id: string) => Object.fromEntries(((await agent.get(`/api/v1/complaints/${id}/sla`)).json().items as any[]).map((c) => [c.kind, c]));
  const create = async () => {
    const r = await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept, level: 3 }));
    expect(r.statusCode, r.body).toBe(201);
    await settled(r.json().id);
    return r.json().id as string;
  };
  const act = async (who: TestClient, id: string, body: Record<string, unknown>) => {
    const r = await who.post(`/api/v1/complaints/${id}/actions`, body);
    expect(r.statusCode, r.body).toBe(200);
  };

  it('a failing assign is retried before the sign that followed it: the sign-for clock is met, not running', async () => {
    const id = await create();
    failAssign.set(id, 2);
    await act(agent, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    await act(handler, id, { action: 'sign' });
    await settled(id);
    const mine = delivered.filter((d) => d.complaintId === id && d.type === 'complaint.status_changed').map((d) => d.action);
    expect(mine).toEqual(['assign', 'sign']);
    const c = await clocks(id);
    expect(c.signFor.state).toBe('met');
    expect(c.resolution.state).toBe('running');
  }, 40_000);

  it('a dead assign retried by an admin after the sign does not restart the sign-for clock', async () => {
    const id = await create();
    failAssign.set(id, Infinity);
    await act(agent, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    // The assign event fails; it runs out of attempts (made dead here rather than waiting for eight).
    const job = await (async () => {
      for (const until = Date.now() + 10_000; Date.now() < until; await sleep(50)) {
        const row = await sql<{ id: string; attempts: unknown; status: string }>`SELECT id, attempts, status FROM jobs WHERE type = 'event' AND payload LIKE ${`%"complaintId":"${id}"%`} AND payload LIKE '%"action":"assign"%'`.execute(env.ctx.db);
        const j = row.rows[0];
        if (j && Number(j.attempts) >= 1 && j.status === 'pending') return j;
      }
      throw new Error('the assign event did not fail');
    })();
    await sql`UPDATE jobs SET status = 'dead' WHERE id = ${job.id}`.execute(env.ctx.db);
    await act(handler, id, { action: 'sign' });
    await settled(id);
    expect(delivered.filter((d) => d.complaintId === id && d.action === 'sign')).toHaveLength(1);
    failAssign.set(id, 0);
    const retried = await admin.post(`/api/v1/admin/jobs/${job.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    await settled(id);
    expect(delivered.filter((d) => d.complaintId === id && d.type === 'complaint.status_changed').map((d) => d.action)).toEqual(['sign', 'assign']);
    const c = await clocks(id);
    expect(c.signFor.state).toBe('met');
    expect(c.resolution.state).toBe('running');
  }, 40_000);

  it('a poison event holds back only its own complaint; the others flow, and its successors wait for it', async () => {
    const poisoned = await create();
    const other = await create();
    failAssign.set(poisoned, Infinity);
    await act(agent, poisoned, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    await act(agent, other, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    await act(handler, poisoned, { action: 'sign' });
    await act(handler, other, { action: 'sign' });
    await settled(other);
    expect(delivered.filter((d) => d.complaintId === other && d.type === 'complaint.status_changed').map((d) => d.action)).toEqual(['assign', 'sign']);
    await sleep(1_500); // the poison is retried meanwhile; its complaint's sign must not overtake it
    expect(delivered.filter((d) => d.complaintId === poisoned && d.type === 'complaint.status_changed')).toEqual([]);
    failAssign.set(poisoned, 0);
    await settled(poisoned, 30_000);
    expect(delivered.filter((d) => d.complaintId === poisoned && d.type === 'complaint.status_changed').map((d) => d.action)).toEqual(['assign', 'sign']);
  }, 60_000);
});
