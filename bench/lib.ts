import { spawn, execFile, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { createContext, type AppContext } from '../src/server/context.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const MAIN = path.join(ROOT, 'src', 'server', 'main.ts');
const run = promisify(execFile);
/** Clock ticks per second of /proc/<pid>/stat times (100 on Linux). */
const CLK_TCK = 100;

export type DbKind = 'sqlite' | 'postgres';

export interface BenchArgs {
  scenario: string;
  db: DbKind;
  size?: number;
  pgUrl: string;
  /** Seconds per autocannon run. */
  duration: number;
}

export const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** A printable table. */
export function table(rows: Array<Record<string, string | number>>): string {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]);
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals: string[]) => vals.map((v, i) => (i === 0 ? v.padEnd(w[i]) : v.padStart(w[i]))).join('  ');
  return [line(cols), line(w.map((n) => '-'.repeat(n))), ...rows.map((r) => line(cols.map((c) => String(r[c] ?? ''))))].join('\n');
}

export async function machine(db: DbKind, pgUrl: string) {
  const cpus = os.cpus();
  const info: Record<string, unknown> = { loadavg: os.loadavg().map((x) => round(x, 2)), cpus: cpus.length, cpuModel: cpus[0]?.model, memGb: round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  const { default: Sqlite } = await import('better-sqlite3');
  const s = new Sqlite(':memory:');
  info.sqlite = (s.prepare('select sqlite_version() v').get() as { v: string }).v;
  s.close();
  if (db === 'postgres') {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    info.postgres = (await c.query('show server_version')).rows[0].server_version;
    await c.end();
  }
  return info;
}

export function writeResult(scenario: string, db: DbKind, data: Record<string, unknown>): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${scenario}-${db}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

export function resultLine(scenario: string, fields: Record<string, string | number>): string {
  return `RESULT ${scenario} ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

/** A fresh database (temporary SQLite directory or a new PostgreSQL database) and the environment that points the server at it. */
export interface BenchDb {
  kind: DbKind;
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

export async function freshDb(kind: DbKind, pgUrl: string): Promise<BenchDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDRESS_DATA_DIR: dataDir,
    REDRESS_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    REDRESS_ADMIN_EMAIL: 'bench@redress.local',
    REDRESS_ADMIN_PASSWORD: 'bench-password-1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  };
  if (kind === 'sqlite') {
    return { kind, env, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `redress_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  env.DATABASE_URL = u.toString();
  return {
    kind,
    env,
    async drop() {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An AppContext in the bench process on the same database and key as the server. */
export async function benchContext(db: BenchDb): Promise<AppContext> {
  return createContext(loadConfig({ ...db.env, LOG_LEVEL: 'silent' }), { log: pino({ level: 'silent' }) });
}

/** `redress <args>` as its own process (node with the tsx loader), like an operator would run it. */
export async function cli(db: BenchDb, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: db.env, cwd: ROOT, maxBuffer: 16 << 20 });
  return stdout;
}

/** Creates the bench admin (if missing) and an API token for it through the CLI. */
export async function apiToken(db: BenchDb): Promise<string> {
  const ctx = await benchContext(db);
  const { ensureFirstAdmin } = await import('../src/server/bootstrap.js');
  await ensureFirstAdmin(ctx, () => undefined);
  await ctx.close();
  const out = await cli(db, ['token', 'create', '--email', 'bench@redress.local', '--name', 'bench']);
  return out.trim().split('\n').pop()!.trim();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  rssMb(): number;
  /** CPU time (user + system) the server process has used, in ms: robust to other load on the machine, unlike wall-clock rates. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** The real server: `node --import tsx src/server/main.ts serve` on a free port. */
export async function startServer(db: BenchDb, extraEnv: NodeJS.ProcessEnv = {}): Promise<Server> {
  const port = await freePort();
  // BENCH_PROFILE=1: V8 CPU profiles of the server in bench/results/profiles (open in Chrome DevTools).
  const prof = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', '--cpu-prof-dir', path.join(RESULTS_DIR, 'profiles')] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', MAIN, 'serve'], { env: { ...db.env, PORT: String(port), HOST: '127.0.0.1', ...extraEnv }, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const startS = Number(process.env.BENCH_START_TIMEOUT || 180);
  const deadline = Date.now() + startS * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start within ${startS} s (BENCH_START_TIMEOUT):\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    child,
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? round(Number(m[1]) / 1024) : NaN;
    },
    cpuMs() {
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(t);
    },
  };
}

export interface LoadFigures {
  n: number;
  /** Wall-clock seconds of the bulk load, index rebuild and VACUUM ANALYZE included. */
  seconds: number;
  perSec: number;
  /** Seconds of that after the rows (PostgreSQL: indexes, foreign keys, VACUUM ANALYZE). */
  finishSeconds: number;
  /** The scenario that loaded it (a later scenario of the same run reuses the database). */
  loadedBy: string;
}

/** Loaded databases of this run by dialect and size: the scenarios of one run share them; dropLoaded() drops them. */
const loadedDbs = new Map<string, Promise<{ db: BenchDb; load: LoadFigures }>>();

/**
 * A database with `size` bulk-loaded complaints (bench/load.ts), loaded once per run, dialect and
 * size: the first scenario that asks loads it (timed), later ones of the same run reuse it. Scenarios
 * do not drop it; the runner calls dropLoaded() once no remaining scenario needs it.
 */
export async function loaded(args: BenchArgs, size: number, print: (s: string) => void): Promise<{ db: BenchDb; load: LoadFigures }> {
  const key = `${args.db}:${size}`;
  const have = loadedDbs.get(key);
  if (have) {
    const r = await have;
    print(`using the database ${r.load.loadedBy} loaded earlier in this run (${size} complaints in ${r.load.seconds} s, ${r.load.perSec}/s)`);
    return r;
  }
  const p = (async () => {
    const db = await freshDb(args.db, args.pgUrl);
    try {
      await apiToken(db).catch(() => undefined); // creates the bench admin first (the loader records it as creator)
      const ctx = await benchContext(db);
      const { bulkLoad } = await import('./load.js');
      let last = 0;
      try {
        const r = await bulkLoad(ctx, size, {
          onProgress: (done, n, perSec) => {
            if (done - last >= n / 10 || done === n) {
              last = done;
              print(`  bulk load ${done}/${n} (${perSec}/s)`);
            }
          },
          onPhase: (what, ms) => print(`  bulk load: ${what} in ${round(ms / 1000)} s`),
        });
        return { db, load: { n: size, seconds: round(r.ms / 1000), perSec: r.perSec, finishSeconds: round(r.finishMs / 1000), loadedBy: args.scenario } };
      } finally {
        await ctx.close();
      }
    } catch (e) {
      await db.drop().catch(() => undefined);
      throw e;
    }
  })();
  loadedDbs.set(key, p);
  return p;
}

/** Drops the databases loaded by loaded() in this run. */
export async function dropLoaded(): Promise<void> {
  const all = [...loadedDbs.values()];
  loadedDbs.clear();
  for (const p of all) {
    const r = await p.catch(() => undefined);
    await r?.db.drop();
  }
}
