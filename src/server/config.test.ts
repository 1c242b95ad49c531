import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('loadConfig accepted it');
};

describe('loadConfig', () => {
  it('defaults to SQLite in ./data on port 3000, Asia/Shanghai, zh-CN', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', dialect: 'sqlite', timezone: 'Asia/Shanghai', locale: 'zh-CN', secureCookies: false });
    expect(c.databaseUrl).toBe(path.resolve('data', 'redress.sqlite'));
  });

  it('accepts postgres:// and sqlite: URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/redress' })).toMatchObject({ dialect: 'postgres', databaseUrl: 'postgres://u:p@db:5432/redress' });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/redress' }).dialect).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/redress/db.sqlite' })).toMatchObject({ dialect: 'sqlite', databaseUrl: '/var/lib/redress/db.sqlite' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:///var/lib/redress/db.sqlite' }).databaseUrl).toBe('/var/lib/redress/db.sqlite');
    expect(loadConfig({ PORT: '8080', REDRESS_TIMEZONE: 'America/New_York' })).toMatchObject({ port: 8080, timezone: 'America/New_York' });
  });

  it('reports every bad value at once, each with a clear message', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://db/redress', REDRESS_TIMEZONE: 'Mars/Olympus_Mons', REDRESS_ADMIN_PASSWORD: 'short' });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT'))).toMatch(/PORT must be an integer 0–65535, got "eighty"/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toMatch(/postgres:\/\/.*got "mysql:…"/);
    expect(problems.find((p) => p.startsWith('REDRESS_TIMEZONE'))).toContain('Mars/Olympus_Mons');
    expect(problems.find((p) => p.startsWith('REDRESS_ADMIN_PASSWORD'))).toMatch(/at least 10 characters/);
    // The thrown message lists them all.
    expect(() => loadConfig({ PORT: 'eighty', REDRESS_TIMEZONE: 'Nowhere' })).toThrow(/Invalid configuration:\n {2}- PORT.*\n {2}- REDRESS_TIMEZONE/);
  });

  it.each(['-1', '65536', '3000.5', 'eighty', '80abc', '0x1F', '1e3', ' '])('rejects PORT=%j', (port) => {
    expect(problemsOf({ PORT: port }).join()).toMatch(/^PORT must be/);
  });

  it('rejects other bad values', () => {
    expect(problemsOf({ DATABASE_URL: '/just/a/path.sqlite' })[0]).toMatch(/^DATABASE_URL/);
    expect(problemsOf({ REDRESS_SECRET_KEY: 'too-short' })[0]).toMatch(/^REDRESS_SECRET_KEY/);
    expect(problemsOf({ REDRESS_LOCALE: 'fr' })[0]).toMatch(/^REDRESS_LOCALE/);
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL/);
    expect(problemsOf({ REDRESS_ADMIN_EMAIL: 'admin' })[0]).toMatch(/^REDRESS_ADMIN_EMAIL/);
    expect(problemsOf({ SMTP_URL: 'http://mail' })[0]).toMatch(/^SMTP_URL/);
  });

  it('a 32-byte secret key is accepted as hex or base64', () => {
    expect(loadConfig({ REDRESS_SECRET_KEY: 'ab'.repeat(32) }).secretKey).toBe('ab'.repeat(32));
    expect(loadConfig({ REDRESS_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).secretKey).toBeTruthy();
  });
});
