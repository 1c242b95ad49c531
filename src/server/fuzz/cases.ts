import fc from 'fast-check';
import { validArbitrary, type Hint, type JsonSchema } from './schema-arbitrary.js';
import { invalidArbitrary, DEEP } from './schema-mutate.js';
import { fillPath, type Operation } from './operations.js';
import { CHANNELS, STATUSES } from '../../shared/enums.js';
import type { PlanContent } from '../../shared/contingency.js';
import { isPlanContentSchema, planContentArbitrary } from './plan-content-arbitrary.js';

/**
 * One fuzz request for an operation: mostly valid with real record ids (so the request gets past
 * validation into the service), otherwise exactly one part broken — the body, the query string, a
 * path parameter or a header — each labelled. Bodies are sent as text or bytes, so a case can be
 * malformed JSON, invalid UTF-8 or a truncated multipart body as well as a mutated value. Pure.
 */
export interface FuzzCase {
  label: string;
  method: string;
  /** Path and query, URL-encoded. */
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Path parameters as the server will decode them (undefined: not decodable). */
  params: Record<string, string | undefined>;
  /** The query string, raw (the oracle parses it as the server does). */
  query: string;
}

export interface IdPools {
  /** Real ids for an id-like property name ("departmentId"…), or undefined for none. */
  forProperty(name: string): string[] | undefined;
  /** Addresses a webhook may be pointed at without DNS (loopback, metadata literals…). */
  urls: string[];
  /** An email that exists but is not a fuzzing session's (login and token bodies). */
  email: string;
  /** A real published plan: plan-content bodies mutate it; role and template keys come from it. */
  plan?: { content: PlanContent; roleKeys: string[]; templateKeys: string[] };
}

/** Path values that are not a record of the path's kind (ids of another kind are added per operation; never users': a fuzzed PATCH could deactivate a session's own account). */
const BAD_PATH_VALUES = [
  '%00',
  '%ED%A0%80', // a lone surrogate, percent-encoded
  '%',
  '%FF%FE',
  'x'.repeat(3_000),
  encodeURIComponent("' OR 1=1 --"),
  '..%2F..%2Fetc%2Fpasswd',
  '0',
  '-1',
  '1e309',
  'null',
  '__proto__',
  'constructor',
  encodeURIComponent('投诉'),
];

/** Query-string fragments that are broken as text, not just as values. */
const BAD_QUERY_SUFFIXES = ['limit=-1', 'limit=abc', 'limit=1e309', 'limit=99999999999999999999', 'cursor=%', 'cursor=%ED%A0%80', 'a%5Bb%5D=1', '__proto__=x', 'constructor[prototype]=x', 'limit=1&limit=2', '=', '&&&', 'q=' + 'x'.repeat(5_000)];

const stringify = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.flatMap(stringify);
  if (v === null) return ['null'];
  if (typeof v === 'object') return [JSON.stringify(v)];
  return [String(v)];
};

function queryText(values: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) for (const s of stringify(v)) p.append(k, s);
  return p.toString().replace(/\+/g, '%20');
}

