import crypto from 'node:crypto';

/**
 * A proof-of-work bot check that needs no outside service, in the ALTCHA format: the server issues
 * `{algorithm, challenge, maxnumber, salt, signature}` where `challenge = SHA-256(salt + n)` for a
 * secret random n ≤ maxnumber and `signature = HMAC-SHA256(key, challenge)`; the browser tries
 * 0, 1, 2, … until SHA-256(salt + number) equals the challenge and sends back
 * base64(JSON {algorithm, challenge, number, salt, signature}). The salt carries its expiry
 * (`?expires=<unix seconds>`), so it is covered by the challenge hash and the signature: a client
 * cannot extend it. The server keeps nothing until a solution is redeemed (single use: pow.store.ts).
 */
export const POW_ALGORITHM = 'SHA-256';

export interface PowChallenge {
  algorithm: typeof POW_ALGORITHM;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
  /** When the challenge stops being accepted (ISO 8601; also inside the salt). */
  expiresAt: string;
}

export interface PowSolution {
  algorithm: string;
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

const sha256hex = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const hmacHex = (key: Buffer, s: string) => crypto.createHmac('sha256', key).update(s).digest('hex');

export function createChallenge(key: Buffer, opts: { maxNumber: number; ttlMs: number; now?: number }): PowChallenge {
  const now = opts.now ?? Date.now();
  const expires = Math.floor((now + opts.ttlMs) / 1000);
  const salt = `${crypto.randomBytes(12).toString('hex')}?expires=${expires}`;
  const secret = crypto.randomInt(0, opts.maxNumber + 1);
  const challenge = sha256hex(salt + secret);
  return { algorithm: POW_ALGORITHM, challenge, maxnumber: opts.maxNumber, salt, signature: hmacHex(key, challenge), expiresAt: new Date(expires * 1000).toISOString() };
}

export type VerifyResult = { ok: true; challenge: string; expiresAt: number } | { ok: false; code: 'pow_malformed' | 'pow_expired' | 'pow_invalid' };

/** Decodes the base64 JSON payload (ALTCHA widget format) or a solution object. */
export function decodeSolution(payload: string): PowSolution | null {
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Partial<PowSolution>;
    if (typeof v !== 'object' || v === null) return null;
    if (typeof v.algorithm !== 'string' || typeof v.challenge !== 'string' || typeof v.salt !== 'string' || typeof v.signature !== 'string') return null;
    if (typeof v.number !== 'number' || !Number.isSafeInteger(v.number) || v.number < 0) return null;
    if (v.challenge.length > 128 || v.salt.length > 200 || v.signature.length > 128) return null;
    return v as PowSolution;
  } catch {
    return null;
  }
}

/** Checks signature, expiry and the work; it does not check single use (the caller redeems it). */
export function verifySolution(key: Buffer, payload: string, now = Date.now()): VerifyResult {
  const s = decodeSolution(payload);
  if (!s || s.algorithm !== POW_ALGORITHM) return { ok: false, code: 'pow_malformed' };
  const expires = /[?&]expires=(\d{1,12})(?:&|$)/.exec(s.salt);
  if (!expires) return { ok: false, code: 'pow_malformed' };
  const expiresAt = Number(expires[1]) * 1000;
  if (!safeEqualHex(hmacHex(key, s.challenge), s.signature)) return { ok: false, code: 'pow_invalid' };
  if (!safeEqualHex(sha256hex(s.salt + s.number), s.challenge)) return { ok: false, code: 'pow_invalid' };
  if (expiresAt <= now) return { ok: false, code: 'pow_expired' };
  return { ok: true, challenge: s.challenge, expiresAt };
}

function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** What the browser does: the first number whose hash is the challenge (tests and scripts use it). */
export function solveChallenge(c: Pick<PowChallenge, 'algorithm' | 'challenge' | 'maxnumber' | 'salt' | 'signature'>): string {
  for (let n = 0; n <= c.maxnumber; n++) {
    if (sha256hex(c.salt + n) === c.challenge) {
      return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })).toString('base64');
    }
  }
  throw new Error('challenge has no solution up to maxnumber');
}
