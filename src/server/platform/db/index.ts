import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { groupCommitDialect } from './group-commit.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** SQLite only: the raw connection, for online backups. */
  sqlite?: SqliteDatabase.Database;
  /** PostgreSQL only: the connection pool (metrics read its counts). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch milliseconds and counters, all well inside 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface DbOptions {
  /** PostgreSQL: schema to create and use (tests isolate suites this way). */
  schema?: string;
  poolSize?: number;
  /** SQLite: called after each group commit with the number of transactions it committed (metrics). */
  onGroupCommit?: (members: number) => void;
}

export async function createDb(url: string, opts: DbOptions = {}): Promise<DbHandle> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    if (opts.schema) {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
      } finally {
        client.release();
      }
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', pool, close: () => db.destroy() };
  }

  fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true, mode: 0o700 });
  // Personal data: the database is readable by this user only (0600; SQLite gives its -wal and -shm
  // files the database file's mode). Files of earlier versions are tightened too.
  fs.closeSync(fs.openSync(url, 'a', 0o600));
  for (const f of [url, `${url}-wal`, `${url}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  const sqlite = new SqliteDatabase(url);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives a process crash (kill -9); only an OS crash
  // or power loss can drop the last commits. REDRESS_SQLITE_SYNC=FULL trades speed for that too.
  sqlite.pragma(`synchronous = ${process.env.REDRESS_SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  // Short: the driver is synchronous, so a long busy wait would block the event loop. Writes wait for
  // another process's write lock asynchronously instead (group-commit.ts, BEGIN IMMEDIATE).
  sqlite.pragma('busy_timeout = 20');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: groupCommitDialect(sqlite, { onCommit: opts.onGroupCommit }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    close: async () => {
      await db.destroy();
    },
  };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * Resolves once what other callers have written so far is committed. On SQLite an empty transaction
 * joins the open group and is answered after its COMMIT (reads outside transactions see only
 * committed rows); PostgreSQL commits each transaction on its own.
 */
export async function openWritesCommitted(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await db.transaction().execute(async () => undefined);
}

/**
 * Runs `fn` in the caller's transaction when there is one, else in a new one. On SQLite a query on
 * the pool while a transaction holds the one connection would wait forever, so code that may run
 * inside a transaction takes it as a parameter.
 */
export function withTransaction<T>(db: Db, trx: Transaction<Database> | undefined, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return trx ? fn(trx) : db.transaction().execute(fn);
}
