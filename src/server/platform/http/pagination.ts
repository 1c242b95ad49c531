import { badRequest } from './problem.js';

/** Opaque cursors: base64url of the last row's sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key || !/^[0-9a-zA-Z:_-]{1,200}$/.test(key)) throw badRequest('invalid_cursor', 'The cursor is not one this server issued');
  return key;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
