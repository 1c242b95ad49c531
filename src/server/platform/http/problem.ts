import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The one application error. Routes and services throw it; the error handler renders RFC 9457. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, extra?: Record<string, unknown>) => new AppError(400, code, message, extra);
export const unauthorized = (message = 'Authentication required') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, extra?: Record<string, unknown>) => new AppError(409, code, message, extra);

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  [k: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  414: 'URI Too Long',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://redress.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  // RFC 9110: a 429 or 503 that knows when to come back says so in the header too.
  if (typeof p.retryAfter === 'number') reply.header('retry-after', String(p.retryAfter));
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}

/**
 * Errors Fastify's router answers before any hook or error handler runs (a path that does not
 * percent-decode, a path parameter over `maxParamLength`): without this they left as Fastify's own
 * JSON with an upper-case FST_ code. Passed as the `frameworkErrors` constructor option (app.ts).
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_BAD_URL') sendProblem(reply, problem(400, 'bad_url', 'The path is not a valid URL (bad percent-encoding)'));
  else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') sendProblem(reply, problem(414, 'path_parameter_too_long', 'A path parameter is too long'));
  else sendProblem(reply, problem(err.statusCode && err.statusCode < 500 ? err.statusCode : 400, (err.code ?? 'bad_request').toLowerCase(), err.message));
}

/**
 * Maps every error — ours, Fastify's and unexpected ones — to problem+json. `notFound: false` leaves
 * unknown routes to the caller (Fastify takes one not-found handler per instance).
 */
export function installErrorHandling(app: FastifyInstance, opts: { notFound?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return sendProblem(reply, problem(err.status, err.code, err.message, err.extra));
    const fe = err as FastifyError;
    if (fe.validation) {
      const errors = fe.validation.map((v) => ({
        path: `${fe.validationContext ?? ''}${v.instancePath || ''}${v.params && 'missingProperty' in v.params ? `/${String(v.params.missingProperty)}` : ''}${v.params && 'additionalProperty' in v.params ? `/${String(v.params.additionalProperty)}` : ''}`,
        message: v.message ?? 'is invalid',
      }));
      return sendProblem(reply, problem(400, 'validation_failed', errors.map((e) => `${e.path} ${e.message}`).join('; '), { errors }));
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, problem(400, 'malformed_json', 'The request body is not valid JSON'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, problem(413, 'payload_too_large', 'The request body is too large'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, problem(415, 'unsupported_media_type', 'Send JSON (application/json)'));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, problem(400, 'bad_content_length', 'Content-Length does not match the body'));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendProblem(reply, problem(fe.statusCode, (fe.code ?? 'bad_request').toLowerCase(), fe.message));
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, problem(500, 'internal_error', 'Something went wrong on our side; the error was logged'));
  });

  if (opts.notFound === false) return;
  app.setNotFoundHandler((req, reply) => sendProblem(reply, problem(404, 'route_not_found', `No route ${req.method} ${req.url.split('?')[0]}`)));
}
