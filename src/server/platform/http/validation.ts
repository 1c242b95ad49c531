import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

type AjvInstance = InstanceType<typeof Ajv.default>;

/**
 * Two validators: bodies are checked strictly (a number where a string belongs is an error, not
 * silently converted), while query strings and path parameters — always text on the wire — are
 * coerced to the declared types. Exported so the fuzzer (src/server/fuzz) judges responses with
 * exactly the settings requests are validated with.
 */
export function requestValidators(): { strict: AjvInstance; coercing: AjvInstance } {
  const common = { allErrors: false, useDefaults: true, removeAdditional: false as const, strict: false };
  const withFormats = addFormats as unknown as typeof addFormats.default;
  const strict = withFormats(new (Ajv as unknown as typeof Ajv.default)({ ...common, coerceTypes: false }));
  const coercing = withFormats(new (Ajv as unknown as typeof Ajv.default)({ ...common, coerceTypes: 'array' }));
  return { strict, coercing };
}

export function installValidation(app: FastifyInstance): void {
  const { strict, coercing } = requestValidators();
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}
