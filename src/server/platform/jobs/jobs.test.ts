// The scheduler's guarantees: every timer fires, exactly once per instance set; a killed instance
// loses nothing (its leases expire and a survivor re-runs its jobs; idempotent handlers make the
// side effect happen once). Side effects are counted in a table with a unique key, and handler
// invocations separately.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, usingPostgres, type TestEnv } from '../../test/harness.js';
import { createDb, type Db, type DbHandle } from '../db/index.js';
import { enqueue, JobRunner } from './jobs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = pino({ level: 'silent' });

let env: TestEnv;
let schema: string | undefined;

async function scalar(db: Db, q: ReturnType<typeof sql<{ n: unknown }>>): Promise<number> {
  return Number((await q.execute(db)).rows[0].n);
}
const effects = (db: Db) => scalar(db, sql<{ n: unknown }>`SELECT count(*) AS n FROM timer_effects`);
const invocations = (db: Db) => scalar(db, sql<{ n: unknown }>`SELECT count(*) AS n FROM timer_invocations`);
const unfinished = (db: Db) => scalar(db, sql<{ n: unknown }>`SELECT count(*) AS n FROM jobs WHERE type = 'test.timer' AND status <> 'done'`);

async function reset(db: Db) {
  await sql`DELETE FROM timer_effects`.execute(db);
  await sql`DELETE FROM timer_invocations`.execute(db);
  await sql`DELETE FROM jobs WHERE type = 'test.timer'`.execute(db);
}

/** n timers due from `startIn` over `spreadMs`, enqueued in one transaction. */
async function scheduleTimers(db: Db, n: number, startIn: number, spreadMs: number, prefix: string) {
  const t0 = Date.now() + startIn;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++) {
      const key = `${prefix}-${i}`;
      await enqueue(trx, { type: 'test.timer', payload: { key }, runAt: t0 + Math.floor((i / n) * spreadMs), dedupeKey: `test:${key}` });
    }
  });
}

function handler(db: Db, worker: string, lateness?: number[]) {
  return async (payload: { key: string }, job: { run_at: number }) => {
    lateness?.push(Date.now() - job.run_at);
    await sql`INSERT INTO timer_invocations (key, worker, at) VALUES (${payload.key}, ${worker}, ${Date.now()})`.execute(db);
    await sql`INSERT INTO timer_effects (key, worker, at) VALUES (${payload.key}, ${worker}, ${Date.now()}) ON CONFLICT (key) DO NOTHING`.execute(db);
  };
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.ctx.db;
  await sql`CREATE TABLE timer_effects (key text PRIMARY KEY, worker text NOT NULL, at bigint NOT NULL)`.execute(db);
  await sql`CREATE TABLE timer_invocations (key text NOT NULL, worker text NOT NULL, at bigint NOT NULL)`.execute(db);
  if (usingPostgres()) schema = String((await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0].s);
});
afterAll(() => env?.close());

