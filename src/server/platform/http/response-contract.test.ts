// The response validator the API tests run under: a body that drifts from its declared schema fails
// the request (500 response_contract_violation) and is recorded; error bodies must be problem+json.
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, installErrorHandling } from './problem.js';
import { exactSchema, installResponseContract, type ResponseContract } from './response-contract.js';
import { installJsonSerializer } from './serialization.js';
import { createTestEnv } from '../../test/harness.js';

const Item = Type.Object({ id: Type.String(), at: Type.String({ format: 'date-time' }), tags: Type.Array(Type.Object({ name: Type.String() })) });

describe('response contract', () => {
  let app: FastifyInstance;
  let contract: ResponseContract;
  beforeAll(async () => {
    app = Fastify();
    installJsonSerializer(app);
    installErrorHandling(app);
    contract = installResponseContract(app, { strict: false });
    const ok = { id: 'a', at: new Date(0).toISOString(), tags: [{ name: 'x' }] };
    app.get('/ok', { schema: { response: { 200: Item } } }, async () => ok);
    app.get('/extra-field', { schema: { response: { 200: Item } } }, async () => ({ ...ok, secret: 1 }));
    app.get('/nested-extra', { schema: { response: { 200: Item } } }, async () => ({ ...ok, tags: [{ name: 'x', colour: 'red' }] }));
    app.get('/wrong-type', { schema: { response: { 200: Item } } }, async () => ({ ...ok, id: 5 }));
    app.get('/bad-format', { schema: { response: { 200: Item } } }, async () => ({ ...ok, at: 'yesterday' }));
    app.post('/created', { schema: { response: { 201: Item } } }, async (_req, reply) => reply.code(201).send(ok));
    // 201 where only 200 is declared (the cast gets past Fastify's typed status codes).
    app.post('/created-undeclared', { schema: { response: { 200: Item } } }, async (_req, reply) => reply.code(201 as 200).send(ok));
    app.get('/no-schema', async () => ({ anything: true }));
    app.get('/conflict', { schema: { response: { 200: Item } } }, async () => {
      throw new AppError(409, 'stale_version', 'changed meanwhile', { version: 3 });
    });
    app.get('/bad-error', async (_req, reply) => reply.code(400).send({ message: 'no code' }));
    app.delete('/gone', { schema: { response: { 204: Type.Null() } } }, async (_req, reply) => reply.code(204).send());
    await app.ready();
  });
  afterAll(() => app.close());

  it('passes a body that matches its declared schema, for 200, 201 and 204', async () => {
    expect((await app.inject({ method: 'GET', url: '/ok' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/created' })).statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: '/gone' })).statusCode).toBe(204);
  });

  it.each([
    ['/extra-field', '/secret'],
    ['/nested-extra', '/tags/0/colour'],
    ['/wrong-type', '/id'],
    ['/bad-format', '/at'],
  ])('fails %s with a 500 problem naming the route and the mismatch at %s, and records it', async (url, path) => {
    const before = contract.violations.length;
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('response_contract_violation');
    expect(body.detail).toContain(`GET ${url} answered 200`);
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(contract.violations.length).toBe(before + 1);
    expect(contract.violations.at(-1)).toMatchObject({ route: `GET ${url}`, status: 200 });
  });

  it('checks error bodies against the Problem schema', async () => {
    const conflict = await app.inject({ method: 'GET', url: '/conflict' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'stale_version', version: 3 });
    // A 409 the OpenAPI document would not list for this route (no ROUTE_ERRORS entry) is recorded.
    expect(contract.undocumentedErrors.get('GET /conflict')).toEqual(new Set([409]));
    const bad = await app.inject({ method: 'GET', url: '/bad-error' });
    expect(bad.statusCode).toBe(500);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/']));
    // Unknown routes answer a valid problem too.
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
  });

  it('with strict off, records without failing a status the route declares no schema for', async () => {
    expect((await app.inject({ method: 'GET', url: '/no-schema' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/created-undeclared' })).statusCode).toBe(201);
    expect(contract.undeclared.get('GET /no-schema')).toEqual(new Set([200]));
    expect(contract.undeclared.get('POST /created-undeclared')).toEqual(new Set([201]));
    expect(contract.undeclared.has('GET /ok')).toBe(false);
    expect(contract.undeclared.has('GET /nowhere')).toBe(false);
  });

  it('in strict mode (the default; REDRESS_CONTRACT_STRICT=0 turns it off) fails a status the route declares no schema for', async () => {
    const strictApp = Fastify();
    installJsonSerializer(strictApp);
    installErrorHandling(strictApp);
    const c = installResponseContract(strictApp, { strict: true });
    strictApp.post('/created-undeclared', { schema: { response: { 200: Item } } }, async (_req, reply) => reply.code(201 as 200).send({ id: 'a', at: new Date(0).toISOString(), tags: [] }));
    await strictApp.ready();
    const res = await strictApp.inject({ method: 'POST', url: '/created-undeclared' });
    expect(res.statusCode).toBe(500);
    expect(res.json().detail).toContain('declares no response schema for 201');
    expect(c.violations).toHaveLength(1);
    await strictApp.close();
  });

  it('makes objects exact unless they say otherwise (records, explicit open objects, allOf as a whole)', () => {
    const s = exactSchema({
      type: 'object',
      properties: {
        a: { type: 'object', properties: {} },
        rec: { type: 'object', patternProperties: { '^.*$': { type: 'number' } } },
        open: { type: 'object', additionalProperties: true },
        both: { allOf: [{ type: 'object', properties: { x: {} } }, { type: 'object', properties: { y: {} } }] },
        list: { type: 'array', items: { anyOf: [{ type: 'object', properties: { k: {} } }, { type: 'null' }] } },
      },
    }) as { additionalProperties: boolean; properties: Record<string, Record<string, unknown>> };
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.a.additionalProperties).toBe(false);
    expect(s.properties.rec.additionalProperties).toBeUndefined();
    expect(s.properties.open.additionalProperties).toBe(true);
    expect(s.properties.both.unevaluatedProperties).toBe(false);
    expect((s.properties.both.allOf as Record<string, unknown>[])[0].additionalProperties).toBeUndefined();
    expect(((s.properties.list.items as { anyOf: Record<string, unknown>[] }).anyOf[0]).additionalProperties).toBe(false);
  });
});

describe('the test harness', () => {
  it('runs the API under the response contract by default, and a violation fails close()', async () => {
    const env = await createTestEnv();
    expect(env.app.responseContract).toBeDefined();
    env.app.responseContract!.violations.push({ route: 'GET /x', status: 200, errors: [{ path: '/y', message: 'must NOT have additional properties' }], body: '{}' });
    await expect(env.close()).rejects.toThrow(/GET \/x → 200: \/y must NOT have additional properties/);
    const off = await createTestEnv({ responseContract: false });
    expect(off.app.responseContract).toBeUndefined();
    await off.close();
  });
});
