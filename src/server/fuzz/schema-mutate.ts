import fc from 'fast-check';
import { validArbitrary, type ArbitraryOptions, type JsonSchema } from './schema-arbitrary.js';

/**
 * JSON Schema → fast-check arbitrary of INVALID values: a valid value with one thing broken (wrong
 * type, a required property missing, an extra or `"__proto__"` property, "" for an id, one
 * character too long, a lone surrogate, deep nesting, a huge or out-of-range number, a value outside
 * the enum, a bad format…), each labelled with what was broken. Pure. A few kinds can turn out valid
 * for permissive schemas (a lone surrogate is a string; a `"__proto__"` key is fine where extra
 * properties are) — the fuzzer never trusts the label, it asks Ajv.
 */
export interface Mutation {
  kind: string;
  value: unknown;
}

/** Nested arrays this deep: a stack-hungry validator or serializer would fall over. */
export const DEEP = 2_000;
export const deepValue = (depth = DEEP): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

/** An object with `key` as an OWN property, even "__proto__" (as JSON.parse makes it). */
export function withOwnKey(o: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...o };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

const m = (kind: string) => (value: unknown): Mutation => ({ kind, value });

export function invalidArbitrary(schema: JsonSchema, opts: ArbitraryOptions = {}, depth = 0): fc.Arbitrary<Mutation> {
  const cands: fc.Arbitrary<Mutation>[] = [wrongType(schema)];
  const types = typesOf(schema);
  const valid = validArbitrary(schema, opts);
  if (schema.enum || 'const' in schema) cands.push(fc.constantFrom('__not_in_enum__', 'ZH-cn', ' ').map(m('not-in-enum')));
  if (types.has('string') && !schema.enum) cands.push(...stringMutations(schema));
  if (types.has('integer') || types.has('number')) cands.push(...numberMutations(schema, types.has('integer')));
  if (types.has('array')) cands.push(...arrayMutations(schema, opts, depth));
  if (types.has('object') || schema.properties) cands.push(...objectMutations(schema, valid as fc.Arbitrary<Record<string, unknown>>, opts, depth));
  // One branch broken: often still valid for another branch, hence the label.
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && depth < 3) cands.push(fc.constantFrom(...branches).chain((b) => invalidArbitrary(b, opts, depth + 1)).map((bad) => ({ kind: `branch.${bad.kind}`, value: bad.value })));
  return fc.oneof(...cands);
}

function typesOf(s: JsonSchema): Set<string> {
  if (Array.isArray(s.type)) return new Set(s.type);
  if (s.type) return new Set([s.type]);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return new Set(branches.flatMap((b) => [...typesOf(b)]));
  if (s.enum) return new Set(s.enum.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)));
  return new Set(s.properties ? ['object'] : []);
}

/** A value of a JSON type the schema does not allow. */
function wrongType(s: JsonSchema): fc.Arbitrary<Mutation> {
  const types = typesOf(s);
  if (s.nullable) types.add('null');
  const byType: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.constantFrom('1', 'true', '', 'null')],
    ['number', fc.constantFrom(0, 1.5, -1, 1e308)],
    ['integer', fc.constantFrom(0, 7, -1)],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.constantFrom([], ['x'], [1, 2])],
    ['object', fc.constantFrom({}, { a: 1 })],
  ];
  const wrong = byType.filter(([t]) => !types.has(t) && !(t === 'integer' && types.has('number')) && !(t === 'number' && types.has('integer')));
  // A schema that allows every type ({}): nothing is the wrong type; nesting is the next best thing.
  if (!types.size || !wrong.length) return fc.constant({ kind: 'deep-nesting', value: deepValue() });
  return fc.oneof(...wrong.map(([t, a]) => a.map(m(`wrong-type:${t}`))));
}

