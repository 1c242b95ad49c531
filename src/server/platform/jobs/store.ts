// The scheduler's SQL: claims under a lease, done marks, failures, lease renewal and expiry, cleanup.
// Every time here is the runner's database-corrected clock (see JobRunner.now).
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Db, Dialect } from '../db/index.js';
import type { Database, JobTable } from '../db/schema.js';

type Tx = Transaction<Database> | Db;

/** A claimed job; `seq` is its insertion order (orders a partition's jobs). */
export type ClaimedJob = JobTable & { seq: number };

const list = (xs: readonly string[]) => sql.join(xs.map((x) => sql`${x}`));

/** Which job types a claim takes: these, or every type but those (the core lane also takes unknown types, to fail them visibly). */
export type TypeFilter = { only: readonly string[] } | { except: readonly string[] };

const typeCond = (f: TypeFilter, col = sql.ref('j.type')) =>
  'only' in f ? sql`${col} IN (${list(f.only)})` : f.except.length ? sql`${col} NOT IN (${list(f.except)})` : sql`TRUE`;
const empty = (f: TypeFilter) => 'only' in f && !f.only.length;

export class JobStore {
  /** Insertion order: a bigserial on PostgreSQL, the rowid on SQLite (both grow with each insert). */
  private readonly seq: RawBuilder<unknown>;

  constructor(
    readonly db: Db,
    readonly dialect: Dialect,
    private readonly owner: string,
  ) {
    this.seq = sql.raw(dialect === 'postgres' ? 'seq' : 'rowid');
  }

  private rows(rows: Array<Record<string, unknown>>): ClaimedJob[] {
    return rows
      .map((r) => ({ ...(r as unknown as JobTable), seq: Number(r.seq ?? r.claim_seq), run_at: Number(r.run_at), attempts: Number(r.attempts), max_attempts: Number(r.max_attempts) }))
      .sort((a, b) => a.seq - b.seq);
  }

  /**
   * Claims up to `limit` due jobs of these types under a lease. A job with a partition key is
   * claimable only while no older job of its key is unfinished, so a key's jobs run one at a time in
   * insertion order — across instances too: on PostgreSQL a head that another instance is claiming
   * is locked (skipped) and, still pending in our snapshot, blocks the rest of its key.
   */
  async claimHeads(types: TypeFilter, limit: number, now: number, leaseMs: number): Promise<ClaimedJob[]> {
    if (empty(types) || limit <= 0) return [];
    const lock = this.dialect === 'postgres' ? sql`FOR UPDATE OF j SKIP LOCKED` : sql``;
    const r = await sql<Record<string, unknown>>`
      UPDATE jobs SET status = 'running', lease_owner = ${this.owner}, lease_expires_at = ${now + leaseMs},
        attempts = attempts + 1, updated_at = ${now}
      WHERE id IN (
        SELECT j.id FROM jobs j
        WHERE j.status = 'pending' AND j.run_at <= ${now} AND ${typeCond(types)}
          AND (j.partition_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM jobs p WHERE p.partition_key = j.partition_key AND p.status IN ('pending', 'running') AND p.${this.seq} < j.${this.seq}))
        ORDER BY j.run_at LIMIT ${limit} ${lock}
      )
      RETURNING *, ${this.seq} AS claim_seq`.execute(this.db);
    return this.rows(r.rows);
  }

  /**
   * The due jobs queued behind heads this instance just claimed (`heads`: their ids; same keys, these
   * types), in order: no other instance can claim them while their head is ours and unfinished. Only
   * an unbroken run behind the head is taken: a job is skipped while an older job of its key is
   * unfinished and neither one of these heads nor taken with it — held by another claim (the rest of
   * a failed batch, still held while that batch's runner retries its other jobs, when the failed head
   * is already due again here), waiting for a retry, or of another type.
   */
  async claimFollowers(types: readonly string[], keys: readonly string[], limit: number, now: number, leaseMs: number, heads: readonly string[]): Promise<ClaimedJob[]> {
    if (!types.length || !keys.length || !heads.length || limit <= 0) return [];
    const r = await sql<Record<string, unknown>>`
      UPDATE jobs SET status = 'running', lease_owner = ${this.owner}, lease_expires_at = ${now + leaseMs},
        attempts = attempts + 1, updated_at = ${now}
      WHERE status = 'pending' AND id IN (
        SELECT j.id FROM jobs j
        WHERE j.partition_key IN (${list(keys)}) AND j.status = 'pending' AND j.run_at <= ${now} AND j.type IN (${list(types)})
          AND NOT EXISTS (
            SELECT 1 FROM jobs p WHERE p.partition_key = j.partition_key AND p.status IN ('pending', 'running') AND p.${this.seq} < j.${this.seq}
              AND p.id NOT IN (${list(heads)})
              AND NOT (p.status = 'pending' AND p.run_at <= ${now} AND p.type IN (${list(types)})))
        ORDER BY j.${this.seq} LIMIT ${limit}
      )
      RETURNING *, ${this.seq} AS claim_seq`.execute(this.db);
    return this.rows(r.rows);
  }

