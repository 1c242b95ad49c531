import crypto from 'node:crypto';

/** Random secrets for sessions, API tokens and access codes; only their SHA-256 is stored. */
export function newSecret(prefix = ''): string {
  return prefix + crypto.randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export const API_TOKEN_PREFIX = 'rdt_';
