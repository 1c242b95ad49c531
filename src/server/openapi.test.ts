// The OpenAPI document names every operation, says which ones need no credentials, and describes the
// upload body — what a generated client needs to call the API at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: string; format?: string }>; required?: string[] } }> };
  parameters?: { in: string }[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('/openapi.json', () => {
  let env: TestEnv;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    security?: unknown[];
    components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>; securitySchemes: Record<string, { type: string; in?: string; scheme?: string }> };
  };
  let ops: { key: string; op: Operation }[];
  beforeAll(async () => {
    env = await createTestEnv();
    doc = (await env.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })));
  });
  afterAll(() => env.close());

  it('gives every operation a unique operationId and a tag', () => {
    expect(ops.length).toBeGreaterThan(70);
    expect(ops.filter(({ op }) => !op.operationId).map(({ key }) => key), 'operations without operationId').toEqual([]);
    expect(ops.filter(({ op }) => !op.tags?.length).map(({ key }) => key), 'operations without tags').toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'duplicate operationIds').toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it('documents every API route the server registers', () => {
    const documented = new Set(ops.map(({ key }) => key));
    const missing = env.app.apiRoutes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${toOpenApiPath(r.url)}`).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  it('declares cookie and bearer credentials globally, and security: [] exactly on public operations', () => {
    const schemes = Object.values(doc.components.securitySchemes);
    expect(schemes.some((s) => s.type === 'http' && s.scheme === 'bearer')).toBe(true);
    expect(schemes.some((s) => s.type === 'apiKey' && s.in === 'cookie')).toBe(true);
    expect(doc.security?.length).toBeGreaterThan(0);
    const publicKeys = new Set([
      'GET /healthz',
      'GET /readyz',
      ...env.app.apiRoutes.filter((r) => r.public).map((r) => `${r.method} ${toOpenApiPath(r.url)}`),
      // Open311 GeoReport v2: no session or bearer (reads are public; a POST carries its api_key in the body).
      ...ops.filter(({ key }) => key.split(' ')[1].startsWith('/open311/')).map(({ key }) => key),
    ]);
    expect(publicKeys.has('POST /api/v1/auth/login')).toBe(true);
    for (const { key, op } of ops) {
      if (publicKeys.has(key)) expect(op.security, key).toEqual([]);
      else expect(op.security, key).toBeUndefined(); // inherits the global requirement
    }
  });

  it('describes the attachment upload as multipart/form-data with a binary file field', () => {
    const upload = doc.paths['/api/v1/complaints/{id}/attachments'].post;
    const schema = upload.requestBody?.content?.['multipart/form-data']?.schema;
    expect(schema?.properties?.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(schema?.required).toContain('file');
    expect(Object.keys(upload.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
  });

  it('documents the errors each operation can answer as problem+json referencing the one Problem schema', () => {
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'code', 'detail']);
    expect(Object.keys(doc.components.schemas.Problem.properties ?? {})).toEqual(expect.arrayContaining(['errors', 'retryAfter']));
    const errorsOf = (key: string) => {
      const [m, p] = key.split(' ');
      const responses = doc.paths[p][m.toLowerCase()].responses ?? {};
      for (const [status, r] of Object.entries(responses)) {
        if (Number(status) >= 400) expect(r.content?.['application/problem+json']?.schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/Problem' });
      }
      return Object.keys(responses).filter((s) => Number(s) >= 400);
    };
    // Public, no input: nothing can go wrong but the database.
    expect(errorsOf('GET /healthz')).toEqual([]);
    expect(errorsOf('GET /readyz')).toEqual(['503']);
    // Public with a body, wrong password, throttled; never 403.
    expect(errorsOf('POST /api/v1/auth/login')).toEqual(['400', '401', '413', '415', '429']);
    // A state transition on a record.
    expect(errorsOf('POST /api/v1/complaints/{id}/actions')).toEqual(['400', '401', '403', '404', '409', '413', '415']);
    expect(errorsOf('POST /api/v1/complaints')).toEqual(expect.arrayContaining(['400', '401', '403', '409', '422']));
    expect(errorsOf('GET /api/v1/complainants/lookup')).toContain('429');
    // Every operation behind credentials can answer 401 and 403; every one with a path id 404.
    for (const { key, op } of ops) {
      const errs = Object.keys(op.responses ?? {}).filter((s) => Number(s) >= 400);
      if (op.security === undefined) expect(errs, key).toEqual(expect.arrayContaining(['401', '403']));
      if (key.includes('{')) expect(errs, key).toContain('404');
      if (op.parameters?.length || op.requestBody) expect(errs, key).toContain('400');
    }
  });

  it('every operation declares its success response', () => {
    // A 2xx with a body schema, or a 204. Operations without one get a bare placeholder 200, which a
    // generated client types as `undefined`.
    const declares = (op: Operation) => Object.entries(op.responses ?? {}).some(([status, r]) => status === '204' || (status.startsWith('2') && !!r.content && Object.values(r.content).some((c) => !!c.schema)));
    const missing = ops.filter(({ op }) => !declares(op)).map(({ key }) => key);
    expect(missing, 'operations without a declared success response').toEqual([]);
  });
});
