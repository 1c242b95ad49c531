// Regression tests for what the fuzzer found, one per finding, named after it. Real database
// (SQLite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../test/harness.js';

let env: TestEnv;
let admin: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.client(['admin']);
});
afterAll(() => env?.close());

describe('fuzz findings', () => {
  it('a path that does not percent-decode answers 400 problem+json `bad_url`, not Fastify’s own FST_ERR_BAD_URL body', async () => {
    for (const url of ['/api/v1/complaints/%ED%A0%80/timeline', '/api/v1/webhooks/%', '/api/v1/users/%FF%FE']) {
      const res = await admin.request({ method: url.includes('users') ? 'PATCH' : 'GET', url, payload: url.includes('users') ? { name: 'x' } : undefined });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.json().code, url).toBe('bad_url');
    }
  });

  it('a path parameter longer than the router allows answers 414 problem+json `path_parameter_too_long`', async () => {
    const res = await admin.get(`/api/v1/complaints/${'x'.repeat(3_000)}/sla`);
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 414, code: 'path_parameter_too_long' });
  });

  it('a NUL (%00) in a path id or a query answers 400 `nul_character` — it was a 500 on PostgreSQL, which cannot compare text holding 0x00', async () => {
    for (const url of ['/api/v1/complaints/%00', '/api/v1/complaints/a%00b/timeline', '/api/v1/webhooks/%00', '/api/v1/complaints?q=%00']) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toBe('nul_character');
    }
  });

  it('a NUL (\\u0000) in a JSON body string or key answers 400 `nul_character` and stores nothing — it was a 500 on PostgreSQL', async () => {
    const before = await env.count('complaints');
    const inSubject = await admin.post('/api/v1/complaints', sampleComplaint({ subject: 'a\u0000b' }));
    expect(inSubject.statusCode, inSubject.body).toBe(400);
    expect(inSubject.json().code).toBe('nul_character');
    const inKey = await admin.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: { 'content-type': 'application/json' }, payload: '{"preferences":{"a\\u0000":1}}' });
    expect(inKey.json().code, inKey.body).toBe('nul_character');
    expect(await env.count('complaints')).toBe(before);
    // An escaped backslash followed by "u0000" is just text.
    const text = await admin.request({ method: 'POST', url: '/api/v1/complaints', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(sampleComplaint({ subject: 'path C:\\u0000' })) });
    expect(text.statusCode, text.body).toBe(201);
  });

  it('a search for one word longer than the index keeps (41+ letters) finds nothing — it listed every complaint', async () => {
    const made = await admin.post('/api/v1/complaints', sampleComplaint({ subject: 'Streetlight out on Harbour Road' }));
    expect(made.statusCode, made.body).toBe(201);
    const found = async (q: string) => (await admin.get(`/api/v1/complaints?q=${encodeURIComponent(q)}`)).json().items.length as number;
    expect(await found('a'.repeat(200))).toBe(0);
    expect(await found(`harbour ${'x'.repeat(41)}`)).toBe(0);
    expect(await found('harbour')).toBe(1);
  });
});

