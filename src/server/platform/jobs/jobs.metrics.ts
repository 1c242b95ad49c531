// The scheduler's metrics: queue depth by status and lane (a grouped count at scrape time, cached),
// dead jobs, and how late attempts start after they were due.
import { sql } from 'kysely';
import { Counter } from 'prom-client';
import type { Db } from '../db/index.js';
import type { Metrics } from '../metrics/registry.js';
import type { JobRunner } from './runner.js';

const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export function registerJobMetrics(metrics: Metrics, runner: JobRunner, db: Db, cacheMs?: number): void {
  let byStatus: Array<{ type: string; status: string; n: number }> = [];
  metrics.scrapeGauge({
    name: 'redress_jobs',
    help: 'Unfinished jobs in the database (all instances), by status (pending, running, dead) and lane',
    labelNames: ['status', 'lane'] as const,
    cacheMs,
    async compute() {
      const r = await sql<{ type: string; status: string; n: unknown }>`
        SELECT type, status, count(*) AS n FROM jobs WHERE status IN ('pending', 'running', 'dead') GROUP BY type, status`.execute(db);
      byStatus = r.rows.map((x) => ({ type: x.type, status: x.status, n: Number(x.n) }));
      const out = new Map<string, { labels: Record<string, string>; value: number }>();
      for (const status of ['pending', 'running', 'dead']) for (const lane of ['core', 'outbound']) out.set(`${status}/${lane}`, { labels: { status, lane }, value: 0 });
      for (const x of byStatus) out.get(`${x.status}/${runner.laneOfType(x.type)}`)!.value += x.n;
      return [...out.values()];
    },
  });
  metrics.scrapeGauge({
    name: 'redress_jobs_due',
    help: 'Pending jobs already due (run_at passed) and not yet claimed: the backlog',
    cacheMs,
    async compute() {
      const r = await sql<{ n: unknown }>`SELECT count(*) AS n FROM jobs WHERE status = 'pending' AND run_at <= ${runner.now()}`.execute(db);
      return [{ value: Number(r.rows[0]?.n ?? 0) }];
    },
  });
  metrics.scrapeGauge({
    name: 'redress_jobs_dead',
    help: 'Jobs out of attempts, waiting for an admin (Jobs page: retry), by type',
    labelNames: ['type'] as const,
    cacheMs,
    async compute() {
      const r = await sql<{ type: string; n: unknown }>`SELECT type, count(*) AS n FROM jobs WHERE status = 'dead' GROUP BY type`.execute(db);
      return r.rows.map((x) => ({ labels: { type: x.type }, value: Number(x.n) }));
    },
  });
  const lateness = metrics.histogram('redress_job_lateness_seconds', 'How late a job attempt started after it was due (start − run_at), by lane, on this instance', ['lane'], LATENESS_BUCKETS);
  runner.observe({ started: (_job, lane, ms) => lateness.observe({ lane }, ms / 1000) });
  // The runner's own tallies, as a counter: each scrape adds what happened since the last.
  const seen: Record<string, number> = {};
  const outcomes = { done: () => runner.metrics.done, failed: () => runner.metrics.failed, dead: () => runner.metrics.dead, timed_out: () => runner.metrics.timedOut };
  new Counter({
    name: 'redress_job_attempts_total',
    help: 'Job attempts finished by this instance since it started, by outcome (done, failed, dead, timed_out)',
    labelNames: ['outcome'],
    registers: [metrics.registry],
    collect() {
      for (const [outcome, read] of Object.entries(outcomes)) {
        const now = read();
        this.inc({ outcome }, Math.max(0, now - (seen[outcome] ?? 0)));
        seen[outcome] = now;
      }
    },
  });
}
