// The job runner's public types: handlers, lanes, per-type and runner options, metrics.
import type { Transaction } from 'kysely';
import type { Database, JobTable } from '../db/schema.js';

/** A job's handler. `signal` aborts when the job's hard timeout passes (or the runner stops). */
export type JobHandler = (payload: any, job: JobTable, signal: AbortSignal) => Promise<void>;

/**
 * Handles many jobs of one type in one transaction, which also marks them done: one commit for the
 * lot instead of one per job, and the effects and the done mark land together. Returns what to do
 * after the commit (wake-ups, pokes). Jobs come in insertion order.
 */
export type BatchHandler = (jobs: JobTable[], trx: Transaction<Database>) => Promise<(() => void) | void>;

/**
 * Lanes have their own slots: `outbound` is for jobs that wait on other machines (webhooks, mail,
 * feed polling), so a hung endpoint can fill only its own lane and never delays events and timers.
 */
export type Lane = 'core' | 'outbound';

export interface JobTypeOptions {
  /** First retry delay in ms, doubling per attempt (default 1 s). Read at each failure, so it can be tuned at run time. */
  retryBaseMs?: () => number;
  lane?: Lane;
  /** Most jobs of this type running at once in this process (default: the lane's slots; batch types: always 1). */
  concurrency?: number;
  /** Hard timeout per attempt: the job fails (and is retried) and its signal aborts. */
  timeoutMs?: () => number;
  /** Done jobs of this type are kept this long (their dedupe keys with them); default the runner's retention. */
  retentionMs?: number;
}

export interface RunnerOptions {
  leaseMs?: number;
  /** Most jobs claimed per query. */
  batch?: number;
  /** Longest sleep between polls when nothing is due; other instances' jobs are found within it. */
  maxIdleMs?: number;
  /** Slots of the core lane (events, timers, everything local). */
  concurrency?: number;
  /** Slots of the outbound lane (webhooks, mail). */
  outboundConcurrency?: number;
  /** Default hard timeout per job attempt. */
  timeoutMs?: number;
  /** Done jobs are deleted this long after they ran. */
  retentionMs?: number;
  /** How often to delete old done jobs. */
  cleanupEveryMs?: number;
  /** Most jobs a batch handler gets per transaction (SQLite's one connection is held meanwhile). */
  batchTx?: number;
  /** This machine's clock (default Date.now; tests skew it). The runner corrects it to the database's. */
  now?: () => number;
  /** How often to re-read the database's clock (PostgreSQL). */
  clockSyncMs?: number;
  /** How long stop() lets running jobs finish before aborting them. */
  stopGraceMs?: number;
}

export interface RunnerMetrics {
  claimQueries: number;
  claimed: number;
  done: number;
  failed: number;
  dead: number;
  timedOut: number;
  /** Jobs finished after their lease was lost (re-scheduled meanwhile, or reclaimed): not marked done. */
  lostLeases: number;
  /** Followers of a failed job handed back untried, to keep their key's order. */
  released: number;
  reclaimed: number;
  /** Lease renewals of jobs still running. */
  renewed: number;
  cleaned: number;
}

/** Watches job attempts (metrics). Called synchronously; must not throw or block. */
export interface JobRunObserver {
  /** An attempt starts `latenessMs` after the job was due (run_at). */
  started(job: JobTable, lane: Lane, latenessMs: number): void;
}
