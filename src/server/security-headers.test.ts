import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { createTestEnv, type TestClient, type TestEnv } from './test/harness.js';

describe('security headers', () => {
  let env: TestEnv;
  let agent: TestClient;
  beforeAll(async () => {
    env = await createTestEnv();
    agent = await env.client(['intake_agent']);
  });
  afterAll(() => env.close());

  it('security headers: a CSP without inline or eval’d script, no framing, no Referer, no sniffing', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeUndefined(); // plain HTTP here
  });

  it('security headers: personal-data API responses are Cache-Control: no-store', async () => {
    for (const url of ['/api/v1/complaints', '/api/v1/auth/me']) {
      const r = await agent.get(url);
      expect(r.statusCode).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('security headers: HSTS when served behind HTTPS (REDRESS_SECURE_COOKIES=1)', async () => {
    const app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, secureCookies: true } }, { logger: false, webDir: '/nonexistent' });
    try {
      const r = await app.inject({ method: 'GET', url: '/healthz' });
      expect(String(r.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
    } finally {
      await app.close();
    }
  });
});
