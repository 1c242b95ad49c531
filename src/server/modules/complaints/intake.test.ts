import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

describe('complaint intake', () => {
  let env: TestEnv;
  let agent: TestClient;
  let other: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    [agent, other] = await Promise.all([env.client(['intake_agent']), env.client(['intake_agent'])]);
  });
  afterAll(() => env.close());

  describe('Idempotency-Key', () => {
    it('20 concurrent creates with one key make exactly one complaint, and every answer carries its id', async () => {
      const before = await env.count('complaints');
      const body = sampleComplaint({ subject: '并发幂等测试' });
      const rs = await Promise.all(Array.from({ length: 20 }, () => agent.post('/api/v1/complaints', body, { 'idempotency-key': 'key-concurrent-1' })));
      for (const r of rs) expect(r.statusCode, r.body).toBe(201);
      const ids = new Set(rs.map((r) => r.json().id));
      expect(ids.size).toBe(1);
      expect(await env.count('complaints')).toBe(before + 1);
      const rows = await env.ctx.db.selectFrom('complaints').select('id').where('subject', '=', '并发幂等测试').execute();
      expect(rows.map((r) => r.id)).toEqual([...ids]);
      // One original answer (with the access code), 19 replays.
      expect(rs.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
      expect(rs.filter((r) => r.json().accessCode)).toHaveLength(1);
      // One 'created' entry (plus the intake triage's), one tracking number consumed.
      const [id] = ids;
      expect((await agent.get(`/api/v1/complaints/${id}/timeline`)).json().items.map((t: { kind: string }) => t.kind)).toEqual(['created', 'triaged']);
    });

    it('the same key with a different body is refused with 422 idempotency_key_reused', async () => {
      const first = await agent.post('/api/v1/complaints', sampleComplaint({ subject: 'A' }), { 'idempotency-key': 'key-reuse' });
      expect(first.statusCode).toBe(201);
      const before = await env.count('complaints');
      const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject: 'B' }), { 'idempotency-key': 'key-reuse' });
      expect(r.statusCode).toBe(422);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().code).toBe('idempotency_key_reused');
      expect(await env.count('complaints')).toBe(before);
    });

    it('keys are per user: another user’s identical key makes its own complaint', async () => {
      const body = sampleComplaint({ subject: 'per-user' });
      const a = await agent.post('/api/v1/complaints', body, { 'idempotency-key': 'shared-key' });
      const b = await other.post('/api/v1/complaints', body, { 'idempotency-key': 'shared-key' });
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(a.json().id).not.toBe(b.json().id);
    });

    it('without a key, two identical posts make two complaints', async () => {
      const before = await env.count('complaints');
      await agent.post('/api/v1/complaints', sampleComplaint());
      await agent.post('/api/v1/complaints', sampleComplaint());
      expect(await env.count('complaints')).toBe(before + 2);
    });
  });

  describe('bad input → 400 problem+json, nothing written', () => {
    const raw = (payload: string | Buffer, contentType = 'application/json') =>
      agent.request({ method: 'POST', url: '/api/v1/complaints', payload, headers: { 'content-type': contentType } });
    const without = (k: string) => {
      const b: Record<string, unknown> = sampleComplaint();
      delete b[k];
      return b;
    };

    const cases: Array<[string, () => Promise<LightMyRequestResponse>, string, RegExp?]> = [
      ['missing subject', () => agent.post('/api/v1/complaints', without('subject')), 'validation_failed', /subject/],
      ['missing channel', () => agent.post('/api/v1/complaints', without('channel')), 'validation_failed', /channel/],
      ['empty subject', () => agent.post('/api/v1/complaints', sampleComplaint({ subject: '' })), 'validation_failed', /subject/],
      ['a number for subject', () => agent.post('/api/v1/complaints', sampleComplaint({ subject: 12345 })), 'validation_failed', /subject/],
      ['a string for level', () => agent.post('/api/v1/complaints', sampleComplaint({ level: '2' })), 'validation_failed', /level/],
      ['level out of range', () => agent.post('/api/v1/complaints', sampleComplaint({ level: 5 })), 'validation_failed', /level/],
      ['a 1 MB subject', () => agent.post('/api/v1/complaints', sampleComplaint({ subject: '投'.repeat(1024 * 1024 / 3) })), 'validation_failed', /subject/],
      ['unknown channel "fax"', () => agent.post('/api/v1/complaints', sampleComplaint({ channel: 'fax' })), 'validation_failed', /channel/],
      ['unknown extra field', () => agent.post('/api/v1/complaints', sampleComplaint({ priority: 'high' })), 'validation_failed', /priority/],
      ['unknown nested field', () => agent.post('/api/v1/complaints', sampleComplaint({ complainant: { name: '张三', wechat: 'zs' } })), 'validation_failed', /wechat/],
      ['a phone with letters', () => agent.post('/api/v1/complaints', sampleComplaint({ complainant: { phone: 'call me' } })), 'validation_failed', /phone/],
      ['a bad email', () => agent.post('/api/v1/complaints', sampleComplaint({ complainant: { email: 'not-an-email' } })), 'validation_failed', /email/],
      ['a bad date', () => agent.post('/api/v1/complaints', sampleComplaint({ occurredAt: 'yesterday' })), 'validation_failed', /occurredAt/],
      ['an array body', () => raw('[]'), 'validation_failed'],
      ['malformed JSON', () => raw('{"subject": "食堂", '), 'malformed_json'],
      ['an empty JSON body', () => raw(''), 'malformed_json'],
      [
        'invalid UTF-8 bytes',
        () => raw(Buffer.concat([Buffer.from('{"subject":"'), Buffer.from([0xe9, 0xa3, 0x28, 0xff]), Buffer.from('","description":"x","channel":"phone"}')])),
        'invalid_utf8',
      ],
      ['an unknown department', () => agent.post('/api/v1/complaints', sampleComplaint({ departmentId: 'nope' })), 'unknown_department'],
      ['an unknown category', () => agent.post('/api/v1/complaints', sampleComplaint({ categoryId: 'nope' })), 'unknown_category'],
    ];

    it.each(cases)('%s', async (_name, send, code, mentions) => {
      const [complaints, audit, complainants] = [await env.count('complaints'), await env.count('audit_log'), await env.count('complainants')];
      const r = await send();
      expect(r.statusCode, r.body.slice(0, 300)).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const p = r.json();
      expect(p).toMatchObject({ status: 400, code, title: 'Bad Request' });
      expect(typeof p.detail).toBe('string');
      expect(p.type).toContain(code);
      if (mentions) expect(p.detail).toMatch(mentions);
      expect(r.body.length).toBeLessThan(10_000); // the 1 MB is not echoed back
      expect(await env.count('complaints')).toBe(complaints);
      expect(await env.count('audit_log')).toBe(audit);
      expect(await env.count('complainants')).toBe(complainants);
    });

    it('a body over the size limit is 413 problem+json', async () => {
      const r = await agent.post('/api/v1/complaints', sampleComplaint({ description: 'x'.repeat(5 * 1024 * 1024) }));
      expect(r.statusCode).toBe(413);
      expect(r.json().code).toBe('payload_too_large');
    });

    it('a non-JSON content type is 415 problem+json', async () => {
      const r = await raw('subject=x', 'application/x-www-form-urlencoded');
      expect(r.statusCode).toBe(415);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('valid Chinese text round-trips unchanged', async () => {
      const subject = '𠮷野家门店「食品安全」问题——含生僻字与全角符号';
      const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject }));
      expect(r.statusCode).toBe(201);
      expect((await agent.get(`/api/v1/complaints/${r.json().id}`)).json().subject).toBe(subject);
    });
  });
});
