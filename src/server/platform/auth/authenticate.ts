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
    /** The permission every caller of the route needs; checked before the input is validated. */
    permission?: Permission;
  }
  interface FastifyInstance {
    /** Every /api route with what it declared (the authorization matrix test walks them). */
    apiRoutes: ApiRoute[];
  }
}

export interface ApiRoute {
  method: string;
  url: string;
  permission?: Permission;
  public?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every /api/v1 request: a Bearer API token, else the session cookie. Cookie-authenticated
 * writes must echo the session's CSRF token in X-CSRF-Token (tokens sent by header are not
 * ambient credentials, so they need none).
 */
export function installAuthentication(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', undefined);
  // Every API route says who may call it (a permission, or public): one that says nothing does not start.
  const routes: ApiRoute[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const { permission, public: isPublic } = route.config ?? {};
    if (!permission && !isPublic) throw new Error(`${String(route.method)} ${route.url} declares neither config.permission nor config.public`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, permission, public: isPublic });
  });
  // Before validation, so a caller without the permission learns nothing about the input's shape.
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config?.public || !req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const actor = m ? await actorFromApiToken(db, m[1]) : undefined;
      if (!actor) throw new AppError(401, 'invalid_token', 'The API token is invalid, revoked or malformed');
      req.actor = actor;
    } else {
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
    }
    const permission = req.routeOptions.config?.permission;
    if (permission && !can(req.actor, permission)) throw forbidden(`Your role may not ${permission}`);
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

/**
 * The actor, if they hold the permission; 403 otherwise. A route's own permission goes in its
 * config (checked by the hook above); this is for a further permission some input asks for.
 */
export function requirePermission(req: FastifyRequest, permission: Permission): Actor {
  const actor = actorOf(req);
  if (!can(actor, permission)) throw forbidden(`Your role may not ${permission}`);
  return actor;
}