function encodePathValue(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

function safeDecode(v: string): string | undefined {
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
}

const DAY = 86_400_000;
/** Instants near now (within ±60 days): list filters and report ranges that the service will take. */
const nearInstant = fc.integer({ min: -60, max: 60 }).map((d) => new Date(Date.now() + d * DAY));
const commaList = (values: readonly string[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }).map((v) => v.join(','));

/**
 * Values by property name that a service will act on (a status that exists, a range of a few days,
 * real ids…), so valid cases get past the service's own checks and into its queries. Schema-derived
 * values still come one time in four.
 */
export function hintFor(pools: IdPools, domain: { statuses: readonly string[]; channels: readonly string[] }): Hint {
  const named = (name: string, schema: JsonSchema): fc.Arbitrary<unknown> | undefined => {
    const plan = pools.plan;
    if (plan && schema.type === 'object' && isPlanContentSchema(schema)) return planContentArbitrary(plan.content);
    // A whole body (name ''): an activation names its plan by planId or planVersionId, exactly one.
    if (name === '' && schema.properties?.planId && schema.properties.planVersionId) {
      const { planVersionId: _, ...props } = schema.properties;
      return validArbitrary({ ...schema, properties: props }, { hint });
    }
    // Amounts (fen) mostly within the approval limits, so a decision gets as far as the limit check.
    if (name === 'amount' && schema.type === 'integer') return fc.oneof(fc.integer({ min: 1, max: 600_000 }), fc.constantFrom(50_000, 50_001, 500_000));
    // Arrays of real ids (on-call participants, complaints to link…): a few, sometimes with one that does not exist.
    if (schema.type === 'array' && schema.items?.type === 'string' && !schema.items.enum) {
      const ids = pools.forProperty(name);
      const max = Math.min(schema.maxItems ?? 3, 3);
      if (ids?.length && max >= 1) return fc.uniqueArray(fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 5 }, { arbitrary: fc.uuid(), weight: 1 }), { minLength: Math.max(1, schema.minItems ?? 0), maxLength: max });
    }
    // Versions to compare: the ones a plan has (a few), not any number up to 100 000.
    if (/^(from|to)$/.test(name) && schema.type === 'integer') return fc.integer({ min: 1, max: 3 });
    const stringy = schema.type === 'string' || schema.anyOf?.some((b) => b.type === 'string');
    if (!stringy || schema.enum || schema.anyOf) return undefined;
    if (name === 'url') return fc.constantFrom(...pools.urls);
    if (name === 'email' && !schema.format) return fc.constantFrom(pools.email, 'nobody@example.com');
    if (name === 'status') return commaList(domain.statuses);
    if (name === 'channel') return commaList(domain.channels);
    if (name === 'level') return commaList(['1', '2', '3', '4']);
    if (name === 'cursor') return fc.constant(undefined);
    if (name === 'roleKey' && plan?.roleKeys.length) return fc.constantFrom(...plan.roleKeys);
    if (name === 'templateKey' && plan?.templateKeys.length) return fc.constantFrom(...plan.templateKeys);
    if (name === 'timezone') return fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Mars/Olympus');
    if (name === 'currency') return fc.constantFrom('CNY', 'USD');
    if (/^(startsOn|paymentDate)$/.test(name)) return nearInstant.map((d) => d.toISOString().slice(0, 10));
    if (schema.format === 'date-time') return nearInstant.map((d) => d.toISOString());
    if (/^(from|to|date|day)$/.test(name) && (schema.maxLength ?? 99) >= 10) return nearInstant.map((d) => d.toISOString().slice(0, 10));
    const ids = pools.forProperty(name);
    // Real ids mostly; sometimes one that does not exist.
    if (ids?.length && (schema.maxLength ?? 64) >= 36) return fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 });
    return undefined;
  };
  const hint: Hint = (name, schema) => {
    const arb = named(name, schema);
    // A random plan is never a valid one (its steps name no role of its own): the schema's values seldom.
    const weight = isPlanContentSchema(schema) ? 9 : 3;
    return arb && fc.oneof({ arbitrary: arb, weight }, { arbitrary: validArbitrary(schema, { hint }), weight: 1 });
  };
  return hint;
}

