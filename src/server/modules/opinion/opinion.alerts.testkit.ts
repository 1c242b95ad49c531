// Test helpers for the alert suites: a signed push of a batch, waiting for the jobs, moving the faked clock.
import { vi } from 'vitest';
import type { TestEnv } from '../../test/harness.js';
import { sign } from '../../platform/notify/webhooks.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function settle(env: TestEnv, timeoutMs = 20_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    env.ctx.jobs.kick();
    await sleep(15);
    const busy = await env.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', Date.now())])]))
      .executeTakeFirstOrThrow();
    if (Number(busy.n) === 0) return;
    if (performance.now() > until) throw new Error(`jobs did not settle: ${JSON.stringify(await env.ctx.db.selectFrom('jobs').select(['type', 'status', 'run_at', 'attempts', 'last_error']).where('status', 'in', ['running', 'pending']).execute())} now=${Date.now()}`);
  }
}

/** Moves the faked clock to `at` and lets the due jobs (window ticks, events) run. */
export async function advanceTo(env: TestEnv, at: number): Promise<void> {
  vi.setSystemTime(at);
  await settle(env);
}

export async function push(env: TestEnv, source: { id: string; secret: string }, mentions: unknown[]): Promise<{ created: number }> {
  let created = 0;
  for (let i = 0; i < mentions.length; i += 1000) {
    const raw = JSON.stringify({ mentions: mentions.slice(i, i + 1000) });
    const ts = String(Math.floor(Date.now() / 1000));
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/opinion/mentions',
      payload: raw,
      headers: { 'content-type': 'application/json', 'x-redress-source': source.id, 'x-redress-timestamp': ts, 'x-redress-signature': sign(source.secret, ts, raw) },
    });
    if (r.statusCode !== 200) throw new Error(`push failed: ${r.statusCode} ${r.body}`);
    created += (r.json() as { created: number }).created;
  }
  return { created };
}

export const MIN5 = 5 * 60_000;
