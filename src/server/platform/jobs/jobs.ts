import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Db, Dialect } from '../db/index.js';
import type { Database, JobTable } from '../db/schema.js';

export interface EnqueueOptions {
  type: string;
  payload?: unknown;
  runAt?: number;
  /** A job with the same key that is not yet done is not enqueued twice. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export type JobHandler = (payload: any, job: JobTable) => Promise<void>;

export interface JobTypeOptions {
  /** First retry delay in ms, doubling per attempt (default 1 s). Read at each failure, so it can be tuned at run time. */
  retryBaseMs?: () => number;
}

/** Writes a job inside the caller's transaction, so it exists exactly when the change that needs it does. */
export async function enqueue(trx: Transaction<Database> | Db, opts: EnqueueOptions, now = Date.now()): Promise<void> {
  await trx
    .insertInto('jobs')
    .values({
      id: uuidv7(),
      type: opts.type,
      payload: JSON.stringify(opts.payload ?? {}),
      run_at: opts.runAt ?? now,
      status: 'pending',
      attempts: 0,
      max_attempts: opts.maxAttempts ?? 8,
      lease_owner: null,
      lease_expires_at: null,
      dedupe_key: opts.dedupeKey ?? null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export interface RunnerOptions {
  leaseMs?: number;
  batch?: number;
  /** Longest sleep between polls when nothing is due; other instances' jobs are found within it. */
  maxIdleMs?: number;
  concurrency?: number;
}

/**
 * The one scheduler. Durable jobs with a due time, claimed under a lease (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, so instances never claim the same job), at-least-once with retries and exponential
 * backoff, then 'dead' for an admin to see. A crashed instance's jobs are re-claimed when the lease runs out.
 */
export class JobRunner {
  readonly owner = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  private handlers = new Map<string, JobHandler>();
  private typeOptions = new Map<string, JobTypeOptions>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private active = 0;
  private kicked = false;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly maxIdleMs: number;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly log: Logger,
    opts: RunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.batch = opts.batch ?? 50;
    this.maxIdleMs = opts.maxIdleMs ?? 500;
  }

  register(type: string, handler: JobHandler, opts: JobTypeOptions = {}): void {
    this.handlers.set(type, handler);
    this.typeOptions.set(type, opts);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running || this.active > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /** Run due jobs now (called after a commit that enqueued some). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let next = this.maxIdleMs;
    try {
      for (;;) {
        this.kicked = false;
        const jobs = await this.claim(Date.now());
        await Promise.all(jobs.map((j) => this.execute(j)));
        if (jobs.length < this.batch && !this.kicked) break;
      }
      const due = await this.db.selectFrom('jobs').select((eb) => eb.fn.min('run_at').as('at')).where('status', '=', 'pending').executeTakeFirst();
      if (due?.at != null) next = Math.max(0, Math.min(this.maxIdleMs, Number(due.at) - Date.now()));
    } catch (err) {
      this.log.error({ err }, 'job runner tick failed');
    } finally {
      this.running = false;
      this.schedule(this.kicked ? 0 : next);
    }
  }

  async claim(now: number): Promise<JobTable[]> {
    const lock = this.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const result = await sql<JobTable>`
      UPDATE jobs SET status = 'running', lease_owner = ${this.owner}, lease_expires_at = ${now + this.leaseMs},
        attempts = attempts + 1, updated_at = ${now}
      WHERE id IN (
        SELECT id FROM jobs
        WHERE (status = 'pending' AND run_at <= ${now}) OR (status = 'running' AND lease_expires_at < ${now})
        ORDER BY run_at LIMIT ${this.batch} ${lock}
      )
      RETURNING *`.execute(this.db);
    return result.rows.map((r) => ({ ...r, run_at: Number(r.run_at), attempts: Number(r.attempts) }));
  }

  private async execute(job: JobTable): Promise<void> {
    const handler = this.handlers.get(job.type);
    this.active++;
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(JSON.parse(job.payload), job);
      await this.db.updateTable('jobs').set({ status: 'done', lease_owner: null, lease_expires_at: null, updated_at: Date.now() }).where('id', '=', job.id).where('lease_owner', '=', this.owner).execute();
    } catch (err) {
      const dead = job.attempts >= job.max_attempts;
      const base = this.typeOptions.get(job.type)?.retryBaseMs?.() ?? 1000;
      const backoff = Math.min(60 * 60_000, base * 2 ** (job.attempts - 1)) * (0.75 + Math.random() / 2);
      this.log.warn({ err, job: job.id, type: job.type, attempts: job.attempts, dead }, 'job failed');
      await this.db
        .updateTable('jobs')
        .set({ status: dead ? 'dead' : 'pending', run_at: Date.now() + Math.round(backoff), lease_owner: null, lease_expires_at: null, last_error: String((err as Error)?.stack ?? err).slice(0, 4000), updated_at: Date.now() })
        .where('id', '=', job.id)
        .where('lease_owner', '=', this.owner)
        .execute();
    } finally {
      this.active--;
    }
  }
}
