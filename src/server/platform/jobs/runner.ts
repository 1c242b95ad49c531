import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Dialect } from '../db/index.js';
import type { JobTable } from '../db/schema.js';
import { JobStore, type ClaimedJob, type TypeFilter } from './store.js';
import { DbClock } from './clock.js';
import { DoneMarks } from './done-marks.js';
import type { BatchHandler, JobHandler, JobRunObserver, JobTypeOptions, Lane, RunnerMetrics, RunnerOptions } from './types.js';
import { withRequestId } from '../metrics/request-context.js';

interface LaneState {
  name: Lane;
  slots: number;
  active: number;
  /** Claimed jobs waiting for a slot (at most `prefetch`): a freed slot starts the next one at once. */
  queue: JobTable[];
  prefetch: number;
  claiming: boolean;
  again: boolean;
  timer?: NodeJS.Timeout;
  wakeAt: number;
  /** Earliest job this process scheduled (wake) that no claim has looked for yet. */
  wakeWanted: number;
}

interface Held {
  job: JobTable;
  abort: AbortController;
}

/**
 * The one scheduler: a continuous worker pool over durable jobs. Each lane claims due jobs as its
 * slots free up (never waiting for a whole claimed set), under a lease renewed while they run (FOR
 * UPDATE SKIP LOCKED on PostgreSQL, so instances never claim the same job); each job is marked done
 * the moment it finishes; a hard timeout fails a hung attempt. At-least-once, with retries and
 * exponential backoff, then 'dead' for an admin to see; a crashed instance's jobs are re-claimed when
 * their leases run out. Jobs with a partition key run one at a time per key, oldest first. Due times
 * and leases use the database's clock (PostgreSQL), so instances with skewed clocks agree.
 */
