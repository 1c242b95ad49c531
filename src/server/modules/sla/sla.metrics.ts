// SLA clocks at warning or breached right now (open clocks: running or paused), by kind: one grouped
// count over the (state, status) index at scrape time, cached so frequent scrapes cost one query.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Metrics } from '../../platform/metrics/registry.js';

export function registerSlaMetrics(metrics: Metrics, db: Db, cacheMs?: number): void {
  metrics.scrapeGauge({
    name: 'redress_sla_clocks',
    help: 'Open SLA clocks (running or paused) at warning or breached, by clock kind and status',
    labelNames: ['kind', 'status'] as const,
    cacheMs,
    async compute() {
      const r = await sql<{ kind: string; status: string; n: unknown }>`
        SELECT kind, status, count(*) AS n FROM sla_clocks
        WHERE state IN ('running', 'paused') AND status IN ('warning', 'breached') GROUP BY kind, status`.execute(db);
      const out = new Map<string, { labels: Record<string, string>; value: number }>();
      for (const kind of ['signFor', 'firstResponse', 'updateCadence', 'resolution']) for (const status of ['warning', 'breached']) out.set(`${kind}/${status}`, { labels: { kind, status }, value: 0 });
      for (const x of r.rows) out.set(`${x.kind}/${x.status}`, { labels: { kind: x.kind, status: x.status }, value: Number(x.n) });
      return [...out.values()];
    },
  });
}
