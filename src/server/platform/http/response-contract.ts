import fs from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from './problem.js';
import { ProblemSchema } from './problem.schema.js';
import { errorStatuses } from './openapi.js';

/**
 * The response contract, enforced over the API tests (the test harness installs it; production does
 * not pay for it): every JSON response is validated against the schema its route declares for that
 * status (`schema.response`), every error body against the one Problem schema. Objects in response
 * schemas are exact — a TypeBox object leaves `additionalProperties` open, so here every object that
 * does not say otherwise gets `additionalProperties: false` — so a presenter field the schema lacks
 * fails too and the published schema stays complete.
 *
 * A mismatch replaces the response with a 500 problem `response_contract_violation` (the Ajv errors
 * and the route in `detail`/`errors`), so the test that made the request fails where it looks, and is
 * recorded; the harness also fails the suite at close if any was recorded. A response whose status
 * the route declares no schema for is only recorded (`undeclared`) while schemas are being added.
 */
export interface ContractViolation {
  route: string;
  status: number;
  errors: { path: string; message: string }[];
  body: string;
}

export interface ResponseContract {
  /** Responses validated (against a declared schema or Problem) — proof the validator saw them. */
  checked: number;
  violations: ContractViolation[];
  /** `METHOD /url` → statuses answered without a declared schema. */
  undeclared: Map<string, Set<number>>;
  /** `METHOD /url` → 4xx statuses answered that /openapi.json does not list for it (openapi.ts errorStatuses). */
  undocumentedErrors: Map<string, Set<number>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Present only when the response contract is enforced (tests). */
    responseContract?: ResponseContract;
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of a response schema in which every object is exact: `additionalProperties: false` unless it
 * declares `additionalProperties`, `patternProperties` (a record) or `unevaluatedProperties`. The
 * members of an `allOf` stay open (each sees only its own properties) and the `allOf` itself gets
 * `unevaluatedProperties: false`, which counts the properties of all of them.
 */
export function exactSchema(schema: unknown, inAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => exactSchema(s));
  if (!isObj(schema)) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'definitions' || k === 'dependentSchemas') {
      out[k] = isObj(v) ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, exactSchema(s)])) : v;
    } else if (k === 'allOf' && Array.isArray(v)) {
      out[k] = v.map((s) => exactSchema(s, true));
    } else if (['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'unevaluatedProperties', 'additionalItems'].includes(k) || k === 'anyOf' || k === 'oneOf' || k === 'prefixItems') {
      out[k] = exactSchema(v);
    } else {
      out[k] = v; // keywords and their literal values (enum, const, default, examples…) as they are
    }
  }
  const isObject = out.type === 'object' || (out.type === undefined && 'properties' in out);
  const open = 'additionalProperties' in out || 'patternProperties' in out || 'unevaluatedProperties' in out;
  if (isObject && !open && !inAllOf) out.additionalProperties = false;
  if (Array.isArray(out.allOf) && !open && !inAllOf) out.unevaluatedProperties = false;
  return out;
}

type ResponseMap = Record<string, unknown>;

/** The schema a route declares for a status and media type, or undefined (undeclared). */
export function declaredSchema(response: ResponseMap | undefined, status: number, mediaType: string): { schema: unknown; declared: boolean } {
  if (!response) return { schema: undefined, declared: false };
  const entry = response[String(status)] ?? response[`${String(status)[0]}xx`] ?? response[`${String(status)[0]}XX`] ?? response.default;
  if (entry === undefined) return { schema: undefined, declared: false };
  const content = isObj(entry) && isObj(entry.content) ? (entry.content as Record<string, { schema?: unknown }>) : undefined;
  if (!content) return { schema: entry, declared: true };
  const match = content[mediaType] ?? (mediaType.endsWith('json') ? content['application/json'] : undefined);
  return { schema: match?.schema, declared: match !== undefined };
}

const newAjv = () => {
  const ajv = new (Ajv as unknown as typeof Ajv.default)({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false, unevaluated: true });
  return (addFormats as unknown as typeof addFormats.default)(ajv);
};

const issues = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).slice(0, 20).map((e) => {
    const extra = (e.params as { additionalProperty?: string; missingProperty?: string }) ?? {};
    const at = extra.additionalProperty !== undefined ? `${e.instancePath}/${extra.additionalProperty}` : e.instancePath || '/';
    return { path: at, message: `${e.message ?? 'is invalid'}${extra.additionalProperty !== undefined ? ' (a field the response schema does not declare)' : ''}` };
  });