export class JobRunner {
  readonly owner = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  readonly metrics: RunnerMetrics = { claimQueries: 0, claimed: 0, done: 0, failed: 0, dead: 0, timedOut: 0, lostLeases: 0, released: 0, reclaimed: 0, renewed: 0, cleaned: 0 };
  private readonly store: JobStore;
  private handlers = new Map<string, JobHandler>();
  private batchHandlers = new Map<string, BatchHandler>();
  private typeOptions = new Map<string, JobTypeOptions>();
  private readonly lanes: Record<Lane, LaneState>;
  private readonly activeByType = new Map<string, number>();
  private readonly held = new Map<string, Held>();
  private stopped = true;
  private readonly clock: DbClock;
  private synced: Promise<void> | undefined;
  private lastCleanup = 0;
  private housekeeper: NodeJS.Timeout | undefined;
  private renewer: NodeJS.Timeout | undefined;
  private housekeeping = false;
  /** Done marks and failure records still being written (stop waits for them). */
  private recording = 0;
  private readonly doneMarks: DoneMarks;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly maxIdleMs: number;
  private readonly timeoutMs: number;
  private readonly retentionMs: number;
  private readonly cleanupEveryMs: number;
  private readonly batchTx: number;
  private readonly stopGraceMs: number;
  private readonly observers: JobRunObserver[] = [];

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly log: Logger,
    opts: RunnerOptions = {},
  ) {
    this.store = new JobStore(db, dialect, this.owner);
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.batch = opts.batch ?? 100;
    this.maxIdleMs = opts.maxIdleMs ?? 500;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.retentionMs = opts.retentionMs ?? 24 * 3_600_000;
    this.cleanupEveryMs = opts.cleanupEveryMs ?? 60_000;
    this.batchTx = opts.batchTx ?? 25;
    this.clock = new DbClock(this.store, opts.now ?? (() => Date.now()), opts.clockSyncMs ?? 10_000);
    this.doneMarks = new DoneMarks(this.store, () => this.now(), log);
    this.stopGraceMs = opts.stopGraceMs ?? 5_000;
    const lane = (name: Lane, slots: number, prefetch: number): LaneState => ({ name, slots, active: 0, queue: [], prefetch, claiming: false, again: false, wakeAt: Infinity, wakeWanted: Infinity });
    // The core lane keeps up to a lane's worth of claimed jobs ready (short local jobs: one claim
    // feeds many); the outbound lane none — its jobs may hang, and other instances should get the rest.
    const core = opts.concurrency ?? 16;
    this.lanes = { core: lane('core', core, core), outbound: lane('outbound', opts.outboundConcurrency ?? 64, 0) };
  }

  /**
   * The scheduler's clock: this machine's clock corrected to the database's (PostgreSQL), so due
   * times and leases mean the same on every instance. SLA clocks use it too.
   */
  now(): number {
    return this.clock.now();
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

  /** Watch job attempts as they start (metrics: lateness per lane). */
  observe(observer: JobRunObserver): void {
    this.observers.push(observer);
  }

  /** The lane a job type runs in. */
  laneOfType(type: string): Lane {
    return this.laneOf(type);
  }

  /** A job's log lines carry its id, type and the id of the request that enqueued it (as `reqId`, like the request's own). */
  private logFor(job: JobTable): Logger {
    return this.log.child({ job: job.id, type: job.type, ...(job.request_id ? { reqId: job.request_id } : {}) });
  }

  private started(job: JobTable): number {
    const now = this.now();
    const lane = this.laneOf(job.type);
    for (const o of this.observers) o.started(job, lane, Math.max(0, now - job.run_at));
    return now;
  }

  get isRunning(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const every = Math.min(1000, this.leaseMs / 4);
    this.housekeeper = setInterval(() => void this.housekeep(), every);
    this.housekeeper.unref?.();
    this.renewer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewer.unref?.();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.housekeeper);
    clearInterval(this.renewer);
    for (const lane of Object.values(this.lanes)) clearTimeout(lane.timer);
    // Claimed but not started: back to pending for another instance, attempt not counted.
    const queued = Object.values(this.lanes).flatMap((l) => l.queue.splice(0).map((j) => j.id));
    for (const id of queued) this.held.delete(id);
    await this.store.release(queued, this.now()).catch(() => undefined);
    const until = Date.now() + this.stopGraceMs;
    while (this.busy() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    if (this.held.size) {
      // Still running after the grace period: abort them and hand them back for another instance.
      for (const h of this.held.values()) h.abort.abort(new Error('the job runner stopped'));
      await this.store.release([...this.held.keys()], this.now()).catch(() => undefined);
    }
    while (Object.values(this.lanes).some((l) => l.claiming) || this.housekeeping) await new Promise((r) => setTimeout(r, 10));
  }

  private busy(): boolean {
    return Object.values(this.lanes).some((l) => l.claiming || l.active > 0) || this.housekeeping || this.recording > 0;
  }

  /** Run due jobs now (called after a commit that enqueued some). */
  kick(): void {
    for (const lane of Object.values(this.lanes)) this.pump(lane);
  }

  /** A job was scheduled for `at` in this process: wake up no later than then. */
  wake(at: number): void {
    const delay = Math.max(0, at - this.now());
    for (const lane of Object.values(this.lanes)) {
      if (this.stopped) return;
      lane.wakeWanted = Math.min(lane.wakeWanted, Date.now() + delay);
      if (!lane.claiming && Date.now() + delay < lane.wakeAt) this.schedule(lane, delay);
    }
  }

  /** What this instance is doing: slots and running jobs per lane and type (back-pressure). */
  stats() {
    const lanes = Object.fromEntries(Object.values(this.lanes).map((l) => [l.name, { slots: l.slots, active: l.active, free: l.slots - l.active }]));
    return { owner: this.owner, running: this.isRunning, clockOffsetMs: this.clock.offsetMs, lanes, activeByType: Object.fromEntries(this.activeByType), metrics: { ...this.metrics } };
  }

  /** Claims due jobs of every registered type (tests use it to stand for an instance that dies holding them). */
  async claim(now = this.now(), limit = this.batch): Promise<JobTable[]> {
    this.metrics.claimQueries++;
    const jobs = await this.store.claimHeads({ only: [...this.handlers.keys(), ...this.batchHandlers.keys()] }, limit, now, this.leaseMs);
    this.metrics.claimed += jobs.length;
    return jobs;
  }

  // ---- the pool ---------------------------------------------------------------------------------

  private laneOf(type: string): Lane {
    return this.typeOptions.get(type)?.lane ?? 'core';
  }

  private capOf(type: string, lane: LaneState): number {
    // A batch type runs one transaction at a time per instance (on SQLite a transaction holds the one
    // connection anyway). The out-of-order deliveries once seen with more were claimFollowers taking
    // jobs past one that another batch still held (see JobStore.claimFollowers), not the concurrency.
    if (this.batchHandlers.has(type)) return 1;
    return this.typeOptions.get(type)?.concurrency ?? lane.slots;
  }

  private activeOf(type: string): number {
    return this.activeByType.get(type) ?? 0;
  }

  private schedule(lane: LaneState, ms: number): void {
    if (this.stopped) return;
    clearTimeout(lane.timer);
    const delay = Math.max(0, Math.min(ms, 2_147_000_000));
    lane.wakeAt = Date.now() + delay;
    lane.timer = setTimeout(() => this.pump(lane), delay);
    lane.timer.unref?.();
  }

  private pump(lane: LaneState): void {
    if (this.stopped) return;
    if (lane.claiming) {
      lane.again = true;
      return;
    }
    void this.fill(lane);
  }

  /** Claims into free slots until nothing more is due (or no slot is free), then sleeps until the next due job. */
  private async fill(lane: LaneState): Promise<void> {
    lane.claiming = true;
    lane.wakeAt = -Infinity; // a wake() while claiming must not reschedule
    if (lane.wakeWanted <= Date.now()) lane.wakeWanted = Infinity; // this claim takes it
    let next = this.maxIdleMs;
    try {
      if (!this.synced) await (this.synced = this.clock.sync());
      for (;;) {
        lane.again = false;
        const more = await this.claimInto(lane);
        if (this.stopped) return;
        if (lane.active >= lane.slots) break; // a finishing job pumps again
        if (!more && !lane.again) break;
      }
      if (lane.active < lane.slots) {
        const due = await this.store.nextDue(this.typesOf(lane, true));
        const now = this.now();
        // Due but not claimed: queued behind an unfinished job of its key, at its type's cap, or another
        // instance's. A finishing job pumps the lane; other instances' progress is seen within maxIdleMs.
        if (due !== undefined && due > now) next = Math.min(this.maxIdleMs, due - now);
      }
    } catch (err) {
      if (!this.stopped) this.log.error({ err, lane: lane.name }, 'job claim failed');
    } finally {
      lane.claiming = false;
      next = Math.min(next, lane.wakeWanted - Date.now());
      if (lane.again && !this.stopped) setImmediate(() => this.pump(lane));
      else this.schedule(lane, next);
    }
  }

  /** The lane's job types; the core lane stands for every type not in another lane (unknown ones fail visibly). */
  private typesOf(lane: LaneState, all = false): TypeFilter {
    const types = [...this.handlers.keys(), ...this.batchHandlers.keys()];
    if (lane.name !== 'core' || !all) return { only: types.filter((t) => this.laneOf(t) === lane.name) };
    return { except: types.filter((t) => this.laneOf(t) !== 'core') };
  }

  /** One round of claims into the lane's free slots; true when a claim came back full (more may be due). */
  private async claimInto(lane: LaneState): Promise<boolean> {
    const now = this.now();
    let more = false;
    for (const type of this.batchHandlers.keys()) {
      if (this.laneOf(type) !== lane.name || lane.active >= lane.slots || this.activeOf(type) >= this.capOf(type, lane)) continue;
      this.metrics.claimQueries++;
      const heads = await this.store.claimHeads({ only: [type] }, this.batchTx, now, this.leaseMs);
      if (!heads.length) continue;
      const keys = [...new Set(heads.map((j) => j.partition_key).filter((k): k is string => !!k))];
      if (keys.length) this.metrics.claimQueries++;
      const followers = await this.store.claimFollowers([type], keys, this.batchTx, now, this.leaseMs, heads.map((j) => j.id));
      const jobs = [...heads, ...followers].sort((a, b) => a.seq - b.seq);
      this.metrics.claimed += jobs.length;
      this.startBatch(lane, type, jobs);
      if (heads.length === this.batchTx) more = true;
    }
    // Types with a cap below the lane's slots are claimed on their own; the rest in one query.
    const pooled: string[] = [];
    const separate: string[] = [...this.batchHandlers.keys()];
    for (const type of this.handlers.keys()) {
      if (this.laneOf(type) !== lane.name) {
        separate.push(type);
        continue;
      }
      const cap = this.capOf(type, lane);
      if (cap >= lane.slots) {
        pooled.push(type);
        continue;
      }
      separate.push(type);
      const queued = lane.queue.filter((j) => j.type === type).length;
      const n = Math.min(lane.slots - lane.active, cap - this.activeOf(type) - queued, this.batch);
      if (n <= 0) continue;
      if ((await this.claimSingles(lane, { only: [type] }, n, now)) === n) more = true;
    }
    const n = Math.min(lane.slots - lane.active + lane.prefetch - lane.queue.length, this.batch);
    const rest: TypeFilter = lane.name === 'core' ? { except: separate } : { only: pooled };
    if (n > 0 && (await this.claimSingles(lane, rest, n, now)) === n) more = true;
    return more;
  }

  private async claimSingles(lane: LaneState, types: TypeFilter, n: number, now: number): Promise<number> {
    this.metrics.claimQueries++;
    const jobs = await this.store.claimHeads(types, n, now, this.leaseMs);
    this.metrics.claimed += jobs.length;
    for (const job of jobs) {
      this.held.set(job.id, { job, abort: new AbortController() });
      lane.queue.push(job);
    }
    this.drain(lane);
    return jobs.length;
  }

  /** Starts queued jobs while slots are free. */
  private drain(lane: LaneState): void {
    while (lane.active < lane.slots && lane.queue.length && !this.stopped) this.startSingle(lane, lane.queue.shift()!);
  }

  private take(lane: LaneState, type: string, jobs: JobTable[]): AbortController {
    lane.active++;
    this.activeByType.set(type, this.activeOf(type) + 1);
    const abort = new AbortController();
    for (const job of jobs) this.held.set(job.id, { job, abort });
    return abort;
  }

  /** A slot is free again: start a queued job, and claim more when the queue runs low. */
  private settle(lane: LaneState, type: string): void {
    lane.active--;
    this.activeByType.set(type, this.activeOf(type) - 1);
    this.drain(lane);
    if (lane.queue.length <= lane.prefetch / 2) this.pump(lane);
  }

  private startSingle(lane: LaneState, job: JobTable): void {
    const abort = this.take(lane, job.type, [job]);
    // The slot frees when the handler is done; its done mark (or failure) is written meanwhile, the
    // lease still renewed until then.
    let freed = false;
    const free = () => {
      if (freed) return;
      freed = true;
      this.settle(lane, job.type);
    };
    this.recording++;
    void this.runSingle(job, abort, free).finally(() => {
      free();
      this.held.delete(job.id);
      this.recording--;
    });
  }

  private async runSingle(job: JobTable, abort: AbortController, handlerDone: () => void): Promise<void> {
    const timeoutMs = this.typeOptions.get(job.type)?.timeoutMs?.() ?? this.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`timed out after ${timeoutMs} ms`);
        abort.abort(err);
        reject(err);
      }, timeoutMs);
    });
    const startedAt = this.started(job);
    try {
      const handler = this.handlers.get(job.type);
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      // Jobs it enqueues carry the same request id on.
      await Promise.race([withRequestId(job.request_id, () => handler(JSON.parse(job.payload), job, abort.signal)), timedOut]);
      clearTimeout(timer);
      handlerDone();
      // A job re-scheduled while it ran (a timer moved) has lost our lease and stays pending for its new time.
      if (await this.doneMarks.mark(job.id)) this.metrics.done++;
      else this.metrics.lostLeases++;
      if (this.log.isLevelEnabled('debug')) this.logFor(job).debug({ attempt: job.attempts, lateMs: Math.max(0, startedAt - job.run_at), durationMs: this.now() - startedAt }, 'job ran');
    } catch (err) {
      clearTimeout(timer);
      handlerDone();
      if (abort.signal.aborted) this.metrics.timedOut++;
      await this.fail(job, err);
    }
  }

  private startBatch(lane: LaneState, type: string, jobs: ClaimedJob[]): void {
    this.take(lane, type, jobs);
    void this.runBatch(type, jobs).finally(() => {
      for (const job of jobs) this.held.delete(job.id);
      this.settle(lane, type);
    });
  }

  /** One transaction for the lot; if it fails, each job alone in order — after a failure, the rest of its key goes back untried. */
  private async runBatch(type: string, jobs: ClaimedJob[]): Promise<void> {
    if (await this.deliver(type, jobs)) return;
    if (jobs.length === 1) return;
    const failedKeys = new Set<string>();
    const back: string[] = [];
    for (const job of jobs) {
      if (job.partition_key && failedKeys.has(job.partition_key)) {
        back.push(job.id);
        continue;
      }
      if (!(await this.deliver(type, [job])) && job.partition_key) failedKeys.add(job.partition_key);
    }
    if (back.length) {
      await this.store.release(back, this.now()).catch((err) => this.log.error({ err }, 'could not release jobs; their leases will expire'));
      this.metrics.released += back.length;
    }
  }

  /** Delivers jobs in one transaction that also marks them done; a single job's failure is recorded. */
  private async deliver(type: string, jobs: ClaimedJob[]): Promise<boolean> {
    const handler = this.batchHandlers.get(type)!;
    const startedAt = jobs.map((j) => this.started(j))[0] ?? this.now();
    // One request's jobs (the usual case): what they enqueue carries its id on.
    const requestIds = new Set(jobs.map((j) => j.request_id));
    const requestId = requestIds.size === 1 ? jobs[0].request_id : null;
    try {
      let after: (() => void) | void = undefined;
      await this.db.transaction().execute(async (trx) => {
        after = await withRequestId(requestId, () => handler(jobs, trx));
        const n = await this.store.markDone(trx, jobs.map((j) => j.id), this.now());
        if (n !== jobs.length) throw new Error(`lost the lease of ${jobs.length - n} of ${jobs.length} jobs during delivery`);
      });
      this.metrics.done += jobs.length;
      if (this.log.isLevelEnabled('debug')) for (const job of jobs) this.logFor(job).debug({ attempt: job.attempts, batch: jobs.length, lateMs: Math.max(0, startedAt - job.run_at), durationMs: this.now() - startedAt }, 'job ran');
      (after as (() => void) | undefined)?.();
      return true;
    } catch (err) {
      if (jobs.length === 1) await this.fail(jobs[0], err);
      return false;
    }
  }

  /** Back to pending after an exponential backoff, or dead when out of attempts. */
  private async fail(job: JobTable, err: unknown): Promise<void> {
    const dead = job.attempts >= job.max_attempts;
    const base = this.typeOptions.get(job.type)?.retryBaseMs?.() ?? 1000;
    const backoff = Math.min(60 * 60_000, base * 2 ** (job.attempts - 1)) * (0.75 + Math.random() / 2);
    this.metrics.failed++;
    if (dead) this.metrics.dead++;
    this.logFor(job).warn({ err, attempts: job.attempts, dead }, 'job failed');
    const now = this.now();
    try {
      await this.store.recordFailure(job, dead, now + Math.round(backoff), String((err as Error)?.stack ?? err), now);
    } catch (e) {
      this.log.error({ err: e, job: job.id }, 'could not record a job failure; its lease will expire');
    }
  }

  // ---- leases, housekeeping ------- ---------------------------------------------------------------

  /** Pushes the leases of running jobs forward, so a slow job is not re-claimed and run twice elsewhere. */
  private async renew(): Promise<void> {
    if (!this.held.size) return;
    try {
      this.metrics.renewed += await this.store.renew([...this.held.keys()], this.now(), this.leaseMs);
    } catch (err) {
      this.log.warn({ err }, 'could not renew job leases');
    }
  }

  private async housekeep(): Promise<void> {
    if (this.housekeeping || this.stopped) return;
    this.housekeeping = true;
    try {
      if (this.clock.due) await this.clock.sync();
      const n = await this.store.reclaimExpired(this.now());
      if (n > 0) {
        this.metrics.reclaimed += n;
        this.log.warn({ jobs: n }, 'reclaimed jobs with expired leases');
        this.kick();
      }
      if (Date.now() - this.lastCleanup >= this.cleanupEveryMs) {
        this.lastCleanup = Date.now();
        await this.cleanup();
      }
    } catch (err) {
      if (!this.stopped) this.log.error({ err }, 'job housekeeping failed');
    } finally {
      this.housekeeping = false;
    }
  }

  /** Deletes done jobs that ran more than their retention period ago (types may keep theirs longer). */
  async cleanup(now = this.now()): Promise<number> {
    const longer = [...this.typeOptions].filter(([, o]) => (o.retentionMs ?? 0) > this.retentionMs);
    let total = await this.store.deleteDone('all', longer.map(([t]) => t), now - this.retentionMs, () => this.stopped);
    for (const [type, o] of longer) total += await this.store.deleteDone([type], [], now - o.retentionMs!, () => this.stopped);
    this.metrics.cleaned += total;
    return total;
  }
}
