// Open311 GeoReport v2 at /open311/v2 (http://wiki.open311.org/GeoReport_v2): discovery, services,
// service definitions, requests (POST with an api_key, GET with the spec's filters, by id) and tokens,
// each in JSON or XML by the URL's extension. Outside /api/v1: no session or bearer — reads are public
// (they never carry personal data) and a POST names its partner key in `api_key`, an API token with
// the open311.submit scope. Errors are the spec's [{code, description}] lists, not problem+json.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { can, type Actor } from '../../platform/auth/actor.js';
import { actorFromApiToken } from '../../platform/auth/sessions.js';
import { sha256 } from '../../platform/auth/tokens.js';
import { AppError } from '../../platform/http/problem.js';
import { installFormParser, FORM_TYPE } from './open311.form.js';
import { formatOfUrl, Open311Error, sendErrors, sendList, sendObject } from './open311.format.js';
import { OPEN311_POSTS_PER_MINUTE, reserveSubmission } from './open311.rate.js';
import { Open311Service } from './open311.service.js';
import {
  CreatedList,
  CreateRequestBody,
  DiscoveryOut,
  ErrorList,
  FormatParams,
  LocaleQuery,
  open311Responses,
  RequestList,
  RequestParams,
  RequestsQuery,
  ServiceDefinitionOut,
  ServiceList,
  ServiceParams,
  TokenList,
  TokenParams,
} from './open311.schema.js';

export const OPEN311_PREFIX = '/open311/v2';
const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery's changeset). */
const CHANGESET = '2026-12-05T00:00:00Z';

declare module 'fastify' {
  interface FastifyRequest {
    open311Key?: { actor: Actor; tokenId: string };
  }
}

export interface Open311Options {
  /** Submissions per api_key per minute (default OPEN311_POSTS_PER_MINUTE). */
  postsPerMinute?: number;
}

