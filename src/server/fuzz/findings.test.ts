// Regression tests for what the fuzzer found, one per finding, named after it. Real database
// (SQLite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../test/harness.js';

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
});
