import type { FastifyInstance } from 'fastify';
import { AppError } from './problem.js';

/** U+0000 percent-encoded anywhere in a URL (path or query). */
const ENCODED_NUL = /%00/;

/**
 * A NUL character (U+0000) is never text a person typed, and PostgreSQL cannot store or even compare
 * it (`invalid byte sequence for encoding "UTF8": 0x00`): an id or a search term holding one used to
 * reach the database and answer 500 on PostgreSQL while SQLite answered 404. Refused at the door as
 * 400 `nul_character`, in the URL here and in JSON bodies by the JSON parser (json-body.ts).
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (ENCODED_NUL.test(req.url)) throw new AppError(400, 'nul_character', 'The URL holds a NUL character (%00), which is not text');
  });
}
