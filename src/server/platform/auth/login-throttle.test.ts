import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_PASSWORD, type TestEnv } from '../../test/harness.js';

describe('login throttling', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  const login = (email: string, password: string, remoteAddress = '127.0.0.1') =>
    env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('login throttling is not beaten by concurrency: 25 simultaneous attempts (limit 10) → no success beyond the limit', async () => {
    const victim = await env.client(['handler']);
    // 24 guesses and, last, the right password: the right one is the 25th attempt, over the limit.
    const attempts = [...Array.from({ length: 24 }, (_, i) => `wrong guess ${i}`), TEST_PASSWORD];
    const results = await Promise.all(attempts.map((p) => login(victim.email, p, '198.51.100.7')));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s !== 429).length, statuses.join(',')).toBeLessThanOrEqual(10);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses).not.toContain(200);
    expect(results.at(-1)!.json().code).toBe('too_many_attempts');
  });

  it('login throttling does not let a stranger lock an account: wrong passwords from another address leave the owner able to sign in', async () => {
    const owner = await env.client(['handler']);
    for (let i = 0; i < 10; i++) expect((await login(owner.email, `bad guess ${i}`, '203.0.113.9')).statusCode).toBe(401);
    // The guesser is slowed down…
    const r = await login(owner.email, TEST_PASSWORD, '203.0.113.9');
    expect(r.statusCode).toBe(429);
    // …the owner, from their own address, is not.
    expect((await login(owner.email, TEST_PASSWORD, '127.0.0.1')).statusCode).toBe(200);
  });

  it('login throttling counts an IPv6 client per /64, so rotating addresses inside it does not reset the limit', async () => {
    const owner = await env.client(['handler']);
    for (let i = 1; i <= 10; i++) expect((await login(owner.email, `v6 guess ${i}`, `2001:db8:1:2::${i.toString(16)}`)).statusCode).toBe(401);
    expect((await login(owner.email, TEST_PASSWORD, '2001:db8:1:2:ffff::99')).statusCode).toBe(429);
    expect((await login(owner.email, TEST_PASSWORD, '2001:db8:1:3::1')).statusCode).toBe(200); // another /64
  });

  it('login throttling slows down guesses spread over many addresses to the per-account rate (a minute at most)', async () => {
    const owner = await env.client(['handler']);
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let i = 0; i < 25; i++) {
      const r = await login(owner.email, `spread guess ${i}`, `192.0.2.${i + 1}`);
      statuses.push(r.statusCode);
      if (r.statusCode === 429) retryAfter = r.json().retryAfter;
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });
});
