// Real faulty components for the fault-injection suites and the `faults` bench scenario: servers
// that accept connections and never answer, a second process writing the same SQLite file, and an
// event-loop lag probe. Not a test file itself.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface BlackHole {
  url: string;
  /** Connections accepted so far, and those still open. */
  accepted(): number;
  open(): number;
  close(): Promise<void>;
}

function track(server: net.Server) {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  server.on('connection', (s) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return {
    accepted: () => accepted,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server that reads each request and never responds (a hung webhook receiver). */
export async function hungHttpServer(): Promise<BlackHole> {
  const server = http.createServer(() => undefined);
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  const t = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, ...t };
}

/** A TCP server on which an SMTP client waits forever for the greeting (a hung mail server). */
export async function hungSmtpServer(): Promise<BlackHole> {
  const server = net.createServer(() => undefined);
  const t = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, ...t };
}

/** The longest the event loop was blocked while `fn` ran (ms). */
export async function maxEventLoopDelay<T>(fn: () => Promise<T>): Promise<{ result: T; maxDelayMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  try {
    const result = await fn();
    return { result, maxDelayMs: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

/**
 * Another process writing the same SQLite file, as the CLI (`redress demo`, `user add`) would: in a
 * loop it takes the write lock (BEGIN IMMEDIATE), inserts, holds the lock `holdMs`, commits, pauses.
 */
export function startSqliteWriter(
  file: string,
  opts: { holdMs?: number; pauseMs?: number } = {},
): Promise<{ child: ChildProcess; commits(): number; stop(): Promise<number> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 10000');
    db.exec('CREATE TABLE IF NOT EXISTS fault_writer (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)');
    const hold = Number(process.argv[2]), pause = Number(process.argv[3]);
    const spin = (ms) => { const until = Date.now() + ms; while (Date.now() < until); };
    let n = 0, stop = false;
    process.on('SIGTERM', () => { stop = true; });
    process.stdout.write('ready\\n');
    const loop = () => {
      if (stop) { process.stdout.write('commits ' + n + '\\n'); db.close(); process.exit(0); }
      db.exec('BEGIN IMMEDIATE');
      db.prepare('INSERT INTO fault_writer (at) VALUES (?)').run(Date.now());
      spin(hold);
      db.exec('COMMIT');
      n++;
      process.stdout.write('c\\n');
      setTimeout(loop, pause);
    };
    loop();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, file, String(opts.holdMs ?? 30), String(opts.pauseMs ?? 5)], { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => (out += d));
    child.once('error', reject);
    child.stdout!.once('data', () =>
      resolve({
        child,
        commits: () => (out.match(/^c$/gm) ?? []).length,
        stop: () =>
          new Promise<number>((res) => {
            child.once('exit', () => res(Number(/commits (\d+)/.exec(out)?.[1] ?? 0)));
            child.kill('SIGTERM');
          }),
      }),
    );
  });
}
