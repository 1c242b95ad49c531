// Fault: every webhook endpoint and the mail server hang. Events, SSE and SLA timers run on the
// core lane and must not wait for them (on the old batch runner they waited up to the 10 s webhook
// timeout behind every claimed set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { hungOutbound } from './hung-outbound.js';

describe('faults: 100 webhook endpoints and an SMTP server that never answer', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    env.config.webhookAllowPrivate = true;
  });
  afterAll(() => env?.close());

  it('SLA timers still fire and complaint.created still reaches SSE on time while every delivery hangs', async () => {
    const dept = await env.department();
    const [admin, agent, handler] = await Promise.all([env.client(['admin']), env.client(['intake_agent']), env.client(['handler'], [dept])]);
    const baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const r = await hungOutbound({ ctx: env.ctx, baseUrl, admin, agent, sseHeaders: { cookie: `redress_session=${handler.session!.cookie}` }, departmentId: dept, rounds: 3 });
    console.log(`hung outbound: SSE ${r.sseLateMs.join('/')} ms; warning fired ${r.warnLateMs.join('/')}, delivered ${r.warnDeliveredLateMs.join('/')} ms; breach fired ${r.breachLateMs.join('/')}, delivered ${r.breachDeliveredLateMs.join('/')} ms late; ${r.outboundActive} outbound jobs hung, ${r.hungConnections} connections held`);
    // They ran while the deliveries hung:
    expect(r.outboundActive).toBeGreaterThan(0);
    expect(r.hungConnections).toBeGreaterThanOrEqual(50);
    expect(r.webhookJobsWaiting).toBeGreaterThanOrEqual(100);
    for (const late of [...r.sseLateMs, ...r.warnLateMs, ...r.breachLateMs, ...r.warnDeliveredLateMs, ...r.breachDeliveredLateMs]) expect(late).toBeLessThanOrEqual(1_000);
  }, 90_000);
});
