import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { verify } from '../../platform/notify/webhooks.js';
import { startReceiver, waitFor } from './notify.testkit.js';

describe('outbound webhooks', () => {
  let env: TestEnv;
  let admin: TestClient;
  let agent: TestClient;
  let handler: TestClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    // The receivers listen on 127.0.0.1: as REDRESS_WEBHOOK_ALLOW_PRIVATE=1 would allow.
    env.config.webhookAllowPrivate = true;
    env.ctx.notify.configure({ webhookRetryBaseMs: 50, webhookTimeoutMs: 2_000 });
    [admin, agent, handler] = await Promise.all([env.client(['admin']), env.client(['intake_agent']), env.client(['handler'])]);
    receiver = await startReceiver([500]); // the first delivery fails once
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  it('signs each delivery, retries with backoff after a 500 and logs every attempt', async () => {
    const secret = 'whsec-0123456789abcdefghij';
    const created = await admin.post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['complaint.*'], secret, description: '值班系统' });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json();
    expect(hook).toMatchObject({ url: receiver.url, eventTypes: ['complaint.*'], active: true, secret });
    // The secret is not listed again, and it is encrypted at rest.
    expect((await admin.get('/api/v1/webhooks')).json().items[0].secret).toBeUndefined();
    const row = await env.ctx.db.selectFrom('webhook_endpoints').select('secret_enc').where('id', '=', hook.id).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(secret);

    const c = (await agent.post('/api/v1/complaints', sampleComplaint({ level: 2 }))).json();
    await waitFor(() => receiver.hooks.length >= 2, 'the retried delivery');
    const [first, second] = receiver.hooks;
    expect(first.status).toBe(500);
    expect(second.status).toBe(200);
    expect(second.body).toBe(first.body); // the same bytes every attempt
    for (const h of [first, second]) {
      expect(h.headers['x-redress-event']).toBe('complaint.created');
      expect(h.headers['x-redress-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verify(secret, String(h.headers['x-redress-timestamp']), h.body, String(h.headers['x-redress-signature']))).toBe(true);
      expect(verify('another-secret-entirely', String(h.headers['x-redress-timestamp']), h.body, String(h.headers['x-redress-signature']))).toBe(false);
      expect(Math.abs(Number(h.headers['x-redress-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    }
    const payload = JSON.parse(second.body);
    expect(Object.keys(payload).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
    expect(payload).toMatchObject({ type: 'complaint.created', data: { complaintId: c.id, complaint: { id: c.id, trackingNo: c.trackingNo, level: 2 } } });
    expect(second.headers['x-redress-delivery']).toBe(payload.id);
    expect(JSON.stringify(payload)).not.toContain('13812345678'); // no personal data of the complainant

    const deliveries = await waitFor(async () => {
      const d = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
      return d.items.length >= 2 && d;
    }, 'two logged attempts');
    expect(deliveries.items[0]).toMatchObject({ eventId: payload.id, eventType: 'complaint.created', attempt: 2, ok: true, statusCode: 200, error: null });
    expect(deliveries.items[1]).toMatchObject({ attempt: 1, ok: false, statusCode: 500, error: 'HTTP 500' });
    expect(typeof deliveries.items[0].durationMs).toBe('number');
  });

  it('sends only subscribed types, and nothing to paused or deleted endpoints', async () => {
    const r = await startReceiver();
    try {
      const sla = (await admin.post('/api/v1/webhooks', { url: r.url, eventTypes: ['sla.escalated'] })).json();
      expect(sla.secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // generated when not given
      const c = (await agent.post('/api/v1/complaints', sampleComplaint())).json();
      await env.ctx.db.transaction().execute((trx) => env.ctx.events.emit(trx, 'sla.escalated', { complaintId: c.id, kind: 'resolution', level: 4, dueAt: Date.now(), notify: 'leader', recipientUserIds: [] }));
      env.ctx.events.flush();
      const got = await waitFor(() => r.hooks[0], 'the sla delivery');
      expect(got.headers['x-redress-event']).toBe('sla.escalated');
      expect(verify(sla.secret, String(got.headers['x-redress-timestamp']), got.body, String(got.headers['x-redress-signature']))).toBe(true);
      expect(r.hooks).toHaveLength(1); // complaint.created was not subscribed

      expect((await admin.patch(`/api/v1/webhooks/${sla.id}`, { active: false })).json().active).toBe(false);
      await env.ctx.db.transaction().execute((trx) => env.ctx.events.emit(trx, 'sla.escalated', { complaintId: c.id, recipientUserIds: [] }));
      env.ctx.events.flush();
      const rotated = (await admin.patch(`/api/v1/webhooks/${sla.id}`, { rotateSecret: true, eventTypes: ['sla.*', 'plan.decided'] })).json();
      expect(rotated.secret).toBeTruthy();
      expect(rotated.secret).not.toBe(sla.secret);
      expect(rotated.eventTypes).toEqual(['sla.*', 'plan.decided']);
      expect((await admin.delete(`/api/v1/webhooks/${sla.id}`)).statusCode).toBe(204);
      expect((await admin.get(`/api/v1/webhooks/${sla.id}`)).statusCode).toBe(404);
      await new Promise((res) => setTimeout(res, 300));
      expect(r.hooks).toHaveLength(1);
    } finally {
      await r.close();
    }
  });

  it('refuses unsafe or malformed endpoints and non-admins', async () => {
    const bad = async (body: Record<string, unknown>, code: string) => {
      const res = await admin.post('/api/v1/webhooks', { eventTypes: ['*'], ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe(code);
    };
    await bad({ url: 'ftp://example.com/hook' }, 'webhook_url_scheme');
    await bad({ url: 'file:///etc/passwd' }, 'webhook_url_scheme');
    await bad({ url: 'https://user:pass@example.com/hook' }, 'webhook_url_credentials');
    await bad({ url: 'http://169.254.169.254/latest/meta-data' }, 'webhook_url_unsafe_host');
    await bad({ url: 'http://[fe80::1]/x' }, 'webhook_url_unsafe_host');
    await bad({ url: 'not a url' }, 'webhook_url_invalid');
    await bad({ url: 'https://example.com/hook', secret: 'aaaaaaaaaaaaaaaaaaaa' }, 'webhook_secret_weak');
    await bad({ url: 'https://example.com/hook', secret: 'short' }, 'validation_failed');
    await bad({ url: 'https://example.com/hook', eventTypes: ['Complaint Created'] }, 'validation_failed');
    await bad({ url: 'https://example.com/hook', eventTypes: [] }, 'validation_failed');
    const ok = (await admin.post('/api/v1/webhooks', { url: 'https://example.com/hook', eventTypes: ['*'] })).json();
    const patch = await admin.patch(`/api/v1/webhooks/${ok.id}`, { url: 'gopher://example.com' });
    expect(patch.json().code).toBe('webhook_url_scheme');

    expect((await handler.get('/api/v1/webhooks')).statusCode).toBe(403);
    expect((await handler.post('/api/v1/webhooks', { url: 'https://example.com/x', eventTypes: ['*'] })).statusCode).toBe(403);
    expect((await handler.get(`/api/v1/webhooks/${ok.id}/deliveries`)).statusCode).toBe(403);
    expect((await admin.get('/api/v1/webhooks/nope/deliveries')).statusCode).toBe(404);
  });
});