function multipartBodies(): fc.Arbitrary<{ label: string; payload: Buffer | string; contentType?: string }> {
  const b = 'fuzzboundary';
  const part = (name: string, filename: string, content: string) => `--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
  return fc.constantFrom(
    { label: 'multipart:valid', payload: Buffer.from(`${part('file', '说明.txt', '现场情况')}--${b}--\r\n`), contentType: `multipart/form-data; boundary=${b}` },
    { label: 'multipart:truncated', payload: Buffer.from(part('file', 'a.txt', 'abc').slice(0, 60)), contentType: `multipart/form-data; boundary=${b}` },
    { label: 'multipart:no-boundary', payload: Buffer.from(`${part('file', 'a.txt', 'abc')}--${b}--\r\n`), contentType: 'multipart/form-data' },
    { label: 'multipart:wrong-field', payload: Buffer.from(`${part('other', 'a.txt', 'abc')}--${b}--\r\n`), contentType: `multipart/form-data; boundary=${b}` },
    { label: 'multipart:no-file', payload: Buffer.from(`--${b}--\r\n`), contentType: `multipart/form-data; boundary=${b}` },
    { label: 'multipart:path-filename', payload: Buffer.from(`${part('file', '../../etc/passwd', 'x')}--${b}--\r\n`), contentType: `multipart/form-data; boundary=${b}` },
    { label: 'multipart:json-instead', payload: '{"file":"x"}', contentType: 'application/json' },
  );
}

/** Raw JSON bodies that are broken as text. */
const RAW_BODIES: { label: string; payload: string | Buffer; contentType: string }[] = [
  { label: 'raw:malformed', payload: '{"a":', contentType: 'application/json' },
  { label: 'raw:empty', payload: '', contentType: 'application/json' },
  { label: 'raw:invalid-utf8', payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json' },
  { label: 'raw:text-plain', payload: 'hello', contentType: 'text/plain' },
  { label: 'raw:deep', payload: '['.repeat(DEEP * 5) + ']'.repeat(DEEP * 5), contentType: 'application/json' },
  { label: 'raw:number', payload: '1e309', contentType: 'application/json' },
  { label: 'raw:null', payload: 'null', contentType: 'application/json' },
  { label: 'raw:array', payload: '[]', contentType: 'application/json' },
  { label: 'raw:proto', payload: '{"__proto__":{"isAdmin":true}}', contentType: 'application/json' },
  // Past the 4 MB body limit (a 3.9 MB preferences blob was once accepted): 413, nothing stored.
  { label: 'raw:huge', payload: `{"x":"${'x'.repeat(4.5 * 1024 * 1024)}"}`, contentType: 'application/json' },
];

type Part<T> = fc.Arbitrary<{ label: string; value: T }>;

/** `pathIds`: real ids for each path parameter of this operation (read just before it is fuzzed). */
export function caseArbitrary(op: Operation, pools: IdPools, pathIds: Record<string, string[]>): fc.Arbitrary<FuzzCase> {
  const hint = hintFor(pools, { statuses: STATUSES, channels: CHANNELS });

  // Path parameters: real ids (valid), or one parameter broken.
  const pathValid: Part<Record<string, string>> = op.pathParams.length
    ? fc
        .tuple(
          ...op.pathParams.map((p): fc.Arbitrary<string> => {
            // A number in the path (a version): small ones exist, the schema's range for the rest.
            if (p.schema.type === 'integer' || p.schema.type === 'number') return fc.oneof(fc.integer({ min: 1, max: 3 }), validArbitrary(p.schema)).map(String);
            const real = pathIds[p.name] ?? [];
            return real.length ? fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 5 }, { arbitrary: fc.uuid(), weight: 1 }) : fc.uuid();
          }),
        )
        .map((vals) => ({ label: 'path:real', value: Object.fromEntries(op.pathParams.map((p, i) => [p.name, encodePathValue(vals[i])])) }))
    : fc.constant({ label: '', value: {} });
  const pathBroken: Part<Record<string, string>> | undefined = op.pathParams.length
    ? fc.tuple(pathValid, fc.constantFrom(...op.pathParams.map((p) => p.name)), fc.oneof(fc.constantFrom(...BAD_PATH_VALUES), fc.constantFrom('-', ...(pools.forProperty('categoryId') ?? []), ...(pools.forProperty('departmentId') ?? [])).map(encodePathValue))).map(([v, name, bad]) => ({
        label: `path:${name}=${bad.slice(0, 24)}`,
        value: { ...v.value, [name]: bad },
      }))
    : undefined;

  // Query string: valid values of the declared parameters, or a mutation, or broken text.
  const queryValid: Part<string> = op.query ? validArbitrary(op.query, { hint }).map((q) => ({ label: 'query:valid', value: queryText(q as Record<string, unknown>) })) : fc.constant({ label: '', value: '' });
  const queryBroken: Part<string> | undefined = op.query
    ? fc.oneof(
        fc.tuple(validArbitrary(op.query, { hint }), fc.constantFrom(...Object.keys(op.query.properties ?? {})))
          .chain(([q, name]) =>
            invalidArbitrary(op.query!.properties![name], { hint }).map((bad) => ({ label: `query:${name}.${bad.kind}`, value: queryText({ ...(q as Record<string, unknown>), [name]: bad.value }) })),
          ),
        fc.tuple(queryValid, fc.constantFrom(...BAD_QUERY_SUFFIXES)).map(([q, s]) => ({ label: `query:raw ${s.slice(0, 30)}`, value: q.value ? `${q.value}&${s}` : s })),
      )
    : undefined;

  // Body.
  type Body = { payload?: string | Buffer; contentType?: string };
  let bodyValid: Part<Body> = fc.constant({ label: '', value: {} });
  let bodyBroken: Part<Body> | undefined;
  const body = op.body;
  if (body?.contentType.startsWith('multipart/')) {
    bodyValid = multipartBodies().map((m) => ({ label: m.label, value: { payload: m.payload, contentType: m.contentType } }));
  } else if (body) {
    const json = (label: string) => (v: unknown) => ({ label, value: { payload: JSON.stringify(v), contentType: 'application/json' } });
    bodyValid = (hint('', body.schema) ?? validArbitrary(body.schema, { hint })).map(json('body:valid'));
    bodyBroken = fc.oneof(
      { arbitrary: invalidArbitrary(body.schema, { hint }).map((mut) => json(`body:${mut.kind}`)(mut.value)), weight: 6 },
      { arbitrary: fc.constantFrom(...RAW_BODIES).map((r) => ({ label: r.label, value: { payload: r.payload, contentType: r.contentType } })), weight: 2 },
    );
  } else if (op.method !== 'GET' && op.method !== 'DELETE') {
    // No declared body: an unexpected one must not change anything either.
    bodyBroken = fc.constantFrom(...RAW_BODIES.slice(0, 4), { label: 'raw:unexpected-object', payload: '{"x":1}', contentType: 'application/json' }).map((r) => ({ label: r.label, value: { payload: r.payload, contentType: r.contentType } }));
  }

  // Header parameters (Idempotency-Key…): printable ASCII only, or one broken.
  const headerValid: Part<Record<string, string>> = op.headers.length
    ? fc
        .tuple(...op.headers.map((h) => fc.option(fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), { nil: undefined }).map((v) => (h.required && v === undefined ? 'k' : v))))
        .map((vals) => ({ label: '', value: Object.fromEntries(op.headers.flatMap((h, i) => (vals[i] === undefined ? [] : [[h.name, vals[i]!]]))) }))
    : fc.constant({ label: '', value: {} });
  const headerBroken: Part<Record<string, string>> | undefined = op.headers.length
    ? fc.tuple(fc.constantFrom(...op.headers), fc.constantFrom('', 'x'.repeat(500), ' ')).map(([h, v]) => ({ label: `header:${h.name}=${JSON.stringify(v.slice(0, 8))}`, value: { [h.name]: v } }))
    : undefined;

  const assemble = ([p, q, b, h]: [{ label: string; value: Record<string, string> }, { label: string; value: string }, { label: string; value: Body }, { label: string; value: Record<string, string> }]): FuzzCase => {
    const url = fillPath(op.path, p.value) + (q.value ? `?${q.value}` : '');
    const headers: Record<string, string> = { ...h.value };
    if (b.value.contentType) headers['content-type'] = b.value.contentType;
    return {
      label: [p.label, q.label, b.label, h.label].filter(Boolean).join(' ') || 'valid',
      method: op.method,
      url,
      headers,
      payload: b.value.payload,
      params: Object.fromEntries(Object.entries(p.value).map(([k, v]) => [k, safeDecode(v)])),
      query: q.value,
    };
  };

  const valid = fc.tuple(pathValid, queryValid, bodyValid, headerValid).map(assemble);
  const broken = [
    pathBroken && fc.tuple(pathBroken, queryValid, bodyValid, headerValid).map(assemble),
    queryBroken && fc.tuple(pathValid, queryBroken, bodyValid, headerValid).map(assemble),
    bodyBroken && fc.tuple(pathValid, queryValid, bodyBroken, headerValid).map(assemble),
    headerBroken && fc.tuple(pathValid, queryValid, bodyValid, headerBroken).map(assemble),
  ].filter((a): a is fc.Arbitrary<FuzzCase> => !!a);
  if (!broken.length) return valid;
  return fc.oneof({ arbitrary: valid, weight: 2 }, ...broken.map((arbitrary) => ({ arbitrary, weight: Math.max(1, Math.round(3 / broken.length)) })));
}

export type { JsonSchema };
