// The SQLite group-commit driver: transactions that share one COMMIT must still behave like
// transactions — acknowledged only once on disk, rolled back alone when they fail. A second,
// independent connection to the file sees only what is committed. (SQLite-only by nature; runs
// whatever TEST_DATABASE_URL says.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './index.js';

let dir: string;
let handle: DbHandle;
let observer: SqliteDatabase.Database;

const committed = (id: string) => observer.prepare('SELECT count(*) AS n FROM t WHERE id = ?').get(id) as { n: number };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-gc-'));
  const file = path.join(dir, 'gc.sqlite');
  handle = await createDb(file);
  await sql`CREATE TABLE t (id text PRIMARY KEY, v integer NOT NULL)`.execute(handle.db);
  observer = new SqliteDatabase(file, { readonly: true });
});

afterAll(async () => {
  observer?.close();
  await handle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite group commit', () => {
  it('answers a transaction only once another connection can see its rows', async () => {
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        handle.db
          .transaction()
          .execute(async (trx) => {
            await sql`INSERT INTO t (id, v) VALUES (${`a${i}`}, ${i})`.execute(trx);
            await sql`UPDATE t SET v = v + 1 WHERE id = ${`a${i}`}`.execute(trx);
          })
          .then(() => seen.push(committed(`a${i}`).n)),
      ),
    );
    expect(seen).toEqual(Array(40).fill(1));
    const rows = observer.prepare("SELECT count(*) AS n, sum(v) AS s FROM t WHERE id LIKE 'a%'").get() as { n: number; s: number };
    expect(rows).toEqual({ n: 40, s: (39 * 40) / 2 + 40 });
  });

  it('rolls back a failing transaction alone; the others in its group commit', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        handle.db.transaction().execute(async (trx) => {
          await sql`INSERT INTO t (id, v) VALUES (${`b${i}`}, ${i})`.execute(trx);
          if (i === 7) throw new Error('boom');
          // a constraint error inside the transaction, caught by the caller, is not a failure
          if (i === 11) await sql`INSERT INTO t (id, v) VALUES (${'b11'}, 0)`.execute(trx).catch(() => undefined);
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect((outcomes[7] as PromiseRejectedResult).reason.message).toBe('boom');
    const ids = (observer.prepare("SELECT id FROM t WHERE id LIKE 'b%' ORDER BY CAST(substr(id, 2) AS integer)").all() as Array<{ id: string }>).map((r) => r.id);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `b${i}`).filter((id) => id !== 'b7'));
  });

  it('makes a single write statement wait for its commit too, and lets reads through', async () => {
    const writes = Array.from({ length: 10 }, (_, i) =>
      sql`INSERT INTO t (id, v) VALUES (${`c${i}`}, ${i})`.execute(handle.db).then(() => committed(`c${i}`).n),
    );
    const tx = handle.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO t (id, v) VALUES (${'c-tx'}, 1)`.execute(trx);
    });
    const read = sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(handle.db);
    expect(await Promise.all(writes)).toEqual(Array(10).fill(1));
    await tx;
    expect(committed('c-tx').n).toBe(1);
    expect(Number((await read).rows[0].n)).toBeGreaterThanOrEqual(59);
  });

  it('a unique violation fails only the transaction that caused it', async () => {
    const [first, second] = await Promise.allSettled(
      ['d', 'd'].map((id, i) =>
        handle.db.transaction().execute(async (trx) => {
          await sql`INSERT INTO t (id, v) VALUES (${`${id}-${i}`}, ${i})`.execute(trx);
          await sql`INSERT INTO t (id, v) VALUES (${id}, ${i})`.execute(trx);
        }),
      ),
    );
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(committed('d-0').n).toBe(1);
    expect(committed('d-1').n).toBe(0); // its first insert went with it
  });
});