/** Registered at the root with `{ prefix: OPEN311_PREFIX }` (app.ts). */
export async function open311Routes(app: FastifyInstance, ctx: AppContext, opts: Open311Options = {}): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const svc = new Open311Service(ctx);
  installFormParser(app);
  app.setErrorHandler((err: FastifyError | Error, req, reply) => renderError(err, req, reply));
  // Unknown paths and methods under the prefix: the spec's 404 list (a hidden catch-all route, so the
  // answer has a declared schema like every other).
  const unknown = (req: FastifyRequest, reply: FastifyReply) => sendErrors(reply, 404, formatOfUrl(req.url), [`No resource ${req.method} ${req.url.split('?')[0]}`]);
  app.setNotFoundHandler(unknown);
  r.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', config: { public: true }, schema: { hide: true, response: open311Responses(404, ErrorList, []) }, handler: unknown });

  const common = { tags: ['open311'], security: [] };
  const config = { public: true };

  r.get('/discovery.:format', { config, schema: { ...common, summary: 'Discovery: this endpoint and its formats', params: FormatParams, response: open311Responses(200, DiscoveryOut, [400, 404]) } }, async (req, reply) => {
    const base = `${req.protocol}://${req.host}${OPEN311_PREFIX}`;
    const formats = ['text/xml', 'application/json'];
    const endpoint = { specification: SPEC, url: base, changeset: CHANGESET, type: 'production' as const, formats };
    const body = {
      changeset: CHANGESET,
      contact: 'The administrators of this Redress instance',
      key_service: 'An administrator issues api_keys: an API token with the open311.submit scope (POST /api/v1/tokens)',
      endpoints: [endpoint],
    };
    if (req.params.format === 'json') return sendObject(reply, 200, 'json', 'discovery', body);
    return sendObject(reply, 200, 'xml', 'discovery', { ...body, endpoints: { endpoint: [{ ...endpoint, formats: { format: formats } }] } });
  });

  r.get('/services.:format', { config, schema: { ...common, summary: 'Services: the categories marked public', params: FormatParams, querystring: LocaleQuery, response: open311Responses(200, ServiceList, [400, 404]) } }, async (req, reply) => {
    return sendList(reply, 200, req.params.format, 'services', 'service', await svc.services(req.query.locale));
  });

  r.get(
    '/services/:service_code.:format',
    { config, schema: { ...common, summary: 'A service definition (its attributes; none defined: an empty list)', params: ServiceParams, querystring: LocaleQuery, response: open311Responses(200, ServiceDefinitionOut, [400, 404]) } },
    async (req, reply) => {
      const def = await svc.definition(req.params.service_code);
      if (req.params.format === 'json') return sendObject(reply, 200, 'json', 'service_definition', def);
      return sendObject(reply, 200, 'xml', 'service_definition', { service_code: def.service_code, attributes: { attribute: def.attributes } });
    },
  );

  const limit = opts.postsPerMinute ?? OPEN311_POSTS_PER_MINUTE;
  r.post(
    '/requests.:format',
    {
      config,
      bodyLimit: 64 * 1024,
      // The api_key is checked (and counted) before the input is validated: a caller without a key learns nothing about it.
      preValidation: async (req) => {
        const key = apiKeyOf(req);
        if (!key) throw new Open311Error(403, 'api_key was not provided');
        const token = await ctx.db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('token_hash', '=', sha256(key)).executeTakeFirst();
        const actor = token && !token.revoked_at ? await actorFromApiToken(ctx.db, key) : undefined;
        if (!token || !actor || !actor.scopes?.includes('open311.submit') || !can(actor, 'open311.submit')) throw new Open311Error(403, 'api_key is invalid, revoked or lacks the open311.submit scope');
        const wait = await reserveSubmission(ctx.db, token.id, limit);
        if (wait > 0) throw new Open311Error(429, `Too many requests for this api_key (${limit} a minute); try again in ${wait} seconds`, wait);
        req.open311Key = { actor, tokenId: token.id };
      },
      schema: {
        ...common,
        summary: 'Submit a service request (creates a complaint, channel open311)',
        description: 'Form-encoded (application/x-www-form-urlencoded) as the spec says, or JSON. `attribute[CODE]` fields are kept with the request.',
        consumes: [FORM_TYPE, 'application/json'],
        params: FormatParams,
        querystring: Type.Object({ api_key: Type.Optional(Type.String({ maxLength: 200, description: 'Accepted here too; the body field wins' })) }),
        body: CreateRequestBody,
        response: open311Responses(201, CreatedList, [400, 403, 404, 413, 415, 429]),
      },
    },
    async (req, reply) => {
      const key = req.open311Key!;
      return sendList(reply, 201, req.params.format, 'service_requests', 'request', await svc.submit(key.actor, key.tokenId, req.body));
    },
  );

  r.get(
    '/requests.:format',
    { config, schema: { ...common, summary: `Service requests (default: the last 90 days; at most 1000, newest first)`, params: FormatParams, querystring: RequestsQuery, response: open311Responses(200, RequestList, [400, 404]) } },
    async (req, reply) => sendList(reply, 200, req.params.format, 'service_requests', 'request', await svc.requests(req.query)),
  );

  r.get(
    '/requests/:service_request_id.:format',
    { config, schema: { ...common, summary: 'One service request by its id (the tracking number)', params: RequestParams, querystring: LocaleQuery, response: open311Responses(200, RequestList, [400, 404]) } },
    async (req, reply) => sendList(reply, 200, req.params.format, 'service_requests', 'request', await svc.request(req.params.service_request_id, req.query.locale)),
  );

  r.get(
    '/tokens/:token.:format',
    { config, schema: { ...common, summary: 'The service_request_id of a token POST returned', params: TokenParams, response: open311Responses(200, TokenList, [400, 404]) } },
    async (req, reply) => sendList(reply, 200, req.params.format, 'service_requests', 'request', await svc.token(req.params.token)),
  );
}

function apiKeyOf(req: FastifyRequest): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? body.api_key : undefined;
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.api_key;
  const key = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : undefined;
  return key?.trim() || undefined;
}

/** Every error of these routes as the spec's list, in the format the URL asked for. */
function renderError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const format = formatOfUrl(req.url);
  if (err instanceof Open311Error) return sendErrors(reply, err.status, format, [err.message], err.retryAfter);
  if (err instanceof AppError && err.status < 500) return sendErrors(reply, err.status, format, [err.message]);
  const fe = err as FastifyError;
  if (fe.validation) {
    const messages = fe.validation.map((v) => {
      if (fe.validationContext === 'params' && v.instancePath === '/format') return 'The format (the URL’s extension) must be json or xml';
      const params = (v.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
      if (params.missingProperty) return `${params.missingProperty} was not provided`;
      if (params.additionalProperty) return `${params.additionalProperty} is not a parameter of this call`;
      const field = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || fe.validationContext || 'request';
      return `${field} ${v.message ?? 'is invalid'}`;
    });
    return sendErrors(reply, 400, format, [...new Set(messages)]);
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendErrors(reply, 413, format, ['The request body is too large']);
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendErrors(reply, 415, format, [`Send ${FORM_TYPE} (or application/json)`]);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendErrors(reply, fe.statusCode, format, [fe.message]);
  req.log.error({ err }, 'open311: unhandled error');
  return sendErrors(reply, 500, format, ['Something went wrong on our side; the error was logged']);
}