  /** Marks jobs this instance holds done; returns how many were (a re-scheduled or reclaimed job is not). */
  async markDone(db: Tx, ids: readonly string[], now: number): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const r = await db
        .updateTable('jobs')
        .set({ status: 'done', lease_owner: null, lease_expires_at: null, updated_at: now })
        .where('id', 'in', ids.slice(i, i + 500))
        .where('lease_owner', '=', this.owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  /** Marks jobs this instance holds done; returns the ids that were (a re-scheduled or reclaimed job is not). */
  async markDoneEach(ids: readonly string[], now: number): Promise<Set<string>> {
    const rows = await this.db
      .updateTable('jobs')
      .set({ status: 'done', lease_owner: null, lease_expires_at: null, updated_at: now })
      .where('id', 'in', [...ids])
      .where('lease_owner', '=', this.owner)
      .where('status', '=', 'running')
      .returning('id')
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Hands claimed jobs back untried (their attempt is not counted): followers of a head that failed. */
  async release(ids: readonly string[], now: number): Promise<void> {
    if (!ids.length) return;
    await this.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), lease_owner: null, lease_expires_at: null, updated_at: now }))
      .where('id', 'in', [...ids])
      .where('lease_owner', '=', this.owner)
      .where('status', '=', 'running')
      .execute();
  }

  async recordFailure(job: JobTable, dead: boolean, runAt: number, error: string, now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: dead ? 'dead' : 'pending', run_at: runAt, lease_owner: null, lease_expires_at: null, last_error: error.slice(0, 4000), updated_at: now })
      .where('id', '=', job.id)
      .where('lease_owner', '=', this.owner)
      .where('status', '=', 'running')
      .execute();
  }

  async renew(ids: readonly string[], now: number, leaseMs: number): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const r = await this.db
        .updateTable('jobs')
        .set({ lease_expires_at: now + leaseMs })
        .where('id', 'in', ids.slice(i, i + 500))
        .where('lease_owner', '=', this.owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  /** Expired leases back to pending (or dead when out of attempts). */
  async reclaimExpired(now: number): Promise<number> {
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
    return Number(r.numUpdatedRows);
  }

  /** Deletes done jobs of these types that ran before `before`, in batches. */
  async deleteDone(types: readonly string[] | 'all', exclude: readonly string[], before: number, stopped: () => boolean): Promise<number> {
    let total = 0;
    const only = types === 'all' ? sql`` : sql`AND type IN (${list(types)})`;
    const not = exclude.length ? sql`AND type NOT IN (${list(exclude)})` : sql``;
    for (;;) {
      const r = await sql`
        DELETE FROM jobs WHERE id IN (
          SELECT id FROM jobs WHERE status = 'done' AND run_at < ${before} ${only} ${not} ORDER BY run_at LIMIT 1000
        )`.execute(this.db);
      const n = Number(r.numAffectedRows ?? 0);
      total += n;
      if (n < 1000 || stopped()) break;
    }
    return total;
  }

  /** The earliest due time among pending jobs of these types. */
  async nextDue(types: TypeFilter): Promise<number | undefined> {
    if (empty(types)) return undefined;
    const r = await sql<{ at: unknown }>`SELECT min(run_at) AS at FROM jobs WHERE status = 'pending' AND ${typeCond(types, sql.ref('type'))}`.execute(this.db);
    const at = r.rows[0]?.at;
    return at == null ? undefined : Number(at);
  }

  /** The database's clock in epoch ms (on SQLite the clock of the machine the file is on). */
  async databaseTime(): Promise<number> {
    const q =
      this.dialect === 'postgres'
        ? sql<{ t: unknown }>`SELECT (extract(epoch from clock_timestamp()) * 1000)::float8 AS t`
        : sql<{ t: unknown }>`SELECT (julianday('now') - 2440587.5) * 86400000.0 AS t`;
    return Number((await q.execute(this.db)).rows[0].t);
  }
}
