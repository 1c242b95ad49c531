import type { FastifyInstance } from 'fastify';
import { AppError } from './problem.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A \uD800–\uDFFF escape somewhere in the text: only then can a decoded string hold a lone surrogate. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A \u0000 escape: the only way a JSON text can hold a NUL (raw control characters are not JSON). */
const NUL_ESCAPE = /\\u0000/;

class LoneSurrogate extends Error {}
class NulCharacter extends Error {}

function rejectUnstorableText(key: string, value: unknown): unknown {
  if (LONE_SURROGATE.test(key) || (typeof value === 'string' && LONE_SURROGATE.test(value))) throw new LoneSurrogate();
  if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) throw new NulCharacter();
  return value;
}

/**
 * JSON bodies are decoded strictly: Node's default decoding silently turns invalid UTF-8 into U+FFFD,
 * which would store corrupted Chinese text. Invalid bytes are a 400 instead, and so is an escaped
 * lone surrogate ("\ud800"), which no UTF-8 column can hold, and an escaped NUL ("\u0000"), which
 * PostgreSQL text cannot hold (it answered 500 there; found by the fuzzer). A "__proto__" key is plain data:
 * JSON.parse makes it an own property (it never sets a prototype), and request handlers copy bodies
 * by spreading, which keeps it an own property.
 */
export function installStrictJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json/, { parseAs: 'buffer' }, (_req, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new AppError(400, 'invalid_utf8', 'The request body is not valid UTF-8'), undefined);
      return;
    }
    if (!text.trim()) {
      done(new AppError(400, 'malformed_json', 'The request body is empty'), undefined);
      return;
    }
    try {
      done(null, SURROGATE_ESCAPE.test(text) || NUL_ESCAPE.test(text) ? JSON.parse(text, rejectUnstorableText) : JSON.parse(text));
    } catch (err) {
      if (err instanceof LoneSurrogate) done(new AppError(400, 'invalid_unicode', 'The request body holds an unpaired surrogate (\\ud800–\\udfff) that is not text'), undefined);
      else if (err instanceof NulCharacter) done(new AppError(400, 'nul_character', 'The request body holds a NUL character (\\u0000), which no text column can hold (PostgreSQL refuses it)'), undefined);
      else done(new AppError(400, 'malformed_json', 'The request body is not valid JSON'), undefined);
    }
  });
}
