import querystring from 'node:querystring';
import type { LightMyRequestResponse } from 'fastify';
import { requestValidators } from '../platform/http/validation.js';
import type { FuzzCase } from './cases.js';
import type { Operation } from './operations.js';
import type { JsonSchema } from './schema-arbitrary.js';

/**
 * What makes a fuzz response wrong, independent of what the route does: a 5xx; a 2xx for input the
 * declared schema rejects (judged by Ajv with the server's own settings: bodies strict, queries and
 * path parameters coerced); a 2xx for a body holding a lone surrogate or a NUL (the JSON parser's
 * rules); a
 * 4xx whose problem body has no `code`. The no-write check on rejections lives with the runner.
 */
export interface Finding {
  operation: string;
  session: string;
  kind: string;
  status: number;
  code?: string;
  input: string;
  response: string;
}

const { strict, coercing } = requestValidators();
const cache = new Map<JsonSchema, (data: unknown) => boolean>();
function compiled(schema: JsonSchema, coerce: boolean): (data: unknown) => boolean {
  let fn = cache.get(schema);
  if (!fn) {
    fn = (coerce ? coercing : strict).compile(structuredClone(schema)) as (data: unknown) => boolean;
    cache.set(schema, fn);
  }
  return fn;
}

const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** The reasons Ajv (server settings) refuses this case's input, or [] when it accepts all of it. */
export function schemaRejections(op: Operation, c: FuzzCase): string[] {
  const out: string[] = [];
  if (op.pathParams.length) {
    const schema: JsonSchema = { type: 'object', properties: Object.fromEntries(op.pathParams.map((p) => [p.name, p.schema])), required: op.pathParams.map((p) => p.name) };
    const values = Object.fromEntries(Object.entries(c.params).filter(([, v]) => v !== undefined && v !== ''));
    if (Object.keys(values).length < op.pathParams.length || !compiled(schema, true)(values)) out.push('path');
  }
  if (op.query) {
    // Parsed as Fastify parses (repeated keys become arrays, "+" is a space).
    const q = { ...querystring.parse(c.query) };
    if (!compiled(op.query, true)(q)) out.push('query');
  }
  if (op.body && !op.body.contentType.startsWith('multipart/')) {
    const text = c.payload === undefined ? undefined : Buffer.isBuffer(c.payload) ? c.payload.toString('utf8') : c.payload;
    const json = (c.headers['content-type'] ?? '').includes('json');
    if (text === undefined || text === '') {
      if (op.body.required) out.push('body missing');
    } else if (!json) {
      out.push('body not JSON');
    } else {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        out.push('body malformed');
      }
      if (!out.includes('body malformed') && !compiled(op.body.schema, false)(value)) out.push('body');
    }
  }
  return out;
}

export function judge(op: Operation, session: string, c: FuzzCase, res: LightMyRequestResponse): Finding[] {
  const found: Finding[] = [];
  const problemCode = codeOf(res);
  const add = (kind: string) => found.push({ operation: op.key, session, kind, status: res.statusCode, code: problemCode, input: describe(c), response: res.body.slice(0, 300) });
  if (res.statusCode >= 500) add('5xx');
  if (res.statusCode >= 200 && res.statusCode < 300) {
    const rejected = schemaRejections(op, c);
    if (rejected.length) add(`2xx for input the schema rejects (${rejected.join(', ')})`);
    const text = Buffer.isBuffer(c.payload) ? c.payload.toString('utf8') : c.payload;
    if (text && (c.headers['content-type'] ?? '').includes('json') && LONE_SURROGATE_ESCAPE.test(text) && hasLoneSurrogate(text)) add('2xx for a body with a lone surrogate');
    if (text && (c.headers['content-type'] ?? '').includes('json') && text.includes('\\u0000') && hasNul(text)) add('2xx for a body with a NUL character');
  }
  if (res.statusCode >= 400 && res.statusCode < 500 && !problemCode) add('4xx without a problem code');
  // One error shape (platform/http/problem.ts): RFC 9457 problem+json with a lower-case stable code.
  if (res.statusCode >= 400 && problemCode && !isProblem(res)) add('error that is not application/problem+json with a lower-case code');
  return found;
}

function hasLoneSurrogate(text: string): boolean {
  try {
    let lone = false;
    JSON.parse(text, (k, v) => {
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(typeof v === 'string' ? v : k)) lone = true;
      return v;
    });
    return lone;
  } catch {
    return false;
  }
}

function isProblem(res: LightMyRequestResponse): boolean {
  const code = codeOf(res) ?? '';
  return String(res.headers['content-type'] ?? '').startsWith('application/problem+json') && /^[a-z][a-z0-9_.]*$/.test(code);
}

function hasNul(text: string): boolean {
  try {
    let nul = false;
    JSON.parse(text, (k, v) => {
      if (k.includes('\0') || (typeof v === 'string' && v.includes('\0'))) nul = true;
      return v;
    });
    return nul;
  } catch {
    return false;
  }
}

export function codeOf(res: LightMyRequestResponse): string | undefined {
  if (!String(res.headers['content-type'] ?? '').includes('json')) return undefined;
  try {
    const body = res.json() as { code?: unknown };
    return typeof body?.code === 'string' && body.code ? body.code : undefined;
  } catch {
    return undefined;
  }
}

export function describe(c: FuzzCase): string {
  const payload = c.payload === undefined ? '' : Buffer.isBuffer(c.payload) ? `<${c.payload.length} bytes>` : c.payload;
  const short = payload.length > 240 ? `${payload.slice(0, 240)}…(${payload.length} chars)` : payload;
  const url = c.url.length > 1500 ? `${c.url.slice(0, 1500)}…` : c.url;
  return `[${c.label}] ${c.method} ${url} ${JSON.stringify(c.headers)} ${short}`;
}
