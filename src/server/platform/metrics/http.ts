// HTTP latency per route pattern (the route as declared, `/api/v1/complaints/:id`, never the raw URL,
// so ids never become label values), method and status.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from './registry.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function installHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  const duration = metrics.histogram('redress_http_request_duration_seconds', 'Time from request to response, by route pattern, method and status', ['route', 'method', 'status_code', 'status_class'], BUCKETS);
  app.addHook('onResponse', (req, reply, done) => {
    // Unknown paths share one label value, whatever they were.
    const route = req.routeOptions.url ?? 'unmatched';
    const code = reply.statusCode;
    duration.observe({ route, method: req.method, status_code: String(code), status_class: `${Math.floor(code / 100)}xx` }, reply.elapsedTime / 1000);
    done();
  });
}
