import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { createTestEnv, type TestEnv } from './test/harness.js';

describe('operations endpoints and API description', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('GET /openapi.json is OpenAPI 3.1 and lists the complaint routes', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    for (const [path, method] of [
      ['/api/v1/complaints', 'post'],
      ['/api/v1/complaints', 'get'],
      ['/api/v1/complaints/{id}', 'get'],
      ['/api/v1/complaints/{id}/actions', 'post'],
      ['/api/v1/complaints/{id}/plans', 'post'],
      ['/api/v1/complaints/{id}/plans/decision', 'post'],
      ['/api/v1/complaints/{id}/complainant/reveal', 'post'],
      ['/api/v1/complaints/{id}/attachments', 'post'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/audit', 'get'],
    ]) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    // The request schema is published, with the enum of channels.
    const create = doc.paths['/api/v1/complaints'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['subject', 'description', 'channel']));
    expect(JSON.stringify(schema.properties.channel)).toContain('walk_in');
  });

  it('/docs answers with the API browser', async () => {
    let r = await env.app.inject({ method: 'GET', url: '/docs' });
    if (r.statusCode >= 300 && r.statusCode < 400) r = await env.app.inject({ method: 'GET', url: new URL(r.headers.location as string, 'http://x/docs').pathname });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
  });

  it('/healthz and /readyz answer without signing in', async () => {
    const h = await env.app.inject({ method: 'GET', url: '/healthz' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toEqual({ status: 'ok' });
    const r = await env.app.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ready', database: env.ctx.dialect });
  });

  it('an unknown API route is a 404 problem+json (401 before signing in)', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })).statusCode).toBe(401);
    const r = await (await env.client(['analyst'])).get('/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json().code).toBe('route_not_found');
  });

  it('with a built web app, serves it and the app shell for client routes, and still 404s unknown API routes', async () => {
    const webDir = path.join(env.dataDir, 'web');
    fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(webDir, 'portal.html'), '<!doctype html><div id="root" data-page="portal"></div>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
    const web = await buildApp(env.ctx, { logger: false, webDir });
    try {
      await web.ready();
      for (const url of ['/', '/complaints/0190abcd', '/portalx']) {
        const r = await web.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(200);
        expect(r.body).toContain('id="root"');
        expect(r.body, url).not.toContain('data-page="portal"');
      }
      // The public portal is its own page, for /portal and everything under it.
      for (const url of ['/portal', '/portal/track', '/portal/survey/abc_DEF-123?lang=en']) {
        const r = await web.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(200);
        expect(r.body, url).toContain('data-page="portal"');
      }
      expect((await web.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
      expect((await web.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
      const { session } = await env.client(['analyst']);
      const api = await web.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { cookie: `redress_session=${session!.cookie}` } });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await web.inject({ method: 'POST', url: '/somewhere' })).statusCode).toBe(404);
      expect((await web.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    } finally {
      await web.close();
    }
  });
});
