// The fuzzer can fail: planted bugs in a tiny app with the server's own validation, error handling
// and JSON parser are found within the default number of cases — a 500 on one valid enum value, a
// route that accepts a body its schema refuses, and an error body without a problem code. No database.
import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installValidation } from '../platform/http/validation.js';
import { installErrorHandling } from '../platform/http/problem.js';
import { installStrictJsonParser } from '../platform/http/json-body.js';
import { caseArbitrary, type IdPools } from './cases.js';
import { judge } from './oracle.js';
import { operationsOf, type OpenApiDocument, type Operation } from './operations.js';

const body = { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { type: 'string', enum: ['a', 'b', 'boom'] }, note: { type: 'string', maxLength: 20 } } };
const doc: OpenApiDocument = {
  paths: {
    '/things/{id}': {
      post: { parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }], requestBody: { required: true, content: { 'application/json': { schema: body } } } },
    },
    '/loose': { post: { requestBody: { required: true, content: { 'application/json': { schema: body } } } } },
    '/bare-error': { get: { parameters: [{ in: 'query', name: 'n', schema: { type: 'integer', minimum: 1, maximum: 5 } }] } },
  },
};
const pools: IdPools = { forProperty: () => undefined, urls: [], email: 'x@example.com' };

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  installValidation(app);
  installErrorHandling(app);
  installStrictJsonParser(app);
  // Planted: a crash on one valid value.
  app.post('/things/:id', { schema: { body } }, async (req) => {
    if ((req.body as { kind: string }).kind === 'boom') throw new Error('planted crash');
    return { ok: true };
  });
  // Planted: no schema on the route, so anything is accepted although the document declares one.
  app.post('/loose', async () => ({ ok: true }));
  // Planted: an error answered by hand, outside the one error shape.
  app.get('/bare-error', async (req, reply) => ((req.query as { n?: string }).n === '3' ? reply.status(400).send({ message: 'no' }) : { ok: true }));
  await app.ready();
});
afterAll(() => app.close());

async function findings(op: Operation, numRuns = 6 * 7) {
  const kinds = new Set<string>();
  await fc.assert(
    fc.asyncProperty(caseArbitrary(op, pools, { id: ['t1'] }), async (c) => {
      const res = await app.inject({ method: c.method as 'POST', url: c.url, headers: c.headers, ...(c.payload === undefined ? {} : { payload: c.payload }) });
      for (const f of judge(op, 'canary', c, res)) kinds.add(f.kind);
    }),
    { seed: 20261204, numRuns },
  );
  return kinds;
}

describe('planted bugs are found', () => {
  const ops = operationsOf(doc);
  it('a 500 on a valid enum value', async () => {
    expect(await findings(ops.find((o) => o.path === '/things/{id}')!)).toContain('5xx');
  });

  it('a 2xx for bodies the declared schema refuses', async () => {
    const kinds = await findings(ops.find((o) => o.path === '/loose')!);
    expect([...kinds].some((k) => k.startsWith('2xx for input the schema rejects'))).toBe(true);
  });

  it('an error without a problem code', async () => {
    expect(await findings(ops.find((o) => o.path === '/bare-error')!)).toContain('4xx without a problem code');
  });
});
