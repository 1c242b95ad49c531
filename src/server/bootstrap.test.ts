// The first administrator is created on a database that holds only system accounts (the mail-intake
// user migration 019 inserts, the portal's): they cannot sign in, so they do not count as users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { ensureFirstAdmin } from './bootstrap.js';

describe('ensureFirstAdmin', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('creates the admin next to system accounts, and only once', async () => {
    Object.assign(env.ctx.config, { adminEmail: 'first-admin@example.com', adminPassword: 'first admin password 1' });
    await ensureFirstAdmin(env.ctx, () => undefined);
    const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'first-admin@example.com', password: 'first admin password 1' } });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user.roles).toEqual(['admin']);
    const before = await env.count('users');
    await ensureFirstAdmin(env.ctx, () => undefined);
    expect(await env.count('users')).toBe(before);
  });
});
