import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { currentRequestId } from '../metrics/request-context.js';

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
  /**
   * Jobs with the same key run one at a time in the order they were written: only the oldest
   * unfinished job of a key can be claimed (events of one complaint, for example).
   */
  partitionKey?: string;
}

type Tx = Transaction<Database> | Db;

function row(opts: EnqueueOptions, now: number) {
  return {
    id: uuidv7(),
    type: opts.type,
    payload: JSON.stringify(opts.payload ?? {}),
    run_at: Math.round(opts.runAt ?? now),
    status: 'pending',
    attempts: 0,
    max_attempts: opts.maxAttempts ?? 8,
    lease_owner: null,
    lease_expires_at: null,
    dedupe_key: opts.dedupeKey ?? null,
    last_error: null,
    created_at: now,
    updated_at: now,
    partition_key: opts.partitionKey ?? null,
    // The request (or the job) that enqueued it: its runs are logged with this id.
    request_id: currentRequestId() ?? null,
  };
}

/** Writes many jobs in one statement (a fan-out); a job whose dedupe key exists is skipped. */
export async function enqueueMany(trx: Tx, list: Array<Omit<EnqueueOptions, 'replace'>>, now = Date.now()): Promise<void> {
  for (let i = 0; i < list.length; i += 200) {
    await trx
      .insertInto('jobs')
      .values(list.slice(i, i + 200).map((o) => row(o, now)))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }
}

/** Writes a job inside the caller's transaction, so it exists exactly when the change that needs it does. */
export async function enqueue(trx: Tx, opts: EnqueueOptions, now = Date.now()): Promise<void> {
  const values = row(opts, now);
  const { payload, run_at: runAt } = values;
  await trx
    .insertInto('jobs')
    .values(values)
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
            request_id: values.request_id,
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

