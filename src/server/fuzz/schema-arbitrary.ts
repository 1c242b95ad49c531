import fc from 'fast-check';

/**
 * JSON Schema → fast-check arbitrary of VALID values, for the subset the OpenAPI document uses
 * (TypeBox output: objects with required/optional/additionalProperties, strings with lengths,
 * patterns and formats, integers/numbers with bounds, booleans, arrays, enum/const/anyOf/oneOf,
 * `nullable` and type arrays). Pure: no I/O, no knowledge of the app. Sizes are kept small (a
 * string's length at most 30 past its minimum, plus its exact maximum as a boundary) so a fuzz
 * case stays cheap; bounds themselves are hit because fast-check biases toward them.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  [k: string]: unknown;
}

/**
 * A caller's better idea for a named property (real record ids for `departmentId`, a URL for
 * `url`…). It must return values the property's schema accepts, or undefined to use the schema.
 */
export type Hint = (name: string, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;

export interface ArbitraryOptions {
  hint?: Hint;
}

const CJK = fc.constantFrom(...'投诉食堂饭菜质量学生反映午餐异味要求学校给出说法小区垃圾清运臭气'.split(''));
const SMALL_JSON: fc.Arbitrary<unknown> = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));

/** Any JSON value, small: for schemas that say nothing (`{}`) and for wrong-type replacements. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(SMALL_JSON, fc.array(SMALL_JSON, { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), SMALL_JSON, { maxKeys: 3 }));

export function validArbitrary(schema: JsonSchema, opts: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const base = baseArbitrary(schema, opts);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function baseArbitrary(s: JsonSchema, opts: ArbitraryOptions): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((b) => validArbitrary({ ...b }, opts)));
  // oneOf: a value of one branch; the document's branches are disjoint (distinct types or enums).
  if (s.oneOf) return fc.oneof(...s.oneOf.map((b) => validArbitrary(b, opts)));
  if (s.allOf) return validArbitrary(mergeAll(s.allOf), opts);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => (t === 'null' ? fc.constant(null) : validArbitrary({ ...s, type: t }, opts))));
  switch (s.type) {
    case 'string':
      return stringArbitrary(s);
    case 'integer':
      return integerArbitrary(s);
    case 'number':
      return numberArbitrary(s);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayArbitrary(s, opts);
    case 'object':
      return objectArbitrary(s, opts);
    default:
      return s.properties ? objectArbitrary(s, opts) : anyJson;
  }
}

function mergeAll(parts: JsonSchema[]): JsonSchema {
  return parts.reduce<JsonSchema>(
    (acc, p) => ({ ...acc, ...p, properties: { ...acc.properties, ...p.properties }, required: [...(acc.required ?? []), ...(p.required ?? [])] }),
    {},
  );
}

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  // Years 1970–2100 keep toISOString() in the four-digit form RFC 3339 requires.
  'date-time': fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
  date: fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  email: fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,10}([._-][a-z0-9]{1,5})?$/), fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/))
    .map(([local, host]) => `${local}@${host}.example.com`),
  uuid: fc.uuid(),
  uri: fc.constantFrom('http://127.0.0.1:9/hook', 'https://example.com/x'),
  binary: fc.string({ maxLength: 20 }),
};

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Number.MAX_SAFE_INTEGER;
  const fits = (v: string) => [...v].length >= min && [...v].length <= max;
  if (s.format && FORMATS[s.format]) return FORMATS[s.format].filter(fits);
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { size: 'xsmall' }).filter(fits);
  const upper = Math.min(max, min + 30);
  const kinds: fc.Arbitrary<string>[] = [
    fc.string({ minLength: min, maxLength: upper }),
    fc.string({ unit: CJK, minLength: min, maxLength: upper }),
    // Any code point: control characters, NUL, astral planes (never a lone surrogate).
    fc.string({ unit: 'binary', minLength: min, maxLength: upper }),
  ];
  // The exact maximum, in multi-byte characters: the longest text a column must hold.
  if (s.maxLength !== undefined && s.maxLength > 0 && s.maxLength <= 20_000) kinds.push(fc.constant('字'.repeat(s.maxLength)));
  return fc.oneof(...kinds);
}

function integerArbitrary(s: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(s.minimum ?? Number.MIN_SAFE_INTEGER, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -Infinity);
  const max = Math.min(s.maximum ?? Number.MAX_SAFE_INTEGER, s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Infinity);
  return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
}

function numberArbitrary(s: JsonSchema): fc.Arbitrary<number> {
  const min = s.minimum ?? s.exclusiveMinimum ?? -Number.MAX_VALUE;
  const max = s.maximum ?? s.exclusiveMaximum ?? Number.MAX_VALUE;
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .map((n) => (Object.is(n, -0) ? 0 : n))
    .filter((n) => (s.exclusiveMinimum === undefined || n > s.exclusiveMinimum) && (s.exclusiveMaximum === undefined || n < s.exclusiveMaximum));
}

function arrayArbitrary(s: JsonSchema, opts: ArbitraryOptions): fc.Arbitrary<unknown[]> {
  const item = s.items ? validArbitrary(s.items, opts) : anyJson;
  const minLength = s.minItems ?? 0;
  const maxLength = Math.min(s.maxItems ?? minLength + 5, minLength + 5);
  if (s.uniqueItems) return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
  return fc.array(item, { minLength, maxLength });
}

function objectArbitrary(s: JsonSchema, opts: ArbitraryOptions): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(props)) model[name] = opts.hint?.(name, sub) ?? validArbitrary(sub, opts);
  const minKeys = s.minProperties ?? 0;
  const maxKeys = s.maxProperties ?? Infinity;
  let arb: fc.Arbitrary<Record<string, unknown>> = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
  const extra = s.additionalProperties;
  if (extra !== undefined && extra !== false && Object.keys(props).length === 0) {
    // A map (preferences, settings blobs): keys that cannot collide with the declared ones.
    const value = extra === true ? anyJson : validArbitrary(extra, opts);
    const room = Math.min(maxKeys, Math.max(minKeys, 4));
    arb = fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,11}$/), value, { minKeys, maxKeys: room });
  }
  if (minKeys > 0 || maxKeys < Infinity) arb = arb.filter((o) => Object.keys(o).length >= minKeys && Object.keys(o).length <= maxKeys);
  return arb;
}
