import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, usingPostgres, type TestClient, type TestEnv } from './test/harness.js';
import { OrgService } from './modules/org/org.service.js';

describe('accounts, tokens and files (probe findings)', () => {
  let env: TestEnv;
  let admin: TestClient;
  let agent: TestClient;
  beforeAll(async () => {
    env = await createTestEnv();
    [admin, agent] = await Promise.all([env.client(['admin']), env.client(['intake_agent'])]);
  });
  afterAll(() => env.close());

  it('token scopes apply to self-service routes: a complaint.read token cannot read or change its user’s profile, notifications or events', async () => {
    const org = new OrgService(env.ctx);
    const narrow = env.bearer((await org.createToken(null, agent.email, 'reader', ['complaint.read'])).token);
    expect((await narrow.get('/api/v1/complaints')).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['GET', '/api/v1/auth/me', undefined],
      ['PATCH', '/api/v1/auth/me', { locale: 'en' }],
      ['GET', '/api/v1/notifications', undefined],
      ['POST', '/api/v1/notifications/read-all', undefined],
      ['GET', '/api/v1/notifications/preferences', undefined],
      ['PATCH', '/api/v1/notifications/preferences', { 'complaint.assigned': { email: false } }],
      ['GET', '/api/v1/events', undefined],
    ] as const) {
      const r = await narrow.request({ method, url, ...(body ? { payload: body } : {}) });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(403);
    }
    // A token granted self.read reads them; '*' does everything its user may.
    const self = env.bearer((await org.createToken(null, agent.email, 'self', ['self.read'])).token);
    expect((await self.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await self.patch('/api/v1/auth/me', { locale: 'en' })).statusCode).toBe(403);
    const all = env.bearer((await org.createToken(null, agent.email, 'all', ['*'])).token);
    expect((await all.patch('/api/v1/auth/me', { locale: 'zh-CN' })).statusCode).toBe(200);
  });

  it('passwords of only whitespace (ten spaces) are rejected', async () => {
    for (const password of [' '.repeat(10), '\t'.repeat(12), ' '.repeat(9) + 'x']) {
      const r = await admin.post('/api/v1/users', { email: `ws${Math.random().toString(36).slice(2)}@example.com`, name: 'W', password, roles: ['analyst'] });
      expect(r.statusCode, JSON.stringify(password)).toBe(400);
      expect(r.json().code).toBe('weak_password');
    }
    const r = await admin.patch(`/api/v1/users/${agent.userId}`, { password: ' '.repeat(10) });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('weak_password');
  });

  it('database, key and attachment files are created 0600 in 0700 directories', async () => {
    const boundary = 'filemodes1234';
    const id = (await agent.post('/api/v1/complaints', sampleComplaint())).json().id;
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nevidence\r\n--${boundary}--\r\n`;
    expect((await agent.request({ method: 'POST', url: `/api/v1/complaints/${id}/attachments`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })).statusCode).toBe(201);
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    const files: string[] = [];
    const dirs: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) {
          dirs.push(p);
          walk(p);
        } else files.push(p);
      }
    };
    walk(path.join(env.dataDir, 'attachments'));
    if (!usingPostgres()) files.push(...[env.config.databaseUrl, `${env.config.databaseUrl}-wal`].filter((f) => fs.existsSync(f)));
    expect(files.some((f) => f.endsWith('.enc'))).toBe(true);
    for (const f of files) expect(mode(f), f).toBe(0o600);
    for (const d of dirs) expect(mode(d), d).toBe(0o700);
  });
});
