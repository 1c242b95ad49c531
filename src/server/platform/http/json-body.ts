import type { FastifyInstance } from 'fastify';
import { AppError } from './problem.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies are decoded strictly: Node's default decoding silently turns invalid UTF-8 into U+FFFD,
 * which would store corrupted Chinese text. Invalid bytes are a 400 instead.
 */
export function installStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json/, { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new AppError(400, 'invalid_utf8', 'The request body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(req, text, done);
  });
}
