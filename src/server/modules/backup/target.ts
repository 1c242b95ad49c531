import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../../config.js';
import { BackupError } from './manifest.js';

/** What a restore would overwrite: rows an operator would miss. */
export interface TargetState {
  complaints: number;
  users: number;
}

/**
 * Empty enough to restore into without --force: no complaint, and at most the first administrator
 * that `serve` creates on a fresh database.
 */
export function isEmpty(s: TargetState): boolean {
  return s.complaints === 0 && s.users <= 1;
}

/**
 * True when another process has the SQLite file open (a running server): an exclusive lock in
 * exclusive locking mode is refused while any other connection holds the WAL index.
 */
export function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY' || /locked|busy/i.test((e as Error).message)) return true;
    throw e;
  } finally {
    db.close();
  }
}

export async function targetState(config: Pick<Config, 'dialect' | 'databaseUrl'>): Promise<TargetState> {
  if (config.dialect === 'sqlite') {
    if (!fs.existsSync(config.databaseUrl)) return { complaints: 0, users: 0 };
    const db = new SqliteDatabase(config.databaseUrl, { readonly: true, fileMustExist: true });
    try {
      const has = (t: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);
      const count = (t: string) => (has(t) ? Number((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n) : 0);
      return { complaints: count('complaints'), users: count('users') };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: config.databaseUrl });
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(`Cannot connect to the target database: ${(e as Error).message}`);
  }
  try {
    const count = async (t: string) => {
      const r = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [t]);
      if (!r.rows[0]?.t) return 0;
      return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
    };
    return { complaints: await count('complaints'), users: await count('users') };
  } finally {
    await client.end();
  }
}
