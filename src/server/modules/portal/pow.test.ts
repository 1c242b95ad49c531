import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChallenge, decodeSolution, solveChallenge, verifySolution } from './pow.js';
import { loadPortalConfig } from './portal.config.js';

const key = crypto.randomBytes(32);
const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64');

describe('proof of work (ALTCHA format)', () => {
  it('a solved challenge verifies until it expires; the expiry is inside the salt', () => {
    const now = Date.parse('2026-12-05T00:00:00Z');
    const c = createChallenge(key, { maxNumber: 500, ttlMs: 60_000, now });
    expect(c).toMatchObject({ algorithm: 'SHA-256', maxnumber: 500, expiresAt: '2026-12-05T00:01:00.000Z' });
    expect(c.salt).toMatch(/^[0-9a-f]{24}\?expires=\d+$/);
    const payload = solveChallenge(c);
    const s = decodeSolution(payload)!;
    expect(s.number).toBeLessThanOrEqual(500);
    expect(crypto.createHash('sha256').update(c.salt + s.number).digest('hex')).toBe(c.challenge);
    expect(verifySolution(key, payload, now + 59_000)).toEqual({ ok: true, challenge: c.challenge, expiresAt: now + 60_000 });
    expect(verifySolution(key, payload, now + 60_000)).toEqual({ ok: false, code: 'pow_expired' });
  });

  it('refuses another key, a wrong number, a changed salt, another algorithm and junk', () => {
    const c = createChallenge(key, { maxNumber: 100, ttlMs: 60_000 });
    const s = decodeSolution(solveChallenge(c))!;
    expect(verifySolution(crypto.randomBytes(32), enc(s)).ok).toBe(false);
    expect(verifySolution(key, enc({ ...s, number: s.number + 1 }))).toEqual({ ok: false, code: 'pow_invalid' });
    expect(verifySolution(key, enc({ ...s, salt: s.salt + '0' }))).toEqual({ ok: false, code: 'pow_invalid' });
    expect(verifySolution(key, enc({ ...s, algorithm: 'SHA-1' }))).toEqual({ ok: false, code: 'pow_malformed' });
    expect(verifySolution(key, enc({ ...s, number: -1 }))).toEqual({ ok: false, code: 'pow_malformed' });
    expect(verifySolution(key, enc({ ...s, number: '3' }))).toEqual({ ok: false, code: 'pow_malformed' });
    expect(verifySolution(key, '%%%')).toEqual({ ok: false, code: 'pow_malformed' });
    expect(verifySolution(key, enc([1, 2]))).toEqual({ ok: false, code: 'pow_malformed' });
  });
});

describe('portal configuration', () => {
  it('has defaults and reports every bad value', () => {
    const problems: string[] = [];
    expect(loadPortalConfig({}, problems)).toMatchObject({ publicBaseUrl: undefined, powMaxNumber: 100_000, submitLimit: 10, codeLimit: 30, surveyReopen: 'dissatisfied' });
    expect(problems).toEqual([]);
    const c = loadPortalConfig({ REDRESS_PUBLIC_URL: 'https://portal.example.gov/', REDRESS_SURVEY_REOPEN: 'never', REDRESS_PORTAL_POW_MAX: '5000' }, problems);
    expect(c).toMatchObject({ publicBaseUrl: 'https://portal.example.gov', surveyReopen: 'never', powMaxNumber: 5000 });
    loadPortalConfig({ REDRESS_PUBLIC_URL: 'javascript:alert(1)', REDRESS_SURVEY_REOPEN: 'sometimes', REDRESS_PORTAL_POW_MAX: '1e6', REDRESS_PORTAL_SUBMIT_LIMIT: '0' }, problems);
    expect(problems).toHaveLength(4);
  });
});
