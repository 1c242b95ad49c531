// The signed push endpoint for crawlers and social-media gateways: POST /api/v1/opinion/mentions with
// X-Redress-Source (the push source's id), X-Redress-Timestamp (Unix seconds) and X-Redress-Signature
// = sha256=HMAC(source secret, "<timestamp>.<raw body>") — the outbound webhooks' scheme. A timestamp
// outside ±5 minutes is refused (a replay); a replay inside the window changes nothing (URL/guid dedupe).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/http/problem.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from '../../platform/notify/webhooks.js';
import { ingestMentions } from './mention.ingest.js';
import { PushBody, PushOut } from './mention.schema.js';
import { pushSecret } from './source.service.js';

export const SOURCE_HEADER = 'x-redress-source';
export const MAX_SKEW_S = 300;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function pushRoutes(api: FastifyInstance, ctx: AppContext): Promise<void> {
  // Its own scope: the signature is over the exact bytes, so this scope's JSON parser keeps them.
  await api.register(async (scope) => {
    const raw = new WeakMap<FastifyRequest, string>();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 16 * 1024 * 1024 }, (req, body, done) => {
      try {
        const text = utf8.decode(body as Buffer);
        const parsed: unknown = JSON.parse(text);
        raw.set(req, text);
        done(null, parsed);
      } catch {
        done(new AppError(400, 'malformed_json', 'The request body is not valid UTF-8 JSON'), undefined);
      }
    });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    r.post(
      '/opinion/mentions',
      {
        // Public: the gateway proves itself with the signature, not a session or token.
        config: { public: true, errors: [401] },
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          tags: ['opinion'],
          summary: 'Push a batch of mentions (up to 1,000) from a crawler or gateway, signed with the push source’s secret; each is deduplicated by URL and guid, scored and matched against the watchlists',
          body: PushBody,
          response: { 200: PushOut },
        },
        preValidation: async (req) => {
          const sourceId = String(req.headers[SOURCE_HEADER] ?? '');
          const ts = String(req.headers[TIMESTAMP_HEADER] ?? '');
          if (!/^\d{1,12}$/.test(ts)) throw new AppError(400, 'invalid_timestamp', `${TIMESTAMP_HEADER} must be Unix seconds`);
          if (Math.abs(Date.now() / 1000 - Number(ts)) > MAX_SKEW_S) throw new AppError(401, 'stale_timestamp', `The timestamp is more than ${MAX_SKEW_S} s away from the server's clock`);
          const secret = sourceId && sourceId.length <= 64 ? await pushSecret(ctx, sourceId) : undefined;
          const sig = req.headers[SIGNATURE_HEADER];
          if (!secret || !verify(secret, ts, raw.get(req) ?? '', typeof sig === 'string' ? sig : undefined)) {
            throw new AppError(401, 'invalid_signature', 'The batch is not signed with the secret of an enabled push source');
          }
        },
      },
      async (req) => {
        const sourceId = String(req.headers[SOURCE_HEADER]);
        const results = await ingestMentions(ctx, { sourceId, kind: 'push', actorId: null }, req.body.mentions);
        const created = results.filter((x) => x.status === 'created').length;
        return { created, duplicates: results.length - created, results };
      },
    );
  });
}
