// The metrics registry of one process (prom-client): Node's default metrics (event-loop lag, heap,
// RSS, CPU, GC) plus whatever the modules register at the composition root. Mechanism only: it knows
// no domain; a module names its own metrics (redress_<area>_…) and says what they mean.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

export interface ScrapeGaugeOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  /** Computes the current values (a cheap query); run at most once per `cacheMs` however often it is scraped. */
  compute: () => Promise<Sample[]>;
  /** Default 10 s. */
  cacheMs?: number;
}

export class Metrics {
  readonly registry = new Registry();
  private closers: Array<() => void> = [];

  constructor(opts: { defaults?: boolean } = {}) {
    // Event-loop lag is sampled with monitorEventLoopDelay at this resolution (ms).
    if (opts.defaults !== false) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return (this.registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return (this.registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return (this.registry.getSingleMetric(name) as Histogram<L> | undefined) ?? new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** A gauge read from in-process state at scrape time (open streams, pool connections). */
  liveGauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Sample[]): Gauge<L> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const s of read()) this.set((s.labels ?? {}) as Partial<Record<L, string>>, s.value);
      },
    });
  }

  /**
   * A gauge computed by a query at scrape time, cached for `cacheMs` so frequent scrapes (or several
   * Prometheus servers) cost one query per period. A failing query keeps the last values and is
   * reported by redress_metrics_collect_errors_total.
   */
  scrapeGauge<L extends string>(opts: ScrapeGaugeOptions<L>): Gauge<L> {
    const cacheMs = opts.cacheMs ?? 10_000;
    const errors = this.counter('redress_metrics_collect_errors_total', 'Scrape-time queries that failed (the gauge kept its last values)', ['metric']);
    let last: Sample[] = [];
    let at = -Infinity;
    let running: Promise<void> | undefined;
    const refresh = () =>
      (running ??= opts
        .compute()
        .then((samples) => {
          last = samples;
          at = Date.now();
        })
        .catch(() => errors.inc({ metric: opts.name }))
        .finally(() => (running = undefined)));
    return new Gauge({
      name: opts.name,
      help: opts.help,
      labelNames: opts.labelNames ?? [],
      registers: [this.registry],
      async collect() {
        if (Date.now() - at >= cacheMs) await refresh();
        this.reset();
        for (const s of last) this.set((s.labels ?? {}) as Partial<Record<L, string>>, s.value);
      },
    });
  }

  /** Something to undo when the process's context closes (a subscription). */
  onClose(fn: () => void): void {
    this.closers.push(fn);
  }

  /** The Prometheus text exposition. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    for (const fn of this.closers.splice(0)) fn();
    this.registry.clear();
  }
}
