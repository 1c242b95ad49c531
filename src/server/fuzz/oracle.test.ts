// The fuzzer's judgement, pure: operations come from the document, path parameters find their table,
// and the oracle flags a 5xx, a 2xx for input the schema rejects, a lone surrogate accepted, a 4xx
// without a problem code and an error that is not problem+json — so a fuzz run that passes means
// something. No database.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { FuzzCase } from './cases.js';
import { judge, schemaRejections } from './oracle.js';
import { collectionOf, operationsOf, type OpenApiDocument } from './operations.js';
import { tableFor } from './fixtures.js';
import { diff } from './snapshot.js';

const doc: OpenApiDocument = {
  paths: {
    '/api/v1/things/{id}/notes': {
      post: {
        operationId: 'addNote',
        parameters: [
          { in: 'path', name: 'id', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } },
          { in: 'query', name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 10 } },
          { in: 'header', name: 'idempotency-key', schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['body'], additionalProperties: false, properties: { body: { type: 'string', minLength: 1 } } } } } },
      },
    },
    '/api/v1/events': { get: {} },
  },
};
const [op] = operationsOf(doc, (k) => k === 'GET /api/v1/events');

const res = (status: number, body: unknown, type = status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json') =>
  ({ statusCode: status, headers: { 'content-type': type }, body: JSON.stringify(body), json: () => body }) as unknown as LightMyRequestResponse;
const fuzzCase = (over: Partial<FuzzCase> = {}): FuzzCase => ({
  label: 't',
  method: 'POST',
  url: '/api/v1/things/x/notes',
  headers: { 'content-type': 'application/json' },
  payload: '{"body":"hi"}',
  params: { id: 'x' },
  query: 'limit=3',
  ...over,
});
const kinds = (r: LightMyRequestResponse, c = fuzzCase()) => judge(op, 'admin', c, r).map((f) => f.kind);

describe('operations from the document', () => {
  it('flattens path, query, header and body, and skips what it is told to', () => {
    expect(operationsOf(doc)).toHaveLength(2);
    expect(op).toMatchObject({ key: 'POST /api/v1/things/{id}/notes', operationId: 'addNote', pathParams: [{ name: 'id', collection: 'things' }], headers: [{ name: 'idempotency-key', required: false }] });
    expect(op.query).toEqual({ type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 10 } }, required: [] });
    expect(op.body).toMatchObject({ required: true, contentType: 'application/json' });
    expect(collectionOf('/api/v1/complaints/{id}/extensions/{eid}', 'eid')).toBe('extensions');
  });

  it('finds the table of a path parameter from the path alone', () => {
    const tables = ['complaints', 'sla_extensions', 'contingency_plans', 'incident_tasks', 'incidents', 'reply_templates', 'api_tokens', 'oncall_schedules', 'oncall_overrides', 'webhook_endpoints', 'jobs'];
    expect(tableFor('/api/v1/complaints/{id}/extensions/{eid}', 'eid', tables)).toBe('sla_extensions');
    expect(tableFor('/api/v1/contingency/plans/{planId}', 'planId', tables)).toBe('contingency_plans');
    expect(tableFor('/api/v1/incidents/{id}/tasks/{taskId}/actions', 'taskId', tables)).toBe('incident_tasks');
    expect(tableFor('/api/v1/incidents/{id}/tasks/{taskId}/actions', 'id', tables)).toBe('incidents');
    expect(tableFor('/api/v1/reply-templates/{id}', 'id', tables)).toBe('reply_templates');
    expect(tableFor('/api/v1/tokens/{id}', 'id', tables)).toBe('api_tokens');
    expect(tableFor('/api/v1/oncall/schedules/{id}/overrides/{overrideId}', 'overrideId', tables)).toBe('oncall_overrides');
    expect(tableFor('/api/v1/webhooks/{id}', 'id', tables)).toBe('webhook_endpoints');
    expect(tableFor('/api/v1/admin/jobs/{id}/retry', 'id', tables)).toBe('jobs');
    expect(tableFor('/api/v1/nothing/{id}', 'id', tables)).toBeUndefined();
  });
});

describe('the oracle', () => {
  it('accepts a valid exchange and a well-formed refusal', () => {
    expect(kinds(res(201, { id: 'n1' }))).toEqual([]);
    expect(kinds(res(400, { code: 'validation_failed' }), fuzzCase({ payload: '{}' }))).toEqual([]);
  });

  it('flags any 5xx', () => {
    expect(kinds(res(500, { code: 'internal_error' }))).toContain('5xx');
  });

  it('flags a 2xx for a body, query or path parameter the schema rejects (body strict, query coerced)', () => {
    expect(kinds(res(201, {}), fuzzCase({ payload: '{"body":"hi","extra":1}' }))).toEqual(['2xx for input the schema rejects (body)']);
    expect(kinds(res(201, {}), fuzzCase({ payload: '{"body":7}' }))).toEqual(['2xx for input the schema rejects (body)']);
    expect(kinds(res(201, {}), fuzzCase({ payload: '{"body":' }))).toEqual(['2xx for input the schema rejects (body malformed)']);
    expect(kinds(res(201, {}), fuzzCase({ payload: undefined }))).toEqual(['2xx for input the schema rejects (body missing)']);
    expect(kinds(res(201, {}), fuzzCase({ query: 'limit=11' }))).toEqual(['2xx for input the schema rejects (query)']);
    expect(kinds(res(201, {}), fuzzCase({ query: 'limit=x' }))).toEqual(['2xx for input the schema rejects (query)']);
    expect(schemaRejections(op, fuzzCase({ query: 'limit=3' }))).toEqual([]); // "3" is coerced, as the server does
    expect(kinds(res(201, {}), fuzzCase({ params: { id: '' } }))).toEqual(['2xx for input the schema rejects (path)']);
  });

  it('flags a 2xx for a body holding a lone surrogate, which Ajv alone would pass', () => {
    expect(kinds(res(201, {}), fuzzCase({ payload: '{"body":"\\ud800"}' }))).toEqual(['2xx for a body with a lone surrogate']);
    expect(kinds(res(201, {}), fuzzCase({ payload: '{"body":"\\ud83d\\ude00"}' }))).toEqual([]);
    expect(kinds(res(201, {}), fuzzCase({ payload: '{"body":"a\\u0000"}' }))).toEqual(['2xx for a body with a NUL character']);
  });

  it('flags a 4xx without a problem code, and an error that is not problem+json with a lower-case code', () => {
    expect(kinds(res(400, { message: 'bad' }))).toEqual(['4xx without a problem code']);
    expect(kinds(res(400, { code: 'FST_ERR_BAD_URL' }, 'application/json'))).toEqual(['error that is not application/problem+json with a lower-case code']);
  });

  it('a snapshot difference names each table and counter that moved', () => {
    expect(diff({ 'rows:a': 1, 'rows:b': 2, 'seq:audit_log': 9 }, { 'rows:a': 1, 'rows:b': 3, 'seq:audit_log': 10 })).toEqual(['rows:b 2→3', 'seq:audit_log 9→10']);
  });
});
