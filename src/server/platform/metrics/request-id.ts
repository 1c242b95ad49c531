// Request ids: an incoming X-Request-Id is kept when it is well-formed (a proxy's or a client's id),
// otherwise a new one is made; it is Fastify's req.id (so on every request log line), echoed in the
// response's X-Request-Id, and current (request-context.ts) while the request is handled.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { withRequestId } from './request-context.js';

const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Fastify's genReqId: the caller's X-Request-Id when well-formed (1–128 of A–Z a–z 0–9 . _ : -), else a UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}

export function installRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    // The rest of the request's hooks and its handler run inside the context.
    withRequestId(req.id, done);
  });
}
