import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Two validators: bodies are checked strictly (a number where a string belongs is an error, not
 * silently converted), while query strings and path parameters — always text on the wire — are
 * coerced to the declared types.
 */
export function installValidation(app: FastifyInstance): void {
  const common = { allErrors: false, useDefaults: true, removeAdditional: false as const, strict: false };
  const strict = (addFormats as unknown as typeof addFormats.default)(new (Ajv as unknown as typeof Ajv.default)({ ...common, coerceTypes: false }));
  const coercing = (addFormats as unknown as typeof addFormats.default)(new (Ajv as unknown as typeof Ajv.default)({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}
