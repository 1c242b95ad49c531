import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * Security headers on every response (@fastify/helmet): a CSP the web app passes without violations —
 * scripts only from this origin (no inline or eval'd script), styles may be inline (Ant Design injects
 * style tags), no framing by other sites — no Referer to other sites, and HSTS when served over HTTPS
 * (REDRESS_SECURE_COOKIES=1). API answers hold personal data or depend on who asks: never cached.
 */
export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // The web app loads nothing cross-origin that would need these relaxed.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    hsts: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // API answers are private; a public route may say otherwise (the public notice page: a minute).
    if (req.url.startsWith('/api/') && !(reply.routeOptions.config?.public && reply.hasHeader('cache-control'))) reply.header('cache-control', 'no-store');
    return payload;
  });
}
