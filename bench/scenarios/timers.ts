import type { KyselyPlugin } from 'kysely';
import pino from 'pino';
import { enqueue, JobRunner } from '../../src/server/platform/jobs/jobs.js';
import { benchContext, freshDb, pct, resultLine, round, table, type BenchArgs } from '../lib.js';

/** Counts the statements a Kysely instance sends. */
class QueryCounter implements KyselyPlugin {
  n = 0;
  transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
    this.n++;
    return args.node;
  }
  async transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
    return args.result;
  }
}

/**
 * N durable jobs (platform/jobs enqueue) due over the next ~60 s (scaled with N above 100,000), a
 * no-op handler recording lateness = now − run_at, one JobRunner with default options.
 */
export async function timers(args: BenchArgs, print: (s: string) => void) {
  const n = args.size ?? 100_000;
  const spreadMs = 60_000 * Math.max(1, n / 100_000);
  const db = await freshDb(args.db, args.pgUrl);
  const ctx = await benchContext(db);
  try {
    // Enqueue with run_at relative to 0, then shift them all to start 2 s after the enqueue finished,
    // so the time spent enqueueing does not count as lateness.
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1000) {
      await ctx.db.transaction().execute(async (trx) => {
        for (let k = i; k < Math.min(n, i + 1000); k++) await enqueue(trx, { type: 'bench.noop', payload: { k }, runAt: Math.floor((k / n) * spreadMs) }, 0);
      });
    }
    const enqueueS = (performance.now() - t0) / 1000;
    const start = Date.now() + 2000;
    await ctx.db.updateTable('jobs').set((eb) => ({ run_at: eb('run_at', '+', start) })).where('type', '=', 'bench.noop').execute();
    print(`enqueued ${n} jobs in ${round(enqueueS)} s (${Math.round(n / enqueueS)}/s); due over ${spreadMs / 1000} s`);

    const counter = new QueryCounter();
    const runner = new JobRunner(ctx.db.withPlugin(counter), ctx.dialect, pino({ level: 'warn' }));
    const late: number[] = [];
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    runner.register('bench.noop', async (_payload, job) => {
      late.push(Date.now() - Number(job.run_at));
      if (late.length === n) resolveDone();
    });
    const q0 = counter.n;
    runner.start();
    const deadline = spreadMs + 180_000;
    await Promise.race([done, new Promise((r) => setTimeout(r, deadline))]);
    const runS = (Date.now() - start) / 1000;
    const queries = counter.n - q0;
    const claims = runner.metrics.claimQueries;
    await runner.stop();
    late.sort((a, b) => a - b);
    const f = { jobs: n, ran: late.length, p50_ms: pct(late, 50), p99_ms: pct(late, 99), max_ms: late[late.length - 1] ?? NaN, claims, jobs_per_claim: round(late.length / Math.max(1, claims)), queries, queries_per_s: Math.round(queries / runS) };
    print(table([f]));
    if (late.length < n) print(`only ${late.length} of ${n} ran within ${deadline / 1000} s`);
    return { data: { ...f, spreadMs, enqueueSeconds: round(enqueueS), runSeconds: round(runS) }, line: resultLine('timers', { db: args.db, n, ran: late.length, p50_late_ms: f.p50_ms, p99_late_ms: f.p99_ms, max_late_ms: f.max_ms, jobs_per_claim: f.jobs_per_claim, queries_per_s: f.queries_per_s }) };
  } finally {
    await ctx.close();
    await db.drop();
  }
}
