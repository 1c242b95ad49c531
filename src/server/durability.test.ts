import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleComplaint, usingPostgres } from './test/harness.js';

/**
 * A complaint acknowledged with 201 survives kill -9 of the server: the real `redress serve`
 * process, killed mid-stream of creates, restarted on the same data.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN = { email: 'admin@kill.test', password: 'kill-test-password' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  // node --import tsx runs the server in this one process, so SIGKILL reaches the server itself
  // (npx and the tsx CLI would each put a wrapper process in between).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'serve'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (children.delete(child), resolve(code))));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('Redress is serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (output += d));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${output}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, exited };
}

async function signIn(base: string): Promise<Record<string, string>> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(r.status).toBe(200);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('redress_session='))!.split(';')[0];
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

describe('durability: kill -9', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let pgDatabase: string | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-kill-'));
    let databaseUrl = `sqlite:${path.join(dataDir, 'redress.sqlite')}`;
    if (usingPostgres()) {
      // The server migrates the public schema of its database: give it a database of its own.
      pgDatabase = `redress_kill_${crypto.randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${pgDatabase}`);
      await admin.end();
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${pgDatabase}`;
      databaseUrl = u.toString();
    }
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDRESS_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      REDRESS_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      REDRESS_ADMIN_EMAIL: ADMIN.email,
      REDRESS_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    for (const c of children) if (c.pid) process.kill(-c.pid, 'SIGKILL');
    if (pgDatabase) {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('every complaint acknowledged with 201 is there after the server is SIGKILLed mid-stream and restarted', async () => {
    const first = await startServer(env);
    const headers = await signIn(first.base);
    const acknowledged: string[] = [];
    let failed = 0;
    let killed = false;
    const KILL_AFTER = 40;

    const worker = async (w: number) => {
      for (let i = 0; ; i++) {
        try {
          const r = await fetch(`${first.base}/api/v1/complaints`, { method: 'POST', headers, body: JSON.stringify(sampleComplaint({ subject: `kill -9 worker ${w} #${i}` })) });
          if (r.status !== 201) throw new Error(`unexpected ${r.status}: ${await r.text()}`);
          acknowledged.push(((await r.json()) as { id: string }).id);
          if (acknowledged.length >= KILL_AFTER && !killed) {
            killed = true;
            // The whole process group: the server and nothing else we started.
            process.kill(-first.child.pid!, 'SIGKILL');
          }
        } catch (e) {
          if (!killed) throw e;
          failed++;
          return; // the server is gone
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    expect(await first.exited).toBeNull(); // killed by a signal, not exited
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(failed).toBeGreaterThan(0); // requests were in flight when it died

    const second = await startServer(env);
    try {
      const h2 = await signIn(second.base);
      const missing: string[] = [];
      for (const id of acknowledged) {
        const r = await fetch(`${second.base}/api/v1/complaints/${id}`, { headers: h2 });
        if (r.status !== 200) missing.push(`${id}: ${r.status}`);
        else expect(((await r.json()) as { id: string; status: string }).status).toBe('received');
      }
      expect(missing).toEqual([]);
      // And the server takes new complaints after the crash.
      const r = await fetch(`${second.base}/api/v1/complaints`, { method: 'POST', headers: h2, body: JSON.stringify(sampleComplaint()) });
      expect(r.status).toBe(201);
    } finally {
      process.kill(-second.child.pid!, 'SIGTERM');
      await second.exited;
    }
  }, 180_000);
});