describe('the one scheduler', () => {
  it('two runners on one database fire 1,000 timers exactly once each', async () => {
    const db = env.ctx.db;
    await reset(db);
    // On PostgreSQL the second runner has its own connection pool, as a second instance would.
    let second: DbHandle | undefined;
    if (usingPostgres()) second = await createDb(process.env.TEST_DATABASE_URL!, { schema });
    const dbB = second?.db ?? db;
    const late: number[] = [];
    const a = new JobRunner(db, env.ctx.dialect, quiet, { leaseMs: 5_000, maxIdleMs: 100 });
    const b = new JobRunner(dbB, env.ctx.dialect, quiet, { leaseMs: 5_000, maxIdleMs: 100 });
    a.register('test.timer', handler(db, 'a', late));
    b.register('test.timer', handler(dbB, 'b', late));
    try {
      await scheduleTimers(db, 1000, 500, 1500, 'once');
      a.start();
      b.start();
      await waitFor(async () => (await unfinished(db)) === 0, 30_000, 'all timers done');
      expect(await effects(db)).toBe(1000);
      expect(await invocations(db)).toBe(1000); // nobody ran a job twice
      const dup = await sql<{ key: string }>`SELECT key FROM timer_invocations GROUP BY key HAVING count(*) > 1`.execute(db);
      expect(dup.rows).toEqual([]);
      if (usingPostgres()) {
        const per = await sql<{ worker: string; n: unknown }>`SELECT worker, count(*) AS n FROM timer_invocations GROUP BY worker`.execute(db);
        expect(per.rows.length).toBe(2); // both instances took a share
      }
      late.sort((x, y) => x - y);
      // Reported, not a benchmark: the bench scenario measures lateness under load.
      console.log(`timers: ${late.length} fired, p50 ${late[Math.floor(late.length / 2)]} ms, p99 ${late[Math.floor(late.length * 0.99)]} ms late`);
    } finally {
      await a.stop();
      await b.stop();
      await second?.close();
    }
  });

  it('reclaims a job whose lease expired (an instance stopped mid-job) and runs it again', async () => {
    const db = env.ctx.db;
    await reset(db);
    await scheduleTimers(db, 5, -1000, 0, 'lease');
    const crashed = new JobRunner(db, env.ctx.dialect, quiet, { leaseMs: 200 });
    crashed.register('test.timer', handler(db, 'crashed'));
    const claimed = await crashed.claim(Date.now()); // claims, then "dies" without running them
    expect(claimed).toHaveLength(5);
    const survivor = new JobRunner(db, env.ctx.dialect, quiet, { leaseMs: 5_000, maxIdleMs: 50 });
    survivor.register('test.timer', handler(db, 'survivor'));
    survivor.start();
    try {
      await waitFor(async () => (await unfinished(db)) === 0, 10_000, 'reclaimed jobs done');
      expect(await effects(db)).toBe(5);
      expect(survivor.metrics.reclaimed).toBe(5);
    } finally {
      await survivor.stop();
    }
  });

  it('re-schedules a timer by its key, and deletes done jobs after the retention period', async () => {
    const db = env.ctx.db;
    await reset(db);
    const far = Date.now() + 3_600_000;
    await enqueue(db, { type: 'test.timer', payload: { key: 'moved' }, runAt: far, dedupeKey: 'test:moved', replace: true });
    await enqueue(db, { type: 'test.timer', payload: { key: 'moved' }, runAt: Date.now() - 10, dedupeKey: 'test:moved', replace: true });
    const rows = await db.selectFrom('jobs').select(['run_at', 'status']).where('dedupe_key', '=', 'test:moved').execute();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].run_at)).toBeLessThan(far);
    const r = new JobRunner(db, env.ctx.dialect, quiet, { retentionMs: 0, maxIdleMs: 50 });
    r.register('test.timer', handler(db, 'r'));
    r.start();
    try {
      await waitFor(async () => (await unfinished(db)) === 0, 10_000, 'moved timer done');
    } finally {
      await r.stop();
    }
    expect(await effects(db)).toBe(1);
    expect(await r.cleanup(Date.now() + 1)).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom('jobs').select('id').where('dedupe_key', '=', 'test:moved').execute()).toEqual([]);
  });

  it('keeps renewing the lease of a job that runs longer than its lease, so no other instance runs it again', async () => {
    const db = env.ctx.db;
    await reset(db);
    await enqueue(db, { type: 'test.slow', payload: { key: 'slow' }, runAt: Date.now() - 10, dedupeKey: 'test:slow' });
    let runs = 0;
    const slow = async () => {
      runs++;
      await sleep(1_200);
    };
    const a = new JobRunner(db, env.ctx.dialect, quiet, { leaseMs: 300, maxIdleMs: 50 });
    const b = new JobRunner(db, env.ctx.dialect, quiet, { leaseMs: 300, maxIdleMs: 50 });
    a.register('test.slow', slow);
    b.register('test.slow', slow);
    a.start();
    await sleep(100);
    b.start();
    try {
      await waitFor(async () => (await db.selectFrom('jobs').select('status').where('dedupe_key', '=', 'test:slow').executeTakeFirst())?.status === 'done', 10_000, 'slow job done');
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(runs).toBe(1);
    expect(a.metrics.renewed + b.metrics.renewed).toBeGreaterThanOrEqual(3);
    expect(a.metrics.reclaimed + b.metrics.reclaimed).toBe(0);
  });

  it('a batch commits its effects with the done mark; a failing job rolls back alone and is retried', async () => {
    const db = env.ctx.db;
    await reset(db);
    await sql`DELETE FROM jobs WHERE type = 'test.batch'`.execute(db);
    await db.transaction().execute(async (trx) => {
      for (const key of ['b1', 'b2', 'poison', 'b3']) await enqueue(trx, { type: 'test.batch', payload: { key }, runAt: Date.now() - 10, maxAttempts: 1 });
    });
    const r = new JobRunner(db, env.ctx.dialect, quiet, { maxIdleMs: 50 });
    const calls: number[] = [];
    let afterCommits = 0;
    r.registerBatch('test.batch', async (jobs, trx) => {
      calls.push(jobs.length);
      for (const job of jobs) {
        const { key } = JSON.parse(job.payload) as { key: string };
        await sql`INSERT INTO timer_effects (key, worker, at) VALUES (${key}, 'batch', ${Date.now()})`.execute(trx);
        if (key === 'poison') throw new Error('poison');
      }
      return () => afterCommits++;
    });
    r.start();
    try {
      await waitFor(async () => (await scalar(db, sql<{ n: unknown }>`SELECT count(*) AS n FROM jobs WHERE type = 'test.batch' AND status IN ('pending', 'running')`)) === 0, 10_000, 'batch settled');
    } finally {
      await r.stop();
    }
    // First all four together (rolled back by the poison), then one by one.
    expect(calls).toEqual([4, 1, 1, 1, 1]);
    const keys = (await sql<{ key: string }>`SELECT key FROM timer_effects ORDER BY key`.execute(db)).rows.map((x) => x.key);
    expect(keys).toEqual(['b1', 'b2', 'b3']); // the poison's insert was rolled back with it
    const status = (await db.selectFrom('jobs').select(['payload', 'status']).where('type', '=', 'test.batch').execute()).map((j) => [JSON.parse(j.payload).key, j.status]);
    expect(Object.fromEntries(status)).toEqual({ b1: 'done', b2: 'done', b3: 'done', poison: 'dead' });
    expect(afterCommits).toBe(3);
  });

  it.skipIf(!usingPostgres())('two processes on one PostgreSQL: killing one mid-way loses no timer', async () => {
    const db = env.ctx.db;
    await reset(db);
    const spawnWorker = (name: string): Promise<ChildProcess> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'testing/timer-worker.ts')], {
          env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL, DB_SCHEMA: schema, WORKER_NAME: name, LEASE_MS: '1500', WORK_MS: '15' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        child.once('error', reject);
        child.stdout!.once('data', () => resolve(child));
      });
    const [a, b] = await Promise.all([spawnWorker('a'), spawnWorker('b')]);
    try {
      await scheduleTimers(db, 1000, 300, 2000, 'kill');
      await waitFor(async () => (await effects(db)) >= 300, 30_000, 'a third of the timers');
      a.kill('SIGKILL');
      const killedAt = Date.now();
      await waitFor(async () => (await unfinished(db)) === 0, 30_000, 'the survivor to finish');
      expect(await effects(db)).toBe(1000); // none lost
      const perWorker = await sql<{ worker: string; n: unknown }>`SELECT worker, count(*) AS n FROM timer_effects GROUP BY worker ORDER BY worker`.execute(db);
      expect(perWorker.rows.map((r) => r.worker)).toEqual(['a', 'b']);
      // At-least-once: only jobs the killed process had claimed can run twice.
      const extra = (await invocations(db)) - 1000;
      expect(extra).toBeGreaterThanOrEqual(0);
      expect(extra).toBeLessThanOrEqual(50);
      const afterKill = await scalar(db, sql<{ n: unknown }>`SELECT count(*) AS n FROM timer_invocations WHERE worker = 'a' AND at > ${killedAt + 100}`);
      expect(afterKill).toBe(0);
    } finally {
      a.kill('SIGKILL');
      b.kill('SIGKILL');
    }
  }, 60_000);
});
