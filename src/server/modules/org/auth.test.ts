import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, TEST_PASSWORD, type TestClient, type TestEnv } from '../../test/harness.js';
import { reserveLoginAttempt } from '../../platform/auth/login-throttle.js';
import { OrgService } from './org.service.js';

describe('authentication', () => {
  let env: TestEnv;
  let admin: TestClient;
  let agent: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    [admin, agent] = await Promise.all([env.client(['admin']), env.client(['intake_agent'])]);
  });
  afterAll(() => env.close());

  const login = (email: string, password: string) => env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  describe('requests', () => {
    it('without credentials → 401 problem+json on reads and writes', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/complaints'],
        ['GET', '/api/v1/auth/me'],
        ['GET', '/api/v1/audit'],
      ] as const) {
        const r = await env.app.inject({ method, url });
        expect(r.statusCode, url).toBe(401);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.json().code).toBe('unauthenticated');
      }
      const before = await env.count('complaints');
      const r = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: sampleComplaint() });
      expect(r.statusCode).toBe(401);
      expect(await env.count('complaints')).toBe(before);
    });

    it('a garbage session cookie → 401', async () => {
      const r = await env.app.inject({ method: 'GET', url: '/api/v1/complaints', headers: { cookie: 'redress_session=forged' } });
      expect(r.statusCode).toBe(401);
    });

    it('a cookie-authenticated write without X-CSRF-Token → 403 csrf_failed, nothing written', async () => {
      const { cookie, csrfToken } = agent.session!;
      const before = [await env.count('complaints'), await env.count('audit_log')];
      const noToken = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: sampleComplaint(), headers: { cookie: `redress_session=${cookie}` } });
      expect(noToken.statusCode).toBe(403);
      expect(noToken.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(noToken.json().code).toBe('csrf_failed');
      const wrong = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: sampleComplaint(), headers: { cookie: `redress_session=${cookie}`, 'x-csrf-token': csrfToken.slice(0, -2) + 'xx' } });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().code).toBe('csrf_failed');
      // Another user's CSRF token does not fit this session.
      const foreign = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: sampleComplaint(), headers: { cookie: `redress_session=${cookie}`, 'x-csrf-token': admin.session!.csrfToken } });
      expect(foreign.json().code).toBe('csrf_failed');
      expect([await env.count('complaints'), await env.count('audit_log')]).toEqual(before);
      // Reads need no CSRF token; the right token lets the write through.
      expect((await env.app.inject({ method: 'GET', url: '/api/v1/complaints', headers: { cookie: `redress_session=${cookie}` } })).statusCode).toBe(200);
      expect((await agent.post('/api/v1/complaints', sampleComplaint())).statusCode).toBe(201);
    });
  });

  describe('API tokens', () => {
    it('an admin creates a token that works with Authorization: Bearer and records last_used_at', async () => {
      const r = await admin.post('/api/v1/tokens', { email: agent.email, name: 'hotline integration' });
      expect(r.statusCode, r.body).toBe(201);
      const { id, token } = r.json();
      expect(token).toMatch(/^rdt_/);
      // Only its hash is stored.
      const row = await env.ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.token_hash).not.toContain(token);
      expect(row.last_used_at).toBeNull();

      const api = env.bearer(token);
      const created = await api.post('/api/v1/complaints', sampleComplaint({ channel: 'api' }));
      expect(created.statusCode, created.body).toBe(201); // no CSRF token needed
      expect((await api.get(`/api/v1/complaints/${created.json().id}`)).json().channel).toBe('api');
      const used = await env.ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
      expect(Math.abs(Number(used.last_used_at) - Date.now())).toBeLessThan(60_000);
      const listed = (await admin.get('/api/v1/tokens')).json().items.find((t: { id: string }) => t.id === id);
      expect(listed.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed)).not.toContain(token);

      // Revoked → 401.
      expect((await admin.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(204);
      const after = await api.get('/api/v1/complaints');
      expect(after.statusCode).toBe(401);
      expect(after.json().code).toBe('invalid_token');
      expect((await admin.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(404);
    });

    it('a token scoped to complaint.read reads but cannot create', async () => {
      const t = await new OrgService(env.ctx).createToken(null, agent.email, 'read-only dashboard', ['complaint.read']);
      const api = env.bearer(t.token);
      expect((await api.get('/api/v1/complaints')).statusCode).toBe(200);
      const before = await env.count('complaints');
      const r = await api.post('/api/v1/complaints', sampleComplaint());
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('forbidden');
      expect(await env.count('complaints')).toBe(before);
    });

    it('a token never exceeds its user’s roles', async () => {
      const analyst = await env.client(['analyst']);
      const t = await new OrgService(env.ctx).createToken(null, analyst.email, 'all scopes', ['*']);
      expect((await env.bearer(t.token).post('/api/v1/complaints', sampleComplaint())).statusCode).toBe(403);
    });

    it('malformed and unknown tokens → 401', async () => {
      for (const auth of ['Bearer rdt_doesnotexist', 'Bearer', 'Basic dXNlcjpwYXNz', 'Bearer not-even-prefixed']) {
        const r = await env.app.inject({ method: 'GET', url: '/api/v1/complaints', headers: { authorization: auth } });
        expect(r.statusCode, auth).toBe(401);
        expect(r.json().code).toBe('invalid_token');
      }
    });

    it('only admins create tokens; unknown scopes are refused', async () => {
      expect((await agent.post('/api/v1/tokens', { email: agent.email, name: 'mine' })).statusCode).toBe(403);
      const r = await admin.post('/api/v1/tokens', { email: agent.email, name: 'x', scopes: ['complaint.destroy'] });
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('unknown_scope');
    });

    it('a deactivated user’s token and session stop working', async () => {
      const temp = await env.client(['intake_agent']);
      const t = await new OrgService(env.ctx).createToken(null, temp.email, 'temp', ['*']);
      expect((await admin.patch(`/api/v1/users/${temp.userId}`, { active: false })).statusCode).toBe(200);
      expect((await env.bearer(t.token).get('/api/v1/complaints')).statusCode).toBe(401);
      expect((await temp.get('/api/v1/complaints')).statusCode).toBe(401);
    });
  });

  describe('login', () => {
    it('sets an HttpOnly, SameSite session cookie and returns the CSRF token', async () => {
      const r = await login(agent.email, TEST_PASSWORD);
      expect(r.statusCode).toBe(200);
      const setCookie = String(r.headers['set-cookie']);
      expect(setCookie).toMatch(/^redress_session=/);
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
      expect(setCookie).toMatch(/;\s*Path=\//i);
      expect(r.json().csrfToken).toMatch(/^[\w-]{20,}$/);
      expect(r.json().user).toMatchObject({ email: agent.email, roles: ['intake_agent'] });
      expect(JSON.stringify(r.json())).not.toMatch(/password|scrypt/);
      // The email is matched case-insensitively.
      expect((await login(agent.email.toUpperCase(), TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('a wrong password and an unknown email give the identical 401', async () => {
      const wrong = await login(agent.email, 'wrong password!!');
      const unknown = await login('nobody-here@example.com', 'wrong password!!');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.body).toBe(unknown.body);
      expect(wrong.headers['content-type']).toBe(unknown.headers['content-type']);
      expect(wrong.json().code).toBe('invalid_credentials');
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    // Failures are seeded straight into the throttle (scrypt makes each HTTP attempt cost ~50 ms);
    // the last ones go through HTTP, so the route's own counting is what trips the limit.
    const seedFailures = async (email: string, n: number) => {
      // From the address app.inject() uses: the account + address key is the one that trips.
      for (let i = 0; i < n; i++) await reserveLoginAttempt(env.ctx.db, email, '127.0.0.1');
    };

    it('after repeated failures the account is throttled with 429 too_many_attempts, even with the right password', async () => {
      const victim = await env.client(['handler']);
      await seedFailures(victim.email, 8);
      for (let i = 0; i < 2; i++) expect((await login(victim.email, `guess number ${i}`)).statusCode).toBe(401);
      const r = await login(victim.email, TEST_PASSWORD);
      expect(r.statusCode).toBe(429);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().code).toBe('too_many_attempts');
      expect(r.json().retryAfter).toBeGreaterThan(0);
      expect(Number(r.headers['retry-after'])).toBe(r.json().retryAfter);
      expect(r.headers['set-cookie']).toBeUndefined();
      // Unknown emails are throttled the same way (no account enumeration through the limit).
      await seedFailures('ghost@example.com', 10);
      expect((await login('ghost@example.com', 'whatever pass')).json().code).toBe('too_many_attempts');
      // Other accounts are not locked out by it.
      expect((await login(admin.email, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('a successful login clears earlier failures', async () => {
      const u = await env.client(['handler']);
      await seedFailures(u.email, 9);
      expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(200);
      // Were the nine still counted, this would be the tenth failure and the next login a 429.
      expect((await login(u.email, 'nope nope nope')).statusCode).toBe(401);
      expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('logout ends the session', async () => {
      const u = await env.client(['analyst']);
      expect((await u.get('/api/v1/auth/me')).statusCode).toBe(200);
      expect((await u.post('/api/v1/auth/logout')).statusCode).toBe(204);
      expect((await u.get('/api/v1/auth/me')).statusCode).toBe(401);
    });

    it('bad login bodies are 400, not 500', async () => {
      for (const payload of [{}, { email: 'a@b.c' }, { email: 1, password: 2 }, { email: 'a@b.c', password: 'x', extra: true }]) {
        const r = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().code).toBe('validation_failed');
      }
    });
  });
});
