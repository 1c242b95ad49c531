// A bare scheduler instance for the multi-process tests: connects to DATABASE_URL (schema
// DB_SCHEMA), runs 'test.timer' jobs — each counts its invocation, works WORK_MS (or the payload's
// `ms`), then records its side effect once (unique key) — until killed. Run with `node --import tsx timer-worker.ts`.
import pino from 'pino';
import { sql } from 'kysely';
import { createDb } from '../../db/index.js';
import { JobRunner } from '../jobs.js';

const url = process.env.DATABASE_URL!;
const schema = process.env.DB_SCHEMA || undefined;
const name = process.env.WORKER_NAME ?? String(process.pid);
const handle = await createDb(url, { schema, poolSize: 8 });
const runner = new JobRunner(handle.db, handle.dialect, pino({ level: 'silent' }), {
  leaseMs: Number(process.env.LEASE_MS ?? 1500),
  batch: Number(process.env.BATCH ?? 50),
  maxIdleMs: 100,
});
const workMs = Number(process.env.WORK_MS ?? 10);
runner.register('test.timer', async (payload: { key: string; ms?: number }) => {
  await sql`INSERT INTO timer_invocations (key, worker, at) VALUES (${payload.key}, ${name}, ${Date.now()})`.execute(handle.db);
  await new Promise((r) => setTimeout(r, payload.ms ?? workMs));
  await sql`INSERT INTO timer_effects (key, worker, at) VALUES (${payload.key}, ${name}, ${Date.now()}) ON CONFLICT (key) DO NOTHING`.execute(handle.db);
});
runner.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => void runner.stop().then(() => handle.close()).then(() => process.exit(0)));
