import { createTestEnv } from '../../src/server/test/harness.js';
import { hungOutbound } from '../../src/server/faults/hung-outbound.js';
import { pct, resultLine, table, type BenchArgs } from '../lib.js';

/**
 * The engine under a fault: 100 webhook endpoints that accept and never answer and an SMTP server
 * that never greets (src/server/faults/hung-outbound.ts, the same scenario as its test). After a
 * flood of complaints has filled the outbound lane with hung deliveries, `--size` complaints
 * (default 10) are created one by one; it measures how late `complaint.created` reaches an SSE stream
 * (from the 201) and how late each complaint's SLA warning and breach fire (the sla.* event's
 * instant) and reach the event subscribers (`_delivered_`), from the clock's warn/due instants
 * (first response due 3 s after receipt, warned at 1.5 s).
 */
export async function faults(args: BenchArgs, print: (s: string) => void) {
  // A fresh test environment (SQLite file, or a schema in the --pg-url database).
  const saved = process.env.TEST_DATABASE_URL;
  if (args.db === 'postgres') process.env.TEST_DATABASE_URL = args.pgUrl;
  else delete process.env.TEST_DATABASE_URL;
  const env = await createTestEnv({ startJobs: true });
  try {
    env.config.webhookAllowPrivate = true;
    const dept = await env.department();
    const [admin, agent, handler] = await Promise.all([env.client(['admin']), env.client(['intake_agent']), env.client(['handler'], [dept])]);
    const baseUrl = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const r = await hungOutbound({ ctx: env.ctx, baseUrl, admin, agent, sseHeaders: { cookie: `redress_session=${handler.session!.cookie}` }, departmentId: dept, rounds: args.size ?? 10 });
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const sse = sorted(r.sseLateMs);
    const warn = sorted(r.warnLateMs);
    const breach = sorted(r.breachLateMs);
    const f = {
      endpoints: r.endpoints,
      outbound_hung: r.outboundActive,
      webhook_jobs_waiting: r.webhookJobsWaiting,
      sse_p50_ms: pct(sse, 50),
      sse_max_ms: sse.at(-1)!,
      sla_warn_p50_ms: pct(warn, 50),
      sla_warn_max_ms: warn.at(-1)!,
      sla_breach_p50_ms: pct(breach, 50),
      sla_breach_max_ms: breach.at(-1)!,
      sla_warn_delivered_max_ms: Math.max(...r.warnDeliveredLateMs),
      sla_breach_delivered_max_ms: Math.max(...r.breachDeliveredLateMs),
    };
    print(table([f]));
    const max = Math.max(f.sse_max_ms, f.sla_warn_max_ms, f.sla_breach_max_ms, f.sla_warn_delivered_max_ms, f.sla_breach_delivered_max_ms);
    return { data: { ...f, sseLateMs: r.sseLateMs, warnLateMs: r.warnLateMs, breachLateMs: r.breachLateMs }, line: resultLine('faults', { db: args.db, n: sse.length, ...f, max_late_ms: max }) };
  } finally {
    await env.close();
    if (saved === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = saved;
  }
}
