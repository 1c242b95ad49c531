import type { JsonSchema } from './schema-arbitrary.js';

/**
 * The operations of an OpenAPI 3 document, flattened for the fuzzer: path parameters (with the
 * collection they name, from the path segment before them), the query string as one object schema,
 * header parameters and the request body. Derived from the document, never listed by hand, so a new
 * route is fuzzed the day it is registered. Pure.
 */
export interface PathParam {
  name: string;
  schema: JsonSchema;
  /** The collection segment before the parameter: "complaints" for /complaints/{id}, "extensions" for …/extensions/{eid}. */
  collection: string;
}

export interface HeaderParam {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

export interface Operation {
  /** "POST /api/v1/complaints/{id}/notes" */
  key: string;
  method: string;
  path: string;
  operationId?: string;
  pathParams: PathParam[];
  /** Query parameters as one object schema (what Fastify validates with coercion). */
  query?: JsonSchema;
  headers: HeaderParam[];
  body?: { schema: JsonSchema; required: boolean; contentType: string };
}

interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(doc: OpenApiDocument, skip: (key: string) => boolean = () => false): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      if (skip(key)) continue;
      const params = op.parameters ?? [];
      const query = params.filter((p) => p.in === 'query');
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      out.push({
        key,
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' }, collection: collectionOf(path, p.name) })),
        query: query.length
          ? { type: 'object', properties: Object.fromEntries(query.map((p) => [p.name, p.schema ?? {}])), required: query.filter((p) => p.required).map((p) => p.name) }
          : undefined,
        headers: params.filter((p) => p.in === 'header').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' }, required: !!p.required })),
        body: contentType ? { schema: content[contentType].schema ?? {}, required: !!op.requestBody?.required, contentType } : undefined,
      });
    }
  }
  return out;
}

export function collectionOf(path: string, param: string): string {
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  return at > 0 ? segments[at - 1] : '';
}

/** The path with each parameter replaced by the (already URL-encoded) text given for it. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
