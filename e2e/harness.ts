// Starts the real server (built dist, fresh data directory, free port) and drives Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHOTS = path.join(root, 'test-results/screenshots');
export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password-1' };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Server {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  database: 'sqlite' | 'postgres';
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * With TEST_DATABASE_URL set (CI runs the suite a second time so), the server runs on PostgreSQL: a
 * fresh database `redress_e2e_<random>` on that URL's server, dropped WITH (FORCE) afterwards.
 */
async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return null;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const name = `redress_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<Server> {
  const main = path.join(root, 'dist/server/main.js');
  if (!fs.existsSync(main) || !fs.existsSync(path.join(root, 'dist/web/index.html'))) throw new Error('Build first: node scripts/build.mjs');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-e2e-'));
  const database = await createPgDatabase();
  let out = '';
  const proc = spawn(process.execPath, [main, 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDRESS_DATA_DIR: dataDir,
      DATABASE_URL: database?.url ?? '',
      REDRESS_ADMIN_EMAIL: ADMIN.email,
      REDRESS_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${out}`);
      try {
        const r = await fetch(`${url}/readyz`);
        if (r.ok) break;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not become ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
  return { url, dataDir, proc, database: database ? 'postgres' : 'sqlite', log: () => out, stop };
}

/** A signed-in API client (session cookie + CSRF), for setting up data the journeys start from. */
export async function apiClient(baseUrl: string, email: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async <T = any>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const r = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: <T = any>(p: string) => call<T>('GET', p),
    post: <T = any>(p: string, b?: unknown, h?: Record<string, string>) => call<T>('POST', p, b ?? {}, h),
    patch: <T = any>(p: string, b: unknown) => call<T>('PATCH', p, b),
    put: <T = any>(p: string, b: unknown) => call<T>('PUT', p, b),
  };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** Every console error, uncaught page error and JavaScript dialog in a context, for the final assertions. */
export interface Watch {
  consoleErrors: string[];
  dialogs: string[];
}

export async function newContext(browser: Browser, watch: Watch, locale = 'zh-CN'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
  ctx.on('page', (p) => observe(p, watch));
  return ctx;
}

export function observe(page: Page, watch: Watch): void {
  page.on('console', (m) => {
    if (m.type() === 'error') watch.consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => watch.consoleErrors.push(`${page.url()}: pageerror ${e.message}`));
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

export async function login(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('#email, input[autocomplete="username"]').first().fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForSelector('[data-testid="user-menu"]');
}

/**
 * Signs a browser context in through the API (session cookie + the app's "signed in" hint), which is
 * much quicker than the login form; the form itself is covered by its own journey.
 */
export async function signInContext(ctx: BrowserContext, baseUrl: string, email: string, password: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  await ctx.addCookies(
    res.headers.getSetCookie().map((c) => {
      const pair = c.split(';')[0];
      const i = pair.indexOf('=');
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: baseUrl };
    }),
  );
  await ctx.addInitScript(() => {
    try {
      if (location.protocol.startsWith('http')) localStorage.setItem('redress.signedIn', '1');
    } catch {
      /* about:blank has no storage */
    }
  });
}

/** Pick an option in an antd Select that is labelled or found by `trigger`. */
export async function pickOption(page: Page, trigger: ReturnType<Page['locator']>, text: string): Promise<void> {
  // Under load a click can land while the dropdown is still animating in and select nothing. The
  // choice is made when the select shows it or the option is marked selected; otherwise choose once
  // more (never on an option already selected: in a multiple select that would unselect it).
  const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
  const option = page.locator(`${open} .ant-select-item-option`, { hasText: text }).first();
  const made = async () =>
    (await trigger.locator('.ant-select-selection-item', { hasText: text }).count()) > 0 ||
    (await page.locator(`${open} .ant-select-item-option-selected`, { hasText: text }).count()) > 0;
  await trigger.click();
  await option.click();
  for (let waited = 0; waited < 2_000; waited += 100) {
    if (await made()) return;
    await page.waitForTimeout(100);
  }
  if (!(await page.locator(open).count())) await trigger.click();
  await option.click();
}
