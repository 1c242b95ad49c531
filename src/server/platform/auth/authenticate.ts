import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../../shared/permissions.js';
import type { Db } from '../db/index.js';
import { AppError, forbidden, unauthorized } from '../http/problem.js';
import { can, type Actor } from './actor.js';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (login, health, public docs). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every /api/v1 request: a Bearer API token, else the session cookie. Cookie-authenticated
 * writes must echo the session's CSRF token in X-CSRF-Token (tokens sent by header are not
 * ambient credentials, so they need none).
 */
export function installAuthentication(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', undefined);
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.config?.public || !req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const actor = m ? await actorFromApiToken(db, m[1]) : undefined;
      if (!actor) throw new AppError(401, 'invalid_token', 'The API token is invalid, revoked or malformed');
      req.actor = actor;
      return;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    const actor = cookie ? await actorFromSession(db, cookie) : undefined;
    if (!actor) throw new AppError(401, 'unauthenticated', 'Sign in first (session missing or expired)');
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, actor.csrfToken ?? '')) {
        throw new AppError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header');
      }
    }
    req.actor = actor;
  });
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** The signed-in actor, or 401. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** The actor, if they hold the permission; 403 otherwise. */
export function requirePermission(req: FastifyRequest, permission: Permission): Actor {
  const actor = actorOf(req);
  if (!can(actor, permission)) throw forbidden(`Your role may not ${permission}`);
  return actor;
}
