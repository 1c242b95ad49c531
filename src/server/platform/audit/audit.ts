import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { AuditLogTable, Database } from '../db/schema.js';
import { deriveKey } from '../crypto/keys.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  at?: number;
}

type Row = Omit<AuditLogTable, 'hash'>;
type Executor = Transaction<Database> | Db;

/** The row from which the chain is keyed; rows before it verify as a plain SHA-256 legacy prefix. */
export const KEYED_MARKER = { action: 'audit.chain_keyed', entityType: 'audit_log', entityId: 'chain' } as const;

/**
 * Chain key per database handle. Kysely keeps one adapter per instance and hands it to every
 * transaction's executor, so a transaction finds its database's key without every caller passing it.
 */
const chainKeys = new WeakMap<object, Buffer>();

export function bindAuditKey(db: Db, master: Buffer): void {
  chainKeys.set(db.getExecutor().adapter, deriveKey(master, 'audit-chain'));
}

function chainKey(db: Executor): Buffer {
  const key = chainKeys.get(db.getExecutor().adapter);
  if (!key) throw new Error('The audit chain key is not bound to this database (bindAuditKey)');
  return key;
}

/** A row's hash: HMAC-SHA256 with the chain key from the marker on, plain SHA-256 (legacy) before it. */
export function hashRow(row: Row, key?: Buffer): string {
  const canonical = JSON.stringify([row.seq, row.at, row.actor_id, row.action, row.entity_type, row.entity_id, row.data, row.prev_hash]);
  return (key ? crypto.createHmac('sha256', key) : crypto.createHash('sha256')).update(canonical).digest('hex');
}

/** The hash of the next rows for writers that build rows themselves (the bulk loader): keyed with this database's key. */
export function chainHasher(db: Executor): (row: Row) => string {
  const key = chainKey(db);
  return (row) => hashRow(row, key);
}

const isMarker = (r: Pick<Row, 'action' | 'entity_type' | 'entity_id'>) =>
  r.action === KEYED_MARKER.action && r.entity_type === KEYED_MARKER.entityType && r.entity_id === KEYED_MARKER.entityId;

/**
 * Appends entries to the hash chain inside the caller's transaction. The UPDATE on the single head
 * row takes a row lock on PostgreSQL, so concurrent appenders queue and the chain never forks; it is
 * held until commit, so callers append as late in their transaction as they can, all entries at once.
 * Called with the database rather than a transaction (sign-ins), it opens a transaction of its own:
 * the head's read-increment-write must not interleave with another appender's.
 */
export async function appendAudit(trx: Executor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) return;
  if (!trx.isTransaction) return trx.transaction().execute((t) => appendAudit(t, list));
  const key = chainKey(trx);
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
    prev = hashRow(row, key);
    return { ...row, hash: prev };
  });
  await trx.insertInto('audit_log').values(rows).execute();
  await trx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}

/** Writes the marker row once (at start-up): every later row is keyed. Idempotent across instances. */
export async function ensureKeyedChain(db: Db): Promise<void> {
  const find = (x: Executor) =>
    x.selectFrom('audit_log').select('seq').where('entity_type', '=', KEYED_MARKER.entityType).where('entity_id', '=', KEYED_MARKER.entityId).where('action', '=', KEYED_MARKER.action).executeTakeFirst();
  if (await find(db)) return;
  await db.transaction().execute(async (trx) => {
    // Lock the head first (PostgreSQL), so two instances starting together write one marker.
    await trx.updateTable('audit_head').set((eb) => ({ seq: eb.ref('seq') })).where('id', '=', 1).execute();
    if (await find(trx)) return;
    await appendAudit(trx, { actorId: null, ...KEYED_MARKER, data: { scheme: 'hmac-sha256', key: 'hkdf(secret key, "redress:audit-chain")' } });
  });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Seq of the marker row from which rows are keyed (absent: no keyed rows yet). */
  keyedFrom?: number;
  /** The head the walk was checked against (read before the walk). */
  head?: { seq: number; hash: string };
  broken?: { seq: number; reason: string };
}

/**
 * Walks the chain in order; names the first row whose link or content does not hold. The head is
 * read first and the walk stops there: rows appended meanwhile are not part of this check, and every
 * row up to a committed head is itself committed (appenders hold the head until they commit).
 */
export async function verifyAudit(db: Db, batch = 5000): Promise<VerifyResult> {
  const key = chainKey(db);
  const headRow = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const head = { seq: Number(headRow.seq), hash: headRow.hash };
  let expectedSeq = 1;
  let prevHash = '0'.repeat(64);
  let checked = 0;
  let keyedFrom: number | undefined;
  const fail = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, ...(keyedFrom ? { keyedFrom } : {}), head, broken: { seq, reason } });
  while (expectedSeq <= head.seq) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).where('seq', '<=', head.seq).orderBy('seq').limit(batch).execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq) return fail(expectedSeq, `row ${expectedSeq} is missing (next row is ${r.seq})`);
      if (r.prev_hash !== prevHash) return fail(r.seq, `row ${r.seq} does not link to row ${r.seq - 1}`);
      if (keyedFrom === undefined && isMarker(r)) keyedFrom = r.seq;
      if (hashRow(r, keyedFrom === undefined ? undefined : key) !== r.hash) return fail(r.seq, `row ${r.seq} was changed after it was written`);
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  if (expectedSeq - 1 !== head.seq) return fail(expectedSeq, `rows ${expectedSeq}–${head.seq} at the end of the log were deleted`);
  if (head.hash !== prevHash) return fail(head.seq, `the chain head does not match row ${head.seq}`);
  return { ok: true, checked, ...(keyedFrom ? { keyedFrom } : {}), head };
}
