// GET /metrics (Prometheus text format). Never open by default: it is served only with a bearer
// token (REDRESS_METRICS_TOKEN, checked in constant time), or on a separate port
// (REDRESS_METRICS_PORT, its own listener, bound to REDRESS_METRICS_HOST — 127.0.0.1 by default)
// that the firewall keeps to the monitoring network; with both, the separate port asks for the
// token too. With neither, there is no /metrics.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problem, sendProblem } from '../http/problem.js';
import type { Metrics } from './registry.js';

export interface MetricsEndpointOptions {
  token?: string;
  port?: number;
  host?: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the Authorization header carries the token (digests compared in constant time). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return !!m && timingSafeEqual(digest(m[1]), digest(token));
}

export interface MetricsListener {
  /** The separate listener's address once it listens (tests use port 0). */
  address(): AddressInfo | undefined;
}

export function installMetricsEndpoint(app: FastifyInstance, metrics: Metrics, opts: MetricsEndpointOptions): MetricsListener {
  let server: http.Server | undefined;
  if (opts.port !== undefined) {
    const token = opts.token;
    server = http.createServer((req, res) => {
      const send = (status: number, type: string, body: string) => res.writeHead(status, { 'content-type': type }).end(body);
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return send(404, 'text/plain; charset=utf-8', 'not found\n');
      if (token && !tokenMatches(req.headers.authorization, token)) return send(401, 'text/plain; charset=utf-8', 'unauthorized\n');
      metrics.scrape().then(
        (m) => send(200, m.contentType, m.body),
        () => send(500, 'text/plain; charset=utf-8', 'scrape failed\n'),
      );
    });
    const srv = server;
    app.addHook('onListen', async () => {
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
      });
      app.log.info({ address: srv.address() }, 'metrics listener');
    });
    app.addHook('onClose', async () => {
      if (!srv.listening) return;
      const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
      srv.closeAllConnections();
      await closed;
    });
  } else if (opts.token) {
    const token = opts.token;
    app.get(
      '/metrics',
      {
        config: { public: true },
        schema: {
          tags: ['ops'],
          summary: 'Prometheus metrics (text format); needs `Authorization: Bearer <REDRESS_METRICS_TOKEN>`',
          produces: ['text/plain'],
          response: { 200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }) },
        },
      },
      async (req: FastifyRequest, reply) => {
        if (!tokenMatches(req.headers.authorization, token)) return sendProblem(reply, problem(401, 'metrics_token_required', 'A valid metrics bearer token is required'));
        const m = await metrics.scrape();
        return reply.type(m.contentType).send(m.body);
      },
    );
  }
  return { address: () => (server?.listening ? (server.address() as AddressInfo) : undefined) };
}
