// The portal's in-browser bot check solver against the server's own challenge and verifier.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChallenge, verifySolution } from '../../server/modules/portal/pow.js';
import { sha256Hex } from './sha256.js';
import { solve } from './pow.js';

const key = crypto.randomBytes(32);

describe('portal bot check in the browser', () => {
  it('the JavaScript SHA-256 (for pages without Web Crypto) agrees with node:crypto', () => {
    const enc = new TextEncoder();
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), `${'x'.repeat(200)}中文`, 'deadbeef?expires=1234567890'])
      expect(sha256Hex(enc.encode(s))).toBe(crypto.createHash('sha256').update(s).digest('hex'));
  });

  it('solves a server challenge with Web Crypto and the server accepts it, reporting progress', async () => {
    const c = createChallenge(key, { maxNumber: 2000, ttlMs: 60_000 });
    const seen: number[] = [];
    const payload = await solve(c, (s) => seen.push(s));
    expect(verifySolution(key, payload)).toMatchObject({ ok: true, challenge: c.challenge });
    expect(seen.at(-1)).toBe(1);
  });

  it('solves it without Web Crypto too', async () => {
    const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle');
    Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });
    try {
      const c = createChallenge(key, { maxNumber: 1000, ttlMs: 60_000 });
      expect(verifySolution(key, await solve(c))).toMatchObject({ ok: true });
    } finally {
      if (subtle) Object.defineProperty(globalThis.crypto, 'subtle', subtle);
      else delete (globalThis.crypto as { subtle?: unknown }).subtle;
    }
  });
});
