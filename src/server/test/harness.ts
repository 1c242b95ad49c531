import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../config.js';
import { createContext, type AppContext } from '../context.js';
import { buildApp } from '../app.js';
import { appendContractReport, describeViolations } from '../platform/http/response-contract.js';
import { OrgService } from '../modules/org/org.service.js';
import type { Role } from '../../shared/enums.js';
import type { Database } from '../platform/db/schema.js';

export const TEST_PASSWORD = 'correct horse battery';

/**
 * A real database per test suite: a fresh SQLite file, or — when TEST_DATABASE_URL is set — a fresh
 * schema in that PostgreSQL database, dropped afterwards.
 */
export interface TestEnv {
  ctx: AppContext;
  app: FastifyInstance;
  config: Config;
  dataDir: string;
  /** A signed-in client for a new user with these roles and departments. */
  client(roles: Role[], departmentIds?: string[]): Promise<TestClient>;
  department(nameZh?: string, nameEn?: string): Promise<string>;
  /** A client that authenticates with `Authorization: Bearer <token>` (no cookie, no CSRF token). */
  bearer(token: string): TestClient;
  /** Rows in a table, read straight from the database. */
  count(table: keyof Database): Promise<number>;
  close(): Promise<void>;
}

export interface TestClient {
  userId: string;
  email: string;
  /** Session clients: the session cookie's value and the CSRF token the login returned. */
  session?: { cookie: string; csrfToken: string };
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export const usingPostgres = () => !!process.env.TEST_DATABASE_URL;

export function testConfig(dataDir: string, extra: Partial<Config> = {}): Config {
  const base = loadConfig({ REDRESS_DATA_DIR: dataDir, REDRESS_SECRET_KEY: crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' });
  if (usingPostgres()) Object.assign(base, { databaseUrl: process.env.TEST_DATABASE_URL!, dialect: 'postgres' });
  return { ...base, ...extra };
}

export interface TestEnvOptions {
  startJobs?: boolean;
  /**
   * Validate every response against its route's declared schema (platform/http/response-contract.ts);
   * on by default. A mismatch answers 500 response_contract_violation and fails close().
   */
  responseContract?: boolean;
  /** Settings on top of the test config (metrics token, …). */
  config?: Partial<Config>;
  /** The context's logger (default: silent); tests that read log lines pass one writing to a stream. */
  log?: pino.Logger;
}

export async function createTestEnv(opts: TestEnvOptions = {}): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-test-'));
  // The calling test file, for the response-contract report.
  const suite = /[^\s(]*\.test\.ts/.exec(new Error().stack ?? '')?.[0] ?? '';
  const config = testConfig(dataDir, opts.config);
  const schema = usingPostgres() ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const ctx = await createContext(config, { log: opts.log ?? pino({ level: 'silent' }), schema });
  const app = await buildApp(ctx, { logger: false, webDir: path.join(dataDir, 'no-web'), responseContract: opts.responseContract !== false });
  await app.ready();
  if (opts.startJobs) ctx.jobs.start();
  const org = new OrgService(ctx);
  let n = 0;

  const env: TestEnv = {
    ctx,
    app,
    config,
    dataDir,
    async department(nameZh = `部门${++n}`, nameEn = `Department ${n}`) {
      return (await org.createDepartment(null, { nameZh, nameEn })).id;
    },
    async client(roles, departmentIds = []) {
      const email = `${roles.join('-')}-${++n}-${crypto.randomBytes(3).toString('hex')}@example.com`;
      const password = TEST_PASSWORD;
      const user = await org.createUser(null, { email, name: `${roles[0]} ${n}`, password, roles, departmentIds });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
      const cookie = login.cookies.find((c) => c.name === 'redress_session')!;
      const csrf = login.json().csrfToken as string;
      const request = (o: InjectOptions) =>
        app.inject({ ...o, headers: { cookie: `redress_session=${cookie.value}`, 'x-csrf-token': csrf, ...(o.headers ?? {}) } });
      return { ...verbs(request), userId: user.id, email, session: { cookie: cookie.value, csrfToken: csrf } };
    },
    bearer(token) {
      const request = (o: InjectOptions) => app.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...(o.headers ?? {}) } });
      return { ...verbs(request), userId: '', email: '' };
    },
    async count(table) {
      const r = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async close() {
      await app.close();
      await ctx.close();
      if (schema) {
        const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      // A response that broke its declared schema fails the suite even if no test looked at it.
      const contract = app.responseContract;
      const report = process.env.REDRESS_CONTRACT_REPORT;
      if (contract && report) appendContractReport(report, suite, contract);
      if (contract?.violations.length) throw new Error(`Responses that do not match their declared schema:\n${describeViolations(contract)}`);
    },
  };
  return env;
}

function verbs(request: TestClient['request']): Omit<TestClient, 'userId' | 'email' | 'session'> {
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body, headers) => request({ method: 'POST', url, payload: body as InjectOptions['payload'], headers }),
    patch: (url, body) => request({ method: 'PATCH', url, payload: body as InjectOptions['payload'] }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

export const sampleComplaint = (over: Record<string, unknown> = {}) => ({
  subject: '某高校食堂饭菜质量引发学生投诉',
  description: '学生反映食堂午餐饭菜有异味，多人要求学校给出说法。',
  channel: 'phone',
  complainant: { name: '张三', phone: '13812345678', email: 'zhang@example.com' },
  ...over,
});
