import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_PASSWORD, type TestClient, type TestEnv } from '../../test/harness.js';
import { OrgService } from '../org/org.service.js';
import { openSse, type SseClient } from './notify.testkit.js';

describe('event streams end when the credential does', () => {
  let env: TestEnv;
  let base: string;
  let admin: TestClient;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    // Re-checked every 300 ms here (15 s by default; the probe asked for at least every 30 s).
    env.ctx.notify.configure({ revalidateMs: 300, maxStreamsPerUser: 3 });
    admin = await env.client(['admin']);
    base = await env.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await env.close();
  });

  const cookie = (c: TestClient) => ({ cookie: `redress_session=${c.session!.cookie}` });
  const open = async (headers: Record<string, string>) => {
    const s = await openSse(base, headers);
    streams.push(s);
    expect(s.status).toBe(200);
    await s.next((m) => m.event === 'ready', 'ready');
    return s;
  };
  /** Resolves when the server ended the stream (within the time limit). */
  const endsWithin = async (s: SseClient, ms: number) => {
    const outcome = await Promise.race([s.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), ms))]);
    expect(outcome).toBe('ended');
  };

  it('SSE stream closes on logout', async () => {
    const u = await env.client(['handler']);
    const s = await open(cookie(u));
    expect((await u.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await endsWithin(s, 2_000);
    expect(s.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'signed_out' } });
  });

  it('SSE stream closes on deactivation and on a password change', async () => {
    const a = await env.client(['handler']);
    const b = await env.client(['handler']);
    const sa = await open(cookie(a));
    const sb = await open(cookie(b));
    expect((await admin.patch(`/api/v1/users/${a.userId}`, { active: false })).statusCode).toBe(200);
    await endsWithin(sa, 2_000);
    expect((await admin.patch(`/api/v1/users/${b.userId}`, { password: 'a new password 2026' })).statusCode).toBe(200);
    await endsWithin(sb, 2_000);
  });

  it('SSE stream closes when its API token is revoked', async () => {
    const u = await env.client(['coordinator']);
    const t = await new OrgService(env.ctx).createToken(null, u.email, 'live wall', ['*']);
    const s = await open({ authorization: `Bearer ${t.token}` });
    expect((await admin.delete(`/api/v1/tokens/${t.id}`)).statusCode).toBe(204);
    await endsWithin(s, 2_000);
  });

  it('SSE stream closes within the re-check period when another instance deactivated the user', async () => {
    const u = await env.client(['handler']);
    const s = await open(cookie(u));
    // Straight in the database, as another instance would: nothing tells this one.
    await env.ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', u.userId).execute();
    await endsWithin(s, 3_000);
  });

  it('SSE streams are capped per user: a new one beyond the cap ends the oldest', async () => {
    const u = await env.client(['handler']);
    const [first, ...rest] = [await open(cookie(u)), await open(cookie(u)), await open(cookie(u))];
    const fourth = await open(cookie(u));
    await endsWithin(first, 2_000);
    expect(first.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'too_many_streams' } });
    const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
    for (const s of [...rest, fourth]) expect(await Promise.race([s.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('open'), 300))])).toBe('open');
  });
});
