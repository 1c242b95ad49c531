import type { FastifyInstance } from 'fastify';

/**
 * Responses are serialised with JSON.stringify, never Fastify's schema-driven fast-json-stringify:
 * that one silently drops every property a response schema does not list and coerces values to the
 * declared types ("5" → 5, an object → "[object Object]"), so a schema that drifted from its
 * presenter would quietly lose data the web app reads. Response schemas are instead a documented
 * contract that the API tests enforce (response-contract.ts fails a test on any mismatch).
 */
export function installJsonSerializer(app: FastifyInstance): void {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
