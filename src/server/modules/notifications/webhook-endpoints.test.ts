// Managing webhook endpoints: the signing secret appears only in the answer that sets or rotates it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';

describe('webhook endpoints', () => {
  let env: TestEnv;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    env.config.webhookAllowPrivate = true; // a local receiver address, as REDRESS_WEBHOOK_ALLOW_PRIVATE=1 allows
    admin = await env.client(['admin']);
  });
  afterAll(() => env.close());

  it('shows the secret on creation and on rotation only; reads and other changes never carry it', async () => {
    const created = await admin.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['sla.*'], description: '值班系统' });
    expect(created.statusCode, created.body).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const read = await admin.get(`/api/v1/webhooks/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ id, url: 'http://127.0.0.1:9/hook', eventTypes: ['sla.*'], description: '值班系统', active: true, createdAt: expect.any(String), updatedAt: expect.any(String) });

    const paused = await admin.patch(`/api/v1/webhooks/${id}`, { active: false, description: null });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ active: false, description: null });
    expect(paused.json()).not.toHaveProperty('secret');

    const rotated = await admin.patch(`/api/v1/webhooks/${id}`, { rotateSecret: true });
    expect(rotated.json().secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.json().secret).not.toBe(secret);

    const listed = await admin.get('/api/v1/webhooks');
    expect(listed.json().items.map((w: { id: string }) => w.id)).toContain(id);
    for (const s of [secret, rotated.json().secret]) {
      expect(listed.body).not.toContain(s);
      expect((await admin.get(`/api/v1/webhooks/${id}`)).body).not.toContain(s);
    }
  });

  it('lists no deliveries for an endpoint nothing was sent to', async () => {
    const { id } = (await admin.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/other', eventTypes: ['*'] })).json();
    expect((await admin.get(`/api/v1/webhooks/${id}/deliveries`)).json()).toEqual({ items: [], nextCursor: null });
  });
});