function stringMutations(s: JsonSchema): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom('\ud800', 'a\udfff', '字\ud83d').map(m('lone-surrogate')),
    // Valid for the schema, refused by the JSON parser: PostgreSQL text cannot hold U+0000.
    fc.constantFrom('a\u0000b', '\u0000').map(m('nul')),
  ];
  if ((s.minLength ?? 0) > 0) out.push(fc.constant({ kind: 'empty', value: '' }));
  if (s.maxLength !== undefined && s.maxLength < 200_000) {
    out.push(fc.constantFrom('x', '字', '😀').map((c) => ({ kind: 'too-long', value: c.repeat(s.maxLength! + 1) })));
  }
  if (s.format === 'date-time') out.push(fc.constantFrom('2024-13-45T99:00:00Z', 'yesterday', '2024-01-01', '1e12').map(m('bad-date-time')));
  if (s.format === 'email') out.push(fc.constantFrom('not-an-email', 'a@', '@b.c', 'a b@c.d').map(m('bad-email')));
  if (s.format === 'uuid') out.push(fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g').map(m('bad-uuid')));
  if (s.pattern) {
    // Chosen eagerly, not by filter: a pattern every candidate matches (`\S`) would make fast-check
    // filter forever (the fuzz run hung on the opinion watchlists' words).
    const re = new RegExp(s.pattern);
    const outside = ['<script>', 'a\nb', '字', '%00', ' ', '\t\n', ''].filter((v) => !re.test(v));
    if (outside.length) out.push(fc.constantFrom(...outside).map(m('pattern')));
  }
  return out;
}

function numberMutations(s: JsonSchema, integer: boolean): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [fc.constantFrom(1e308, -1e308, 2 ** 63, -(2 ** 63)).map(m('huge'))];
  if (s.maximum !== undefined) out.push(fc.constant({ kind: 'above-maximum', value: s.maximum + 1 }));
  if (s.minimum !== undefined) out.push(fc.constant({ kind: 'below-minimum', value: s.minimum - 1 }));
  if (integer) out.push(fc.constantFrom(1.5, 0.1, 2 ** 53 + 0.5).map(m('fraction')));
  return out;
}

function arrayMutations(s: JsonSchema, opts: ArbitraryOptions, depth: number): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [];
  if (s.maxItems !== undefined && s.items && s.maxItems < 10_000) {
    const item = validArbitrary(s.items, opts);
    out.push(fc.array(item, { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 }).map(m('too-many-items')));
  }
  if (s.items && depth < 3) out.push(invalidArbitrary(s.items, opts, depth + 1).map((bad) => ({ kind: `item.${bad.kind}`, value: [bad.value] })));
  out.push(fc.constant({ kind: 'deep-nesting', value: deepValue() }));
  return out;
}

function objectMutations(s: JsonSchema, valid: fc.Arbitrary<Record<string, unknown>>, opts: ArbitraryOptions, depth: number): fc.Arbitrary<Mutation>[] {
  const props = s.properties ?? {};
  const names = Object.keys(props);
  const obj = valid.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
  const out: fc.Arbitrary<Mutation>[] = [
    obj.map((v) => ({ kind: 'proto-key', value: withOwnKey(v, '__proto__', { polluted: true }) })),
    obj.map((v) => ({ kind: 'constructor-key', value: withOwnKey(v, 'constructor', { prototype: { polluted: true } }) })),
  ];
  const required = (s.required ?? []).filter((k) => k in props);
  if (required.length) {
    out.push(fc.tuple(obj, fc.constantFrom(...required)).map(([v, k]) => {
      const copy = { ...v };
      delete copy[k];
      return { kind: `missing-required:${k}`, value: copy };
    }));
  }
  if (s.additionalProperties === false) {
    const extra = ['zzExtra', 'id', 'createdAt', 'isAdmin'].find((k) => !(k in props))!;
    out.push(obj.map((v) => ({ kind: 'extra-property', value: { ...v, [extra]: 1 } })));
  }
  if (s.maxProperties !== undefined && s.maxProperties < 1000 && s.additionalProperties && !names.length) {
    const n = s.maxProperties + 1;
    out.push(fc.constant({ kind: 'too-many-properties', value: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])) }));
  }
  if (names.length && depth < 3) {
    // One property broken, the rest valid: the error must be found below the top level.
    const pick = fc.constantFrom(...names);
    out.push(
      fc.tuple(obj, pick).chain(([v, k]) => invalidArbitrary(props[k], opts, depth + 1).map((bad) => ({ kind: `${k}.${bad.kind}`, value: withOwnKey(v, k, bad.value) }))),
      fc.tuple(obj, pick).map(([v, k]) => ({ kind: `${k}.deep-nesting`, value: withOwnKey(v, k, deepValue()) })),
    );
  }
  return out;
}
