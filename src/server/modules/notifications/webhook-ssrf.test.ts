import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { startReceiver, waitFor } from './notify.testkit.js';

describe('webhook URL checks', () => {
  let env: TestEnv;
  let admin: TestClient;
  let agent: TestClient;
  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    env.ctx.notify.configure({ webhookRetryBaseMs: 50, webhookTimeoutMs: 2_000 });
    [admin, agent] = await Promise.all([env.client(['admin']), env.client(['intake_agent'])]);
  });
  afterAll(() => env.close());

  const create = (url: string) => admin.post('/api/v1/webhooks', { url, eventTypes: ['*'] });

  it('webhook URL checks refuse the probe’s bypasses: mapped IPv6, trailing-dot metadata names, Alibaba and AWS IPv6 metadata, mapped loopback', async () => {
    for (const url of [
      'http://[::ffff:169.254.169.254]/latest/meta-data',
      'http://[::ffff:a9fe:a9fe]/latest/meta-data',
      'http://metadata.google.internal./computeMetadata/v1/',
      'http://METADATA.google.internal/computeMetadata/v1/',
      'http://100.100.100.200/latest/meta-data',
      'http://[fd00:ec2::254]/latest/meta-data',
      'http://[::ffff:7f00:1]:8080/x',
      'http://2852039166/', // 169.254.169.254 as one number
      'http://0.0.0.0:8080/',
      'http://[::]/',
      'http://127.0.0.1:9/x',
      'http://10.0.0.5:8080/hook',
      'http://[::1]/x',
      'http://localhost:9/x', // a name that resolves to loopback
    ]) {
      const r = await create(url);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
      expect(r.json().code, url).toBe('webhook_url_unsafe_host');
    }
  });

  it('webhook URL checks allow loopback and private receivers only with REDRESS_WEBHOOK_ALLOW_PRIVATE=1, never metadata', async () => {
    env.config.webhookAllowPrivate = true; // the same config object the running context reads
    try {
      expect((await create('http://10.0.0.5:8080/hook')).statusCode).toBe(201);
      expect((await create('http://localhost:9/x')).statusCode).toBe(201);
      expect((await create('http://[::ffff:a9fe:a9fe]/')).json().code).toBe('webhook_url_unsafe_host');
      expect((await create('http://100.100.100.200/')).json().code).toBe('webhook_url_unsafe_host');
    } finally {
      env.config.webhookAllowPrivate = false;
    }
  });

  it('webhook URL checks run again at delivery: a target that became unsafe gets no request, and the refusal is logged', async () => {
    const receiver = await startReceiver();
    try {
      env.config.webhookAllowPrivate = true;
      const hook = (await admin.post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['complaint.created'] })).json();
      env.config.webhookAllowPrivate = false;
      await agent.post('/api/v1/complaints', sampleComplaint());
      const d = await waitFor(async () => {
        const items = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries`)).json().items;
        return items.length >= 1 && items;
      }, 'a logged attempt');
      expect(d[0]).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: .*loopback or private/) });
      expect(receiver.hooks).toHaveLength(0);
      await admin.patch(`/api/v1/webhooks/${hook.id}`, { active: false });
    } finally {
      env.config.webhookAllowPrivate = false;
      await receiver.close();
    }
  });

  it('webhook connections go to the checked address (pinned), whatever the name resolves to later', async () => {
    const { postToTarget } = await import('../../platform/notify/webhook-target.js');
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      // A name that does not resolve at all: only the pinned address can make this connection work.
      const url = new URL(`http://rebinding.invalid:${port}/hooks/redress`);
      const res = await postToTarget({ url, address: '127.0.0.1', family: 4 }, { headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2_000) });
      expect(res.status).toBe(200);
      expect(receiver.hooks[0].headers.host).toBe(`rebinding.invalid:${port}`);
    } finally {
      await receiver.close();
    }
  });
});
