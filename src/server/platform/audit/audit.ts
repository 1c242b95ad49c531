import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { AuditLogTable, Database } from '../db/schema.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  at?: number;
}

type Row = Omit<AuditLogTable, 'hash'>;

export function hashRow(row: Row): string {
  const canonical = JSON.stringify([row.seq, row.at, row.actor_id, row.action, row.entity_type, row.entity_id, row.data, row.prev_hash]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends entries to the hash chain inside the caller's transaction. The UPDATE on the single head
 * row takes a row lock on PostgreSQL, so concurrent appenders queue and the chain never forks; it is
 * held until commit, so callers append as late in their transaction as they can, all entries at once.
 * Called with the database rather than a transaction (sign-ins), it opens a transaction of its own:
 * the head's read-increment-write must not interleave with another appender's.
 */
export async function appendAudit(trx: Transaction<Database> | Db, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) return;
  if (!trx.isTransaction) return trx.transaction().execute((t) => appendAudit(t, list));
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', list.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = Number(head.seq) - list.length;
  let prev = head.hash;
  const rows = list.map((entry) => {
    const row: Row = {
      seq: ++seq,
      at: entry.at ?? Date.now(),
      actor_id: entry.actorId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      data: JSON.stringify(entry.data ?? {}),
      prev_hash: prev,
    };
    prev = hashRow(row);
    return { ...row, hash: prev };
  });
  await trx.insertInto('audit_log').values(rows).execute();
  await trx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  broken?: { seq: number; reason: string };
}

/** Walks the chain in order; names the first row whose link or content does not hold. */
export async function verifyAudit(db: Db, batch = 5000): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = '0'.repeat(64);
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, checked, broken: { seq: expectedSeq, reason: `row ${expectedSeq} is missing (next row is ${r.seq})` } };
      if (r.prev_hash !== prevHash) return { ok: false, checked, broken: { seq: r.seq, reason: `row ${r.seq} does not link to row ${r.seq - 1}` } };
      if (hashRow(r) !== r.hash) return { ok: false, checked, broken: { seq: r.seq, reason: `row ${r.seq} was changed after it was written` } };
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
    return { ok: false, checked, broken: { seq: expectedSeq, reason: `rows ${expectedSeq}–${head.seq} at the end of the log were deleted` } };
  }
  return { ok: true, checked };
}
