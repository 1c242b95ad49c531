// A response schema documents the body; it must never filter or coerce what the presenter returns.
import Fastify from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { installJsonSerializer } from './serialization.js';

describe('response serialisation', () => {
  it('sends every property the handler returns, even ones the response schema does not list, with their own types', async () => {
    const app = Fastify();
    installJsonSerializer(app);
    const Out = Type.Object({ id: Type.String(), count: Type.Integer() });
    app.get('/x', { schema: { response: { 200: Out } } }, async () => ({ id: 'a', count: '5', extra: { nested: true } }));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(200);
    // fast-json-stringify would answer {"id":"a","count":5}.
    expect(res.body).toBe('{"id":"a","count":"5","extra":{"nested":true}}');
    await app.close();
  });
});
