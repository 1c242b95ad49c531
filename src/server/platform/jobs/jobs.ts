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
  /**
   * At most one job row per key. Without `replace` a second enqueue with the key is ignored while
   * the first row exists (done rows are deleted after the retention period).
   */
  dedupeKey?: string;
  /**
   * With a dedupeKey: move the existing job to this runAt/payload and make it pending again, even if
   * it already ran or is running (a running attempt then finishes without marking it done). This is
   * how a durable timer is re-scheduled.
   */
  replace?: boolean;
  maxAttempts?: number;
}

export type JobHandler = (payload: any, job: JobTable) => Promise<void>;

/**
 * Handles many jobs of one type in one transaction, which also marks them done: one commit for the
 * lot instead of one per job, and the effects and the done mark land together. Returns what to do
 * after the commit (wake-ups, pokes).
 */
export type BatchHandler = (jobs: JobTable[], trx: Transaction<Database>) => Promise<(() => void) | void>;

export interface JobTypeOptions {
  /** First retry delay in ms, doubling per attempt (default 1 s). Read at each failure, so it can be tuned at run time. */
  retryBaseMs?: () => number;
}

type Tx = Transaction<Database> | Db;

/** Writes a job inside the caller's transaction, so it exists exactly when the change that needs it does. */
export async function enqueue(trx: Tx, opts: EnqueueOptions, now = Date.now()): Promise<void> {
  const payload = JSON.stringify(opts.payload ?? {});
  const runAt = Math.round(opts.runAt ?? now);
  await trx
    .insertInto('jobs')
    .values({
      id: uuidv7(),
      type: opts.type,
      payload,
      run_at: runAt,
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
    .onConflict((oc) =>
      opts.replace && opts.dedupeKey
        ? oc.column('dedupe_key').doUpdateSet({
            type: opts.type,
            payload,
            run_at: runAt,
            status: 'pending',
            attempts: 0,
            lease_owner: null,
            lease_expires_at: null,
            last_error: null,
            updated_at: now,
          })
        : oc.column('dedupe_key').doNothing(),
    )
    .execute();
}

/** Deletes not-yet-run jobs with these keys (a timer that is no longer wanted). */
export async function cancelJobs(trx: Tx, dedupeKeys: string[]): Promise<void> {
  for (let i = 0; i < dedupeKeys.length; i += 500) {
    await trx.deleteFrom('jobs').where('dedupe_key', 'in', dedupeKeys.slice(i, i + 500)).where('status', '=', 'pending').execute();
  }
}

export interface RunnerOptions {
  leaseMs?: number;
  /** Jobs claimed per query. */
  batch?: number;
  /** Longest sleep between polls when nothing is due; other instances' jobs are found within it. */
  maxIdleMs?: number;
  /** Handlers running at once. */
  concurrency?: number;
  /** Done jobs are deleted this long after they ran. */
  retentionMs?: number;
  /** How often to delete old done jobs. */
  cleanupEveryMs?: number;
  /** The scheduler's clock (tests inject one). */
  now?: () => number;
  /** Most jobs a batch handler gets per transaction (SQLite's one connection is held meanwhile). */
  batchTx?: number;
}

export interface RunnerMetrics {
  ticks: number;
  claimQueries: number;
  claimed: number;
  done: number;
  failed: number;
  dead: number;
  reclaimed: number;
  /** Lease renewals of jobs still running. */
  renewed: number;
  cleaned: number;
}

/**
 * The one scheduler. Durable jobs with a due time, claimed under a lease (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, so instances never claim the same job), at-least-once with retries and exponential
 * backoff, then 'dead' for an admin to see. A crashed instance's jobs are re-claimed when the lease
 * runs out. Due jobs are found through the (status, run_at) index; the idle sleep ends at the next
 * due job (or after maxIdleMs, to see other instances' new jobs); done jobs are deleted after a
 * retention period.
 */
export class JobRunner {
  readonly owner = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  /** The scheduler's clock; SLA timers use it too, so tests can move time forward. */
  now: () => number;
  readonly metrics: RunnerMetrics = { ticks: 0, claimQueries: 0, claimed: 0, done: 0, failed: 0, dead: 0, reclaimed: 0, renewed: 0, cleaned: 0 };
  private handlers = new Map<string, JobHandler>();
  private batchHandlers = new Map<string, BatchHandler>();
  private typeOptions = new Map<string, JobTypeOptions>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private running = false;
  private stopped = true;
  private active = 0;
  private kicked = false;
  private lastReclaim = 0;
  private lastCleanup = 0;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly maxIdleMs: number;
  private readonly concurrency: number;
  private readonly retentionMs: number;
  private readonly cleanupEveryMs: number;
  private readonly batchTx: number;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly log: Logger,
    opts: RunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.batch = opts.batch ?? 100;
    this.maxIdleMs = opts.maxIdleMs ?? 500;
    this.concurrency = opts.concurrency ?? 16;
    this.retentionMs = opts.retentionMs ?? 24 * 3_600_000;
    this.cleanupEveryMs = opts.cleanupEveryMs ?? 60_000;
    this.now = opts.now ?? (() => Date.now());
    this.batchTx = opts.batchTx ?? 25;
  }

  register(type: string, handler: JobHandler, opts: JobTypeOptions = {}): void {
    this.handlers.set(type, handler);
    this.typeOptions.set(type, opts);
  }

  /** Jobs of this type are handed over together (see BatchHandler); a failing batch is retried one job at a time. */
  registerBatch(type: string, handler: BatchHandler, opts: JobTypeOptions = {}): void {
    this.batchHandlers.set(type, handler);
    this.typeOptions.set(type, opts);
  }

  get isRunning(): boolean {
    return !this.stopped;
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

  /** A job was scheduled for `at` in this process: wake up no later than then. */
  wake(at: number): void {
    const delay = Math.max(0, at - this.now());
    if (this.stopped || this.running || Date.now() + delay >= this.wakeAt) return;
    this.schedule(delay);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(ms, 2_147_000_000));
    this.wakeAt = Date.now() + delay;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.wakeAt = -Infinity; // a wake() during the tick must not reschedule it
    this.metrics.ticks++;
    let next = this.maxIdleMs;
    try {
      await this.housekeeping();
      for (;;) {
        this.kicked = false;
        const jobs = await this.claim(this.now());
        await this.executeAll(jobs);
        if (this.stopped || (jobs.length < this.batch && !this.kicked)) break;
      }
      const due = await this.db.selectFrom('jobs').select((eb) => eb.fn.min('run_at').as('at')).where('status', '=', 'pending').executeTakeFirst();
      if (due?.at != null) next = Math.max(0, Math.min(this.maxIdleMs, Number(due.at) - this.now()));
    } catch (err) {
      this.log.error({ err }, 'job runner tick failed');
    } finally {
      this.running = false;
      this.schedule(this.kicked ? 0 : next);
    }
  }

  /** Expired leases back to pending (or dead when out of attempts); old done jobs deleted. */
  private async housekeeping(): Promise<void> {
    const now = this.now();
    if (now - this.lastReclaim >= Math.min(1000, this.leaseMs / 4)) {
      this.lastReclaim = now;
      const r = await this.db
        .updateTable('jobs')
        .set((eb) => ({
          status: eb.case().when('attempts', '>=', eb.ref('max_attempts')).then('dead').else('pending').end(),
          lease_owner: null,
          lease_expires_at: null,
          last_error: 'lease expired (the instance running it stopped or stalled)',
          updated_at: now,
        }))
        .where('status', '=', 'running')
        .where('lease_expires_at', '<', now)
        .executeTakeFirst();
      const n = Number(r.numUpdatedRows);
      if (n > 0) {
        this.metrics.reclaimed += n;
        this.log.warn({ jobs: n }, 'reclaimed jobs with expired leases');
      }
    }
    if (now - this.lastCleanup >= this.cleanupEveryMs) {
      this.lastCleanup = now;
      await this.cleanup(now);
    }
  }

  /** Deletes done jobs that ran more than the retention period ago, in batches. */
  async cleanup(now = this.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await sql`
        DELETE FROM jobs WHERE id IN (
          SELECT id FROM jobs WHERE status = 'done' AND run_at < ${now - this.retentionMs} ORDER BY run_at LIMIT 1000
        )`.execute(this.db);
      const n = Number(r.numAffectedRows ?? 0);
      total += n;
      if (n < 1000 || this.stopped) break;
    }
    this.metrics.cleaned += total;
    return total;
  }

  /** Claims up to `batch` due jobs under a lease; uses the (status, run_at) index. */
  async claim(now: number): Promise<JobTable[]> {
    const lock = this.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    this.metrics.claimQueries++;
    const result = await sql<JobTable>`
      UPDATE jobs SET status = 'running', lease_owner = ${this.owner}, lease_expires_at = ${now + this.leaseMs},
        attempts = attempts + 1, updated_at = ${now}
      WHERE id IN (
        SELECT id FROM jobs
        WHERE status = 'pending' AND run_at <= ${now}
        ORDER BY run_at LIMIT ${this.batch} ${lock}
      )
      RETURNING *`.execute(this.db);
    const jobs = result.rows.map((r) => ({ ...r, run_at: Number(r.run_at), attempts: Number(r.attempts), max_attempts: Number(r.max_attempts) }));
    jobs.sort((a, b) => a.run_at - b.run_at);
    this.metrics.claimed += jobs.length;
    return jobs;
  }

  private async executeAll(jobs: JobTable[]): Promise<void> {
    if (!jobs.length) return;
    const heartbeat = this.renewLeases(jobs);
    try {
      await this.executeClaimed(jobs);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * While a claimed set runs, its leases are pushed forward every third of the lease, so a slow
   * handler (a mail server taking its time) is not re-claimed and run twice by another instance.
   * A crashed instance stops renewing, and its leases run out as before.
   */
  private renewLeases(jobs: JobTable[]): NodeJS.Timeout {
    const ids = jobs.map((j) => j.id);
    const timer = setInterval(() => {
      const now = this.now();
      this.db
        .updateTable('jobs')
        .set({ lease_expires_at: now + this.leaseMs })
        .where('id', 'in', ids)
        .where('lease_owner', '=', this.owner)
        .where('status', '=', 'running')
        .execute()
        .then((r) => (this.metrics.renewed += Number(r[0]?.numUpdatedRows ?? 0)))
        .catch((err) => this.log.warn({ err }, 'could not renew job leases'));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    timer.unref?.();
    return timer;
  }

  private async executeClaimed(jobs: JobTable[]): Promise<void> {
    const single = jobs.filter((j) => !this.batchHandlers.has(j.type));
    const batched = new Map<string, JobTable[]>();
    for (const j of jobs) {
      if (!this.batchHandlers.has(j.type)) continue;
      const list = batched.get(j.type);
      if (list) list.push(j);
      else batched.set(j.type, [j]);
    }
    const done: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < single.length) {
        const job = single[next++];
        if (await this.execute(job)) done.push(job.id);
      }
    };
    const batches = async () => {
      for (const [type, list] of batched) {
        for (let i = 0; i < list.length; i += this.batchTx) await this.executeBatch(type, list.slice(i, i + this.batchTx));
      }
    };
    await Promise.all([batches(), ...Array.from({ length: Math.min(this.concurrency, single.length) }, worker)]);
    // One statement marks the batch done. A job re-scheduled while it ran has lost our lease_owner
    // and stays pending for its new time.
    for (let i = 0; i < done.length; i += 500) await this.markDone(this.db, done.slice(i, i + 500));
    this.metrics.done += done.length;
  }

  private async markDone(db: Tx, ids: string[]): Promise<void> {
    await db
      .updateTable('jobs')
      .set({ status: 'done', lease_owner: null, lease_expires_at: null, updated_at: this.now() })
      .where('id', 'in', ids)
      .where('lease_owner', '=', this.owner)
      .where('status', '=', 'running')
      .execute();
  }

  /** One transaction for the lot; if it fails, each job alone, so one bad job fails only itself. */
  private async executeBatch(type: string, jobs: JobTable[]): Promise<void> {
    const handler = this.batchHandlers.get(type)!;
    this.active++;
    try {
      let after: (() => void) | void = undefined;
      await this.db.transaction().execute(async (trx) => {
        after = await handler(jobs, trx);
        await this.markDone(trx, jobs.map((j) => j.id));
      });
      this.metrics.done += jobs.length;
      (after as (() => void) | undefined)?.();
    } catch (err) {
      if (jobs.length > 1) {
        for (const job of jobs) await this.executeBatch(type, [job]);
      } else {
        await this.recordFailure(jobs[0], err);
      }
    } finally {
      this.active--;
    }
  }

  /** Runs one job; true when it succeeded. */
  private async execute(job: JobTable): Promise<boolean> {
    const handler = this.handlers.get(job.type);
    this.active++;
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      await handler(JSON.parse(job.payload), job);
      return true;
    } catch (err) {
      await this.recordFailure(job, err);
      return false;
    } finally {
      this.active--;
    }
  }

  /** Back to pending after an exponential backoff, or dead when out of attempts. */
  private async recordFailure(job: JobTable, err: unknown): Promise<void> {
    const dead = job.attempts >= job.max_attempts;
    const base = this.typeOptions.get(job.type)?.retryBaseMs?.() ?? 1000;
    const backoff = Math.min(60 * 60_000, base * 2 ** (job.attempts - 1)) * (0.75 + Math.random() / 2);
    this.metrics.failed++;
    if (dead) this.metrics.dead++;
    this.log.warn({ err, job: job.id, type: job.type, attempts: job.attempts, dead }, 'job failed');
    try {
      await this.db
        .updateTable('jobs')
        .set({ status: dead ? 'dead' : 'pending', run_at: this.now() + Math.round(backoff), lease_owner: null, lease_expires_at: null, last_error: String((err as Error)?.stack ?? err).slice(0, 4000), updated_at: this.now() })
        .where('id', '=', job.id)
        .where('lease_owner', '=', this.owner)
        .execute();
    } catch (e) {
      this.log.error({ err: e, job: job.id }, 'could not record a job failure; its lease will expire');
    }
  }
}

// ---- admin: dead jobs and retries ---------------------------------------------------------------

export interface JobListFilter {
  status?: string;
  type?: string;
  afterId?: string;
  limit: number;
}

export async function listJobs(db: Db, f: JobListFilter) {
  let q = db.selectFrom('jobs').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.afterId) q = q.where('id', '<', f.afterId);
  return q.orderBy('id', 'desc').limit(f.limit + 1).execute();
}

/** Makes a dead (or failed-and-waiting) job run again now with a fresh attempt budget. */
export async function retryJob(db: Db, id: string, now = Date.now()): Promise<JobTable | undefined> {
  await db
    .updateTable('jobs')
    .set({ status: 'pending', attempts: 0, run_at: now, lease_owner: null, lease_expires_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['dead', 'pending'])
    .execute();
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function jobCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
