import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.js';

/**
 * A cheap fingerprint of everything a request could have written: the row count of every table and
 * the highest `seq` of every table that has one (the audit chain, the event log…). Tables come from
 * the database's own catalogue, so a table added by a later migration is covered without an edit
 * here. One statement per snapshot. Rows updated in place are not seen — the audit chain (every
 * recorded change appends to it) and the event log are what make those visible.
 */
export type Snapshot = Record<string, number>;

export interface Snapshotter {
  take(): Promise<Snapshot>;
  tables: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function snapshotter(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<Snapshotter> {
  const tables: string[] = [];
  const seqTables: string[] = [];
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db);
    for (const r of rows.rows) {
      tables.push(r.name);
      const cols = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${r.name})`.execute(db);
      if (cols.rows.some((c) => c.name === 'seq')) seqTables.push(r.name);
    }
  } else {
    const rows = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
    tables.push(...rows.rows.map((r) => r.table_name));
    const seqs = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'seq'`.execute(db);
    seqTables.push(...seqs.rows.map((r) => r.table_name).filter((t) => tables.includes(t)));
  }
  const columns = [
    ...tables.map((t) => `(SELECT COUNT(*) FROM ${quote(t)}) AS ${quote(`rows:${t}`)}`),
    ...seqTables.map((t) => `(SELECT COALESCE(MAX(seq), 0) FROM ${quote(t)}) AS ${quote(`seq:${t}`)}`),
  ];
  const statement = sql.raw<Record<string, number | string | bigint>>(`SELECT ${columns.join(', ')}`);
  return {
    tables,
    async take() {
      const row = (await statement.execute(db)).rows[0];
      return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
    },
  };
}

/** What differs between two snapshots, as "rows:complaints 3→4". */
export function diff(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after })
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} ${before[k]}→${after[k]}`);
}
