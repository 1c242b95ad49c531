// Scrape-time gauges: the query runs at most once per cache period however often Prometheus
// scrapes, and a failing query keeps the last values and is counted.
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from './registry.js';
import { parsePrometheusText } from './prometheus-parser.testkit.js';

let metrics: Metrics | undefined;
afterEach(() => metrics?.close());

const valueOf = async (m: Metrics, name: string, labels: Record<string, string> = {}) =>
  parsePrometheusText((await m.scrape()).body)
    .flatMap((f) => f.samples)
    .find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('scrapeGauge', () => {
  it('computes once per cache period, then again', async () => {
    metrics = new Metrics({ defaults: false });
    let calls = 0;
    metrics.scrapeGauge({ name: 'test_rows', help: 'rows', labelNames: ['kind'] as const, cacheMs: 300, compute: async () => [{ labels: { kind: 'a' }, value: ++calls }] });
    await metrics.scrape();
    await Promise.all([metrics.scrape(), metrics.scrape(), metrics.scrape()]);
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
    await metrics.scrape();
    expect(calls).toBe(2);
    expect(await valueOf(metrics, 'test_rows', { kind: 'a' })).toBe(2);
  });

  it('keeps the last values when the query fails, and counts the failure', async () => {
    metrics = new Metrics({ defaults: false });
    let fail = false;
    metrics.scrapeGauge({ name: 'test_depth', help: 'depth', cacheMs: 0, compute: async () => (fail ? Promise.reject(new Error('db down')) : [{ value: 7 }]) });
    expect(await valueOf(metrics, 'test_depth')).toBe(7);
    fail = true;
    expect(await valueOf(metrics, 'test_depth')).toBe(7);
    expect(await valueOf(metrics, 'redress_metrics_collect_errors_total', { metric: 'test_depth' })).toBeGreaterThanOrEqual(1);
  });
});
