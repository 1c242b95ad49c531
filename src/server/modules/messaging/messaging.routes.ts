// The gateway's delivery receipts: POST /api/v1/messaging/receipts, signed like the messages it gets
// (X-Redress-Timestamp, X-Redress-Signature = sha256=HMAC(secret, "<timestamp>.<raw body>")).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { AppError, notFound } from '../../platform/http/problem.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from '../../platform/notify/webhooks.js';
import * as repo from './message.repo.js';
import type { MessagingService } from './message.service.js';
import { ReceiptBody, ReceiptOut } from './messaging.schema.js';

/** A receipt older (or newer) than this is refused: a replayed request. */
const MAX_SKEW_S = 300;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function messagingRoutes(api: FastifyInstance, ctx: AppContext, service: MessagingService): Promise<void> {
  // Its own scope: the signature is over the exact bytes, so this scope's JSON parser keeps them.
  await api.register(async (scope) => {
    const raw = new WeakMap<FastifyRequest, string>();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
      let text: string;
      try {
        text = utf8.decode(body as Buffer);
        const parsed: unknown = JSON.parse(text);
        raw.set(req, text);
        done(null, parsed);
      } catch {
        done(new AppError(400, 'malformed_json', 'The request body is not valid UTF-8 JSON'), undefined);
      }
    });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    r.post(
      '/messaging/receipts',
      {
        // Public: the gateway proves itself with the signature, not a session or token.
        config: { public: true, errors: [401, 404] },
        schema: { tags: ['messaging'], summary: 'Delivery receipt from the SMS/WeChat gateway (signed): queued, sent, delivered or failed', body: ReceiptBody, response: { 200: ReceiptOut } },
        preValidation: async (req) => {
          const secret = ctx.config.messageGatewaySecret;
          // Without a gateway the route does not exist (404, not a 5xx: nothing is wrong with the server).
          if (!ctx.config.messageGatewayUrl || !secret) throw new AppError(404, 'gateway_not_configured', 'No SMS/WeChat gateway is configured');
          const ts = String(req.headers[TIMESTAMP_HEADER] ?? '');
          const sig = req.headers[SIGNATURE_HEADER];
          const body = raw.get(req) ?? '';
          if (!/^\d{1,12}$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > MAX_SKEW_S || !verify(secret, ts, body, typeof sig === 'string' ? sig : undefined)) {
            throw new AppError(401, 'invalid_signature', 'The receipt is not signed with the gateway secret, or its timestamp is too old');
          }
        },
      },
      async (req) => {
        const m = await repo.getMessage(ctx.db, req.body.messageId);
        if (!m || m.channel === 'email' || m.channel === 'portal') throw notFound('Message');
        const status = await service.settle(m, req.body.status, { error: req.body.error, via: 'receipt' });
        if (status !== m.status) ctx.events.flush();
        return { messageId: m.id, status };
      },
    );
  });
}
