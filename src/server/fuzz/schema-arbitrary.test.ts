// The fuzzer's JSON Schema converter: what it calls valid passes the server's own strict Ajv, and
// what it calls broken is refused by it (except the kinds that are only wrong for the server's JSON
// parser, which say so). Pure: no database.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestValidators } from '../platform/http/validation.js';
import { validArbitrary, type JsonSchema } from './schema-arbitrary.js';
import { invalidArbitrary } from './schema-mutate.js';

const { strict } = requestValidators();
const compiled = new Map<JsonSchema, ReturnType<typeof strict.compile>>();
const check = (schema: JsonSchema) => compiled.get(schema) ?? compiled.set(schema, strict.compile(structuredClone(schema))).get(schema)!;
const accepts = (schema: JsonSchema, value: unknown) => check(schema)(structuredClone(value));

// Shapes copied from /openapi.json: a complaint's intake body and the preferences map of PATCH /auth/me.
const complaint: JsonSchema = {
  type: 'object',
  required: ['subject', 'channel'],
  additionalProperties: false,
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 200 },
    channel: { anyOf: [{ type: 'string', enum: ['phone'] }, { type: 'string', enum: ['web'] }] },
    complainant: {
      type: 'object',
      additionalProperties: false,
      properties: {
        phone: { type: 'string', maxLength: 40, pattern: '^[0-9+()\\- ]*$' },
        email: { anyOf: [{ type: 'string', maxLength: 200, format: 'email' }, { type: 'string', enum: [''] }] },
      },
    },
    occurredAt: { type: 'string', format: 'date-time' },
    contactEmail: { type: 'string', format: 'email', maxLength: 200 },
    level: { type: 'integer', minimum: 1, maximum: 4 },
    lat: { type: 'number', minimum: -90, maximum: 90 },
    departmentId: { type: 'string', minLength: 1, maxLength: 64 },
    tags: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 10 }, minItems: 1, maxItems: 3, uniqueItems: true },
    note: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
    ref: { type: 'string', format: 'uuid', nullable: true },
    urgent: { type: 'boolean' },
    mode: { const: 'fast' },
  },
};
const scalar = { anyOf: [{ type: 'string', maxLength: 1000 }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] };
const preferences: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    locale: { anyOf: [{ type: 'string', enum: ['zh-CN'] }, { type: 'string', enum: ['en'] }] },
    preferences: { type: 'object', maxProperties: 50, additionalProperties: { anyOf: [scalar, { type: 'array', items: scalar, maxItems: 100 }] } },
  },
};

describe('validArbitrary', () => {
  it.each([
    ['complaint intake', complaint],
    ['preferences', preferences],
  ])('generates only values the server’s strict validator accepts: %s', (_name, schema) => {
    const validate = check(schema);
    fc.assert(
      fc.property(validArbitrary(schema), (v) => {
        expect(validate(structuredClone(v)), `${JSON.stringify(v)}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it('covers optional properties both ways and reaches the declared bounds', () => {
    const samples = fc.sample(validArbitrary(complaint), { seed: 3, numRuns: 600 }) as Record<string, unknown>[];
    expect(samples.some((s) => 'level' in s)).toBe(true);
    expect(samples.some((s) => !('level' in s))).toBe(true);
    expect(samples.some((s) => s.level === 1) && samples.some((s) => s.level === 4)).toBe(true);
    expect(samples.some((s) => typeof s.subject === 'string' && [...s.subject].length === 200)).toBe(true);
    expect(samples.some((s) => s.ref === null) && samples.some((s) => typeof s.ref === 'string')).toBe(true);
  });

  it('uses a hint for a named property', () => {
    const samples = fc.sample(validArbitrary(complaint, { hint: (name) => (name === 'departmentId' ? fc.constant('dept-A') : undefined) }), { seed: 5, numRuns: 200 });
    const ids = samples.map((s) => (s as Record<string, unknown>).departmentId).filter((v) => v !== undefined);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(['dept-A']));
  });
});

describe('invalidArbitrary', () => {
  it('every mutation is refused by the strict validator, except a lone surrogate or a NUL (refused by the JSON parser instead)', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(invalidArbitrary(complaint), (mut) => {
        kinds.add(mut.kind.replace(/^.*\./, '').replace(/:.*$/, ''));
        // A broken anyOf branch may still match another branch: only the label says it was tried.
        if (mut.kind.includes('branch.')) return;
        if (mut.kind.endsWith('lone-surrogate')) {
          expect(JSON.stringify(mut.value)).toMatch(/\\ud[89a-f]/);
          return;
        }
        if (mut.kind.endsWith('nul')) {
          expect(JSON.stringify(mut.value)).toContain('\\u0000');
          return;
        }
        expect(accepts(complaint, mut.value), `${mut.kind}: ${JSON.stringify(mut.value).slice(0, 200)}`).toBe(false);
      }),
      { seed: 7, numRuns: 1500 },
    );
    for (const k of ['wrong-type', 'missing-required', 'extra-property', 'proto-key', 'empty', 'too-long', 'lone-surrogate', 'nul', 'bad-email', 'bad-date-time', 'above-maximum', 'below-minimum', 'fraction', 'too-many-items', 'deep-nesting', 'not-in-enum']) {
      expect(kinds, k).toContain(k);
    }
  });

  it('a pattern is broken by a string outside it', () => {
    const phone = complaint.properties!.complainant.properties!.phone;
    const broken = fc.sample(invalidArbitrary(phone).filter((x) => x.kind === 'pattern'), { seed: 4, numRuns: 20 });
    for (const mut of broken) expect(accepts(phone, mut.value), String(mut.value)).toBe(false);
  });

  it('a "__proto__" key is an own property that survives JSON.stringify', () => {
    const [mut] = fc.sample(invalidArbitrary({ type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } }).filter((x) => x.kind === 'proto-key'), { seed: 1, numRuns: 1 });
    expect(JSON.stringify(mut.value)).toContain('"__proto__":{"polluted":true}');
    expect(Object.getPrototypeOf(mut.value)).toBe(Object.prototype);
  });

  it('a map with maxProperties gets one property too many', () => {
    const schema = preferences.properties!.preferences;
    const [mut] = fc.sample(invalidArbitrary(schema).filter((x) => x.kind === 'too-many-properties'), { seed: 2, numRuns: 1 });
    expect(Object.keys(mut.value as object)).toHaveLength(51);
    expect(accepts(schema, mut.value)).toBe(false);
  });
});
