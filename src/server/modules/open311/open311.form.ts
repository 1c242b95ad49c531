// application/x-www-form-urlencoded, as GeoReport v2 clients POST. Decoded strictly, like the app's
// JSON parser (platform/http/json-body.ts): bytes that are not UTF-8, a bad percent escape and NUL are
// a 400, never U+FFFD or a 500 from PostgreSQL. Registered only on the Open311 routes.
import type { FastifyInstance } from 'fastify';
import { Open311Error } from './open311.format.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
export const FORM_TYPE = 'application/x-www-form-urlencoded';

export type FormValue = string | string[];

/**
 * Fields in order; a name given twice becomes a list (the schema refuses lists where one value
 * belongs). `attribute[CODE]` and `attribute[CODE][]` are gathered into `attribute: { CODE: … }`.
 */
export function parseForm(raw: Buffer): Record<string, FormValue | Record<string, FormValue>> {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new Open311Error(400, 'The request body is not valid UTF-8');
  }
  const out: Record<string, FormValue | Record<string, FormValue>> = Object.create(null) as Record<string, never>;
  const attributes: Record<string, FormValue> = Object.create(null) as Record<string, never>;
  let sawAttribute = false;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    const attr = /^attribute\[([^\]]{1,100})\](\[\])?$/.exec(name);
    if (attr) {
      sawAttribute = true;
      add(attributes, attr[1], value, !!attr[2]);
    } else {
      add(out as Record<string, FormValue>, name, value, false);
    }
  }
  if (sawAttribute) out.attribute = { ...attributes };
  return { ...out };
}

function add(into: Record<string, FormValue>, name: string, value: string, list: boolean): void {
  const prev = into[name];
  if (prev === undefined) into[name] = list ? [value] : value;
  else into[name] = [...(Array.isArray(prev) ? prev : [prev]), value];
}

function decode(part: string): string {
  let s: string;
  try {
    s = decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new Open311Error(400, 'The request body holds a malformed percent-encoding or bytes that are not UTF-8');
  }
  if (s.includes('\0')) throw new Open311Error(400, 'The request body holds a NUL character, which is not text');
  return s;
}

/** Registers the form parser in the (encapsulated) Open311 plugin. */
export function installFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(FORM_TYPE, { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
