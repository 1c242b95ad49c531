import SqliteDatabase from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { SqliteDialect, type DatabaseConnection, type Driver, type QueryResult, type CompiledQuery } from 'kysely';

/**
 * SQLite with group commit. SQLite has one connection, and on it every transaction's COMMIT writes
 * its pages (and FTS5 its new index segment) to the WAL: about half of the CPU of a complaint intake.
 * Here a transaction becomes a savepoint inside a shared physical transaction, which is committed on
 * the next turn of the event loop — or, while many concurrent callers saturate the event loop, after
 * `maxGroupMs` or `maxGroup` transactions — so the requests served meanwhile share one COMMIT. Every caller that
 * wrote in the group is answered only after that COMMIT, so an acknowledged write is on disk as
 * before (kill -9 loses nothing); if the COMMIT fails, all of them fail. A transaction that fails
 * rolls back to its own savepoint only. A single write statement outside a transaction (also one
 * that returns rows, like a job claim's UPDATE … RETURNING) joins the group and is answered after
 * its COMMIT too.
 *
 * The physical transaction starts with BEGIN IMMEDIATE, so it holds the write lock from the start
 * and never fails half-way because another process (the CLI on the same file) committed meanwhile;
 * while that process holds the lock, BEGIN is retried asynchronously with backoff (busy_timeout is
 * kept short, so the event loop never blocks on it). Reads outside a transaction run on a second,
 * read-only connection: in WAL mode it sees only committed data, never the open group's rows.
 *
 * Kysely's own SQLite driver (which this replaces) prepares every statement afresh; this one reuses
 * prepared statements by SQL text (Kysely emits the same text for the same query shape).
 */
export interface GroupCommitOptions {
  /** Most callers in one physical transaction. */
  maxGroup?: number;
  /** Longest a physical transaction stays open (ms) while callers keep arriving. */
  maxGroupMs?: number;
  /** Prepared statements kept. */
  statementCache?: number;
  /** Longest wait for another process's write lock before a write fails with SQLITE_BUSY (ms). */
  lockWaitMs?: number;
  /** Called after each successful COMMIT with the number of transactions it committed (metrics). */
  onCommit?: (members: number) => void;
}

export function groupCommitDialect(sqlite: SqliteDatabase.Database, opts: GroupCommitOptions = {}): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new GroupCommitDriver(sqlite, opts);
    }
  })({ database: sqlite });
}

interface Group {
  members: number;
  openedAt: number;
  commitScheduled?: boolean;
  committed: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
  /** Set when SQLite itself rolled the physical transaction back (an I/O error, a full disk). */
  failed?: unknown;
}

const SAVEPOINT = 'redress_tx';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isBusy = (err: unknown) => /^SQLITE_BUSY/.test(String((err as { code?: string })?.code ?? ''));