/** Installs the validator (before routes are registered, so its hook runs for every route). */
export function installResponseContract(app: FastifyInstance, opts: { strict?: boolean } = {}): ResponseContract {
  // strict (the default): a success status the route declares no schema for is a violation too.
  // REDRESS_CONTRACT_STRICT=0 only records it, for a route being written.
  const strict = opts.strict ?? process.env.REDRESS_CONTRACT_STRICT !== '0';
  const ajv = newAjv();
  const cache = new WeakMap<object, ValidateFunction>();
  const compile = (schema: object): ValidateFunction => {
    let fn = cache.get(schema);
    if (!fn) {
      fn = ajv.compile(exactSchema(schema) as object);
      cache.set(schema, fn);
    }
    return fn;
  };
  const problemValidator = compile(ProblemSchema);
  const contract: ResponseContract = { checked: 0, violations: [], undeclared: new Map(), undocumentedErrors: new Map() };
  app.decorate('responseContract', contract);

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const status = reply.statusCode;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    const mediaType = String(reply.getHeader('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const isJson = mediaType === 'application/json' || mediaType.endsWith('+json');
    let schema: unknown;
    let validate: ValidateFunction;
    if (status >= 400) {
      const url = req.routeOptions.url;
      if (url && status < 500 && !errorStatuses(req.method, url, req.routeOptions.schema, req.routeOptions.config).includes(status)) record(contract.undocumentedErrors, route, status);
      if (!isJson) return payload;
      // A route that declares its own error body for this status (Open311's GeoReport error lists) is
      // held to it; every other error is a Problem.
      const own = (req.routeOptions.schema?.response as ResponseMap | undefined)?.[String(status)] !== undefined ? declaredSchema(req.routeOptions.schema?.response as ResponseMap, status, mediaType) : undefined;
      validate = own?.declared && isObj(own.schema) ? compile(own.schema) : problemValidator;
    } else {
      const found = declaredSchema(req.routeOptions.schema?.response as ResponseMap | undefined, status, mediaType || 'application/json');
      schema = found.schema;
      // Unknown URLs (no route) and hidden routes (/openapi.json, /docs) are not part of the contract.
      if (!found.declared && req.routeOptions.url && !req.routeOptions.schema?.hide) {
        record(contract.undeclared, route, status);
        if (strict) return violate(reply, contract, route, status, [{ path: '/', message: `the route declares no response schema for ${status}` }], typeof payload === 'string' ? payload : '');
      }
      if (!isJson || !isObj(schema) || typeof payload !== 'string') return payload;
      try {
        validate = compile(schema);
      } catch (err) {
        return violate(reply, contract, route, status, [{ path: '/', message: `the declared response schema does not compile: ${(err as Error).message}` }], payload);
      }
    }
    let body: unknown;
    try {
      body = typeof payload === 'string' ? JSON.parse(payload) : undefined;
    } catch {
      return violate(reply, contract, route, status, [{ path: '/', message: 'the body is not JSON' }], String(payload));
    }
    if (body === undefined) return payload;
    contract.checked++;
    if (validate(body)) return payload;
    return violate(reply, contract, route, status, issues(validate.errors), payload as string);
  });
  return contract;
}

function record(map: Map<string, Set<number>>, route: string, status: number): void {
  map.set(route, (map.get(route) ?? new Set<number>()).add(status));
}

function violate(reply: FastifyReply, contract: ResponseContract, route: string, status: number, errors: { path: string; message: string }[], body: string): string {
  contract.violations.push({ route, status, errors, body: body.slice(0, 2000) });
  const detail = `${route} answered ${status} with a body that does not match its declared response schema: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`;
  reply.log.error({ route, status, errors }, 'response contract violation');
  reply.code(500).type('application/problem+json; charset=utf-8');
  return JSON.stringify(problem(500, 'response_contract_violation', detail, { route, answeredStatus: status, errors }));
}

/**
 * With REDRESS_CONTRACT_REPORT=<file>, the harness appends one JSON line per suite: how many responses
 * were checked, the violations, and the routes answered without a declared schema.
 */
export function appendContractReport(file: string, suite: string, c: ResponseContract): void {
  const list = (m: Map<string, Set<number>>) => [...m].map(([route, statuses]) => `${route} ${[...statuses].join(',')}`);
  fs.appendFileSync(file, `${JSON.stringify({ suite, checked: c.checked, violations: c.violations.length, undeclared: list(c.undeclared), undocumentedErrors: list(c.undocumentedErrors) })}\n`);
}

/** A summary for a failing suite: one line per violation. */
export function describeViolations(c: ResponseContract): string {
  return c.violations.map((v) => `${v.route} → ${v.status}: ${v.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`).join('\n');
}
