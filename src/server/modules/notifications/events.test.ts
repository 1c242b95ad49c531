import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createContext } from '../../context.js';
import { createTestEnv, sampleComplaint, usingPostgres, type TestClient, type TestEnv } from '../../test/harness.js';
import { openSse, sleep, waitFor, type SseClient } from './notify.testkit.js';

describe('live updates: GET /api/v1/events (server-sent events)', () => {
  let env: TestEnv;
  let base: string;
  let dept: string;
  let other: string;
  let agent: TestClient;
  let handler: TestClient;
  let outsider: TestClient;
  let coordinator: TestClient;
  const streams: SseClient[] = [];

  const cookie = (c: TestClient) => ({ cookie: `redress_session=${c.session!.cookie}` });
  const open = async (baseUrl: string, headers: Record<string, string>) => {
    const s = await openSse(baseUrl, headers);
    streams.push(s);
    expect(s.status).toBe(200);
    await s.next((m) => m.event === 'ready', 'ready');
    return s;
  };
  const create = async (over: Record<string, unknown> = {}) => {
    const r = await agent.post('/api/v1/complaints', sampleComplaint(over));
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; trackingNo: string };
  };

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    env.ctx.notify.configure({ heartbeatMs: 100 });
    dept = await env.department();
    other = await env.department();
    [agent, handler, outsider, coordinator] = await Promise.all([env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['handler'], [other]), env.client(['coordinator'])]);
    base = await env.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await env.close();
  });

  it('pushes complaint events to those who may see them, and my notifications to me only', async () => {
    const mine = await open(base, cookie(handler));
    const theirs = await open(base, cookie(outsider));
    const all = await open(base, { authorization: `Bearer ${await tokenFor(coordinator)}` });

    const c = await create({ departmentId: dept });
    const created = await mine.next((m) => m.event === 'complaint.created' && m.data.data.complaintId === c.id, 'complaint.created');
    expect(created.id).toMatch(/^\d+$/);
    expect(created.data).toMatchObject({ type: 'complaint.created', complaint: { id: c.id, trackingNo: c.trackingNo, departmentId: dept } });
    await all.next((m) => m.event === 'complaint.created' && m.data.data.complaintId === c.id, 'read_all sees it');

    expect((await agent.post(`/api/v1/complaints/${c.id}/actions`, { action: 'assign', departmentId: dept, ownerId: handler.userId })).statusCode).toBe(200);
    const changed = await mine.next((m) => m.event === 'complaint.status_changed' && m.data.data.complaintId === c.id, 'status_changed');
    expect(changed.data.data).toMatchObject({ action: 'assign', from: 'received', to: 'assigned', ownerId: handler.userId });
    const note = await mine.next((m) => m.event === 'notification', 'my notification');
    expect(note.data).toMatchObject({ type: 'complaint.assigned', complaintId: c.id, read: false });
    expect(Number(note.id)).toBeGreaterThan(Number(created.id));

    // SLA events reach whoever can see the complaint.
    await env.ctx.db.transaction().execute((trx) => env.ctx.events.emit(trx, 'sla.warning', { complaintId: c.id, kind: 'signFor', level: 4, dueAt: Date.now() + 60_000, notify: 'owner', recipientUserIds: [] }));
    env.ctx.events.flush();
    await mine.next((m) => m.event === 'sla.warning', 'sla.warning');
    await all.next((m) => m.event === 'sla.warning', 'sla.warning (read_all)');
    expect(all.messages.some((m) => m.event === 'notification')).toBe(false);

    // The handler of another department saw none of it.
    await sleep(200);
    expect(theirs.messages.filter((m) => m.event !== 'ready')).toEqual([]);
    // Heartbeats.
    await waitFor(() => mine.comments.includes('ping'), 'a heartbeat comment');
    // Ids increase strictly.
    const ids = mine.messages.filter((m) => m.id).map((m) => Number(m.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes after a reconnect with Last-Event-ID, replaying exactly what was missed', async () => {
    const first = await open(base, cookie(handler));
    const a = await create({ departmentId: dept });
    const seenA = await first.next((m) => m.event === 'complaint.created' && m.data.data.complaintId === a.id, 'a');
    first.close();

    const b = await create({ departmentId: dept });
    const c = await create({ departmentId: dept });
    await waitFor(async () => (await env.ctx.db.selectFrom('event_log').select('seq').where('complaint_id', '=', c.id).executeTakeFirst()) ?? false, 'c in the event log');

    const again = await open(base, { ...cookie(handler), 'last-event-id': seenA.id! });
    const created = () => again.messages.filter((m) => m.event === 'complaint.created').map((m) => m.data.data.complaintId);
    expect(created()).toEqual([b.id, c.id]); // replayed before "ready", in order, without a
    const d = await create({ departmentId: dept });
    await again.next((m) => m.event === 'complaint.created' && m.data.data.complaintId === d.id, 'live after replay');
    expect(created()).toEqual([b.id, c.id, d.id]);

    // ?lastEventId= does the same for clients that cannot set the header.
    const viaQuery = await openSse(base, cookie(handler), `?lastEventId=${seenA.id}`);
    streams.push(viaQuery);
    await viaQuery.next((m) => m.event === 'ready', 'ready');
    expect(viaQuery.messages.filter((m) => m.event === 'complaint.created').map((m) => m.data.data.complaintId)).toEqual([b.id, c.id, d.id]);
  });

  it('tells a client to reload when the history it asks for has expired', async () => {
    await create({ departmentId: dept });
    await waitFor(async () => Number((await env.ctx.db.selectFrom('event_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) > 0, 'rows');
    await env.ctx.db.deleteFrom('event_log').where('seq', '<=', 2).execute();
    const s = await open(base, { ...cookie(handler), 'last-event-id': '1' });
    expect(s.messages.some((m) => m.event === 'reset')).toBe(true);
  });

  it('needs a signed-in user', async () => {
    const res = await fetch(`${base}/api/v1/events`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it.runIf(usingPostgres())('reaches streams on another instance through LISTEN/NOTIFY', async () => {
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(env.ctx.db)).rows[0].s;
    const ctx2 = await createContext(env.config, { log: pino({ level: 'silent' }), schema });
    const app2 = await buildApp(ctx2, { logger: false, webDir: path.join(env.dataDir, 'no-web') });
    try {
      const base2 = await app2.listen({ port: 0, host: '127.0.0.1' });
      const s = await open(base2, cookie(handler)); // the same session works on every instance
      await waitFor(() => ctx2.notify.live.crossInstance, 'LISTEN on instance 2');
      // Instance 2 runs no jobs: the event is committed and fanned out by instance 1 only.
      const started = Date.now();
      const c = await create({ departmentId: dept });
      await s.next((m) => m.event === 'complaint.created' && m.data.data.complaintId === c.id, 'cross-instance event', 5_000);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await app2.close();
      await ctx2.close();
    }
  });

  it('app.close() ends open streams instead of waiting for them', async () => {
    const s = await open(base, cookie(handler));
    const closed = env.app.close();
    await Promise.race([s.ended, sleep(5_000).then(() => Promise.reject(new Error('stream did not end')))]);
    await Promise.race([closed, sleep(5_000).then(() => Promise.reject(new Error('app.close() hung')))]);
  });

  async function tokenFor(c: TestClient): Promise<string> {
    const { OrgService } = await import('../org/org.service.js');
    return (await new OrgService(env.ctx).createToken(null, c.email, 'sse', ['*'])).token;
  }
});