class GroupCommitDriver implements Driver {
  private readonly connection: SqliteConnection;
  /** Read-only connection for reads outside a transaction (committed data only); none for in-memory databases. */
  private readonly reader: SqliteDatabase.Database | undefined;
  /** Whether the connection's holder is inside a transaction (its reads see its own writes). */
  private inTransaction = false;
  private readonly lockWaitMs: number;
  private readonly waiters: Array<() => void> = [];
  private locked = false;
  private group: Group | undefined;
  /** The group the current holder of the connection took part in, if any. */
  private leaseGroup: Group | undefined;
  private readonly maxGroup: number;
  private readonly maxGroupMs: number;
  private readonly onCommit: ((members: number) => void) | undefined;
  private elu = performance.eventLoopUtilization();
  private eluAt = 0;
  private busy = false;
  private destroyed = false;
  /** Transactions in the last committed group. */
  private lastMembers = 0;

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    opts: GroupCommitOptions,
  ) {
    this.reader = sqlite.memory ? undefined : new SqliteDatabase(sqlite.name, { readonly: true, fileMustExist: true });
    this.reader?.pragma('busy_timeout = 50');
    this.reader?.pragma('cache_size = -16384');
    this.connection = new SqliteConnection(sqlite, this.reader, opts.statementCache ?? 500, {
      // A single write joins the group (opening one if needed) and waits for its commit.
      beforeWrite: async () => {
        if (!this.inTransaction) this.leaseGroup = await this.openGroup();
      },
      useReader: () => !this.inTransaction && !!this.reader,
    });
    this.maxGroup = opts.maxGroup ?? 64;
    this.maxGroupMs = opts.maxGroupMs ?? 20;
    this.lockWaitMs = opts.lockWaitMs ?? 30_000;
    this.onCommit = opts.onCommit;
  }

  /** The open group, or a new one: BEGIN IMMEDIATE, retried with backoff while another process writes. */
  private async openGroup(): Promise<Group> {
    if (this.group) return this.group;
    const until = Date.now() + this.lockWaitMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        this.sqlite.exec('BEGIN IMMEDIATE');
        break;
      } catch (err) {
        if (!isBusy(err) || Date.now() >= until) throw err;
        await sleep(delay);
      }
    }
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const committed = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    committed.catch(() => undefined); // observed by each member's release
    this.group = { members: 0, openedAt: Date.now(), committed, resolve, reject };
    return this.group;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.locked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.locked = true; // handed over by releaseConnection, or taken now
    this.leaseGroup = undefined;
    this.inTransaction = false;
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    const g = await this.openGroup();
    this.leaseGroup = g;
    g.members++;
    this.sqlite.exec(`SAVEPOINT ${SAVEPOINT}`);
    this.inTransaction = true;
  }

  async commitTransaction(): Promise<void> {
    this.inTransaction = false;
    this.sqlite.exec(`RELEASE ${SAVEPOINT}`);
  }

  async rollbackTransaction(): Promise<void> {
    this.inTransaction = false;
    if (this.sqlite.inTransaction) {
      this.sqlite.exec(`ROLLBACK TO ${SAVEPOINT}`);
      this.sqlite.exec(`RELEASE ${SAVEPOINT}`);
    } else if (this.group) {
      // SQLite already rolled the whole physical transaction back: the group's earlier members lost
      // their writes too, and must not be told otherwise.
      this.group.failed = new Error('SQLite rolled back the transaction group after an error');
    }
  }

  async releaseConnection(): Promise<void> {
    const mine = this.leaseGroup;
    const g = this.group;
    if (g) {
      if (g.failed || !this.sqlite.inTransaction || g.members >= this.maxGroup || Date.now() - g.openedAt >= this.maxGroupMs) {
        this.group = undefined;
        this.finish(g);
      } else if (!g.commitScheduled) {
        // Commit on the next turn of the event loop. When the CPU is saturated by many concurrent
        // callers (the last group had several), waiting costs no throughput: keep the group open a
        // little so the callers being served meanwhile join it. A lone caller is never kept waiting.
        g.commitScheduled = true;
        const commit = () => void this.commitLater(g);
        if (this.lastMembers >= 4 && this.saturated()) setTimeout(commit, this.maxGroupMs);
        else setImmediate(commit);
      }
    }
    this.handOver();
    if (mine) await mine.committed;
  }

  /** Whether the event loop was more than 80 % busy over the last ~100 ms. */
  private saturated(): boolean {
    const now = Date.now();
    if (now - this.eluAt >= 100) {
      const current = performance.eventLoopUtilization();
      this.busy = performance.eventLoopUtilization(current, this.elu).utilization > 0.8;
      this.elu = current;
      this.eluAt = now;
    }
    return this.busy;
  }

  private handOver(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }

  /** Commits a scheduled group once the connection is free (no transaction is half-way through). */
  private async commitLater(g: Group): Promise<void> {
    if (this.group !== g || this.destroyed) return;
    await this.acquireConnection();
    try {
      if (this.group === g) {
        this.group = undefined;
        this.finish(g);
      }
    } finally {
      this.handOver();
    }
  }

  private finish(g: Group): void {
    this.lastMembers = g.members;
    if (g.failed || !this.sqlite.inTransaction) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      g.reject(g.failed ?? new Error('SQLite rolled back the transaction group after an error'));
      return;
    }
    try {
      this.sqlite.exec('COMMIT');
      g.resolve();
      this.onCommit?.(g.members);
    } catch (err) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      g.reject(err);
    }
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    if (this.group) {
      const g = this.group;
      this.group = undefined;
      this.finish(g);
    }
    this.reader?.close();
    this.sqlite.close();
  }
}

interface ConnectionHooks {
  beforeWrite(): Promise<void>;
  useReader(): boolean;
}

class StatementCache {
  private readonly cache = new Map<string, SqliteDatabase.Statement>();

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly max: number,
  ) {}

  get(sql: string): SqliteDatabase.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      // Simple bound: statements with long IN lists vary, the hot ones come back at once.
      if (this.cache.size >= this.max) this.cache.clear();
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}

class SqliteConnection implements DatabaseConnection {
  private readonly writes: StatementCache;
  private readonly reads: StatementCache | undefined;

  constructor(
    sqlite: SqliteDatabase.Database,
    reader: SqliteDatabase.Database | undefined,
    maxStatements: number,
    private readonly hooks: ConnectionHooks,
  ) {
    this.writes = new StatementCache(sqlite, maxStatements);
    this.reads = reader && new StatementCache(reader, maxStatements);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    let stmt = this.writes.get(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    // `readonly`, not `reader`: UPDATE … RETURNING returns rows but writes.
    if (stmt.readonly) {
      if (this.reads && this.hooks.useReader()) stmt = this.reads.get(compiledQuery.sql);
    } else {
      await this.hooks.beforeWrite();
    }
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not used with SQLite here');
  }
}
