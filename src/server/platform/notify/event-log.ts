import { sql, type Transaction } from 'kysely';
import type { Db, Dialect } from '../db/index.js';
import type { Database, EventLogTable } from '../db/schema.js';
import type { LiveSubject } from './live-subjects.js';

/**
 * The persisted event log that live streams tail.
 *
 * Rows get their `seq` from a counter row that the appending transaction holds locked until it
 * commits, so seq order is commit order on both databases: a stream that has seen seq N has seen
 * everything before it, and `Last-Event-ID: N` resumes exactly. On PostgreSQL the appending
 * transaction also runs `pg_notify`, delivered at commit to every instance's LISTEN connection.
 */

export interface LiveRowInput {
  /** Unique: a retried fan-out inserts nothing twice. */
  dedupeKey: string;
  type: string;
  /** Only this user sees the row (their notification) … */
  userId?: string | null;
  /** … or whoever may see this complaint. */
  complaintId?: string | null;
  departmentId?: string | null;
  ownerId?: string | null;
  /** … or whoever may see this subject (an incident, a plan: see live-subjects.ts). */
  subject?: LiveSubject;
  data: unknown;
}

export interface LiveRow {
  seq: number;
  type: string;
  userId: string | null;
  complaintId: string | null;
  departmentId: string | null;
  ownerId: string | null;
  subject?: LiveSubject;
  data: unknown;
  createdAt: number;
}

export interface EventLogRetention {
  eventLogRetentionMs: number;
  eventLogMaxRows: number;
}

const COUNTER = 'event_log';
/** The NOTIFY channel, per schema (instances share a schema; test suites do not). */
export const channelSql = sql<string>`'redress_events:' || current_schema()`;

/** Appends rows in the caller's transaction; returns how many were new. */
export async function appendEventLog(trx: Transaction<Database>, dialect: Dialect, rows: LiveRowInput[], opts: EventLogRetention, now = Date.now()): Promise<number> {
  if (!rows.length) return 0;
  const { value: last } = await trx
    .insertInto('counters')
    .values({ name: COUNTER, value: rows.length })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', rows.length) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  const first = Number(last) - rows.length + 1;
  const inserted = await trx
    .insertInto('event_log')
    .values(
      rows.map((r, i) => ({
        seq: first + i,
        dedupe_key: r.dedupeKey,
        type: r.type,
        user_id: r.userId ?? null,
        complaint_id: r.complaintId ?? null,
        department_id: r.departmentId ?? null,
        owner_id: r.ownerId ?? null,
        // A subject travels inside the stored JSON (no column of its own), unwrapped again by toRow.
        data: JSON.stringify(r.subject ? { [SUBJECT]: r.subject, [DATA]: r.data } : r.data),
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('seq')
    .execute();
  // Retention, now and then: rows older than the window or beyond the row cap.
  if (Math.floor(Number(last) / 100) !== Math.floor((first - 1) / 100)) {
    await trx
      .deleteFrom('event_log')
      .where((eb) => eb.or([eb('created_at', '<', now - opts.eventLogRetentionMs), eb('seq', '<=', Number(last) - opts.eventLogMaxRows)]))
      .execute();
  }
  if (inserted.length && dialect === 'postgres') await sql`SELECT pg_notify(${channelSql}, '')`.execute(trx);
  return inserted.length;
}

/** Rows read per query when tailing or replaying. */
export const PAGE = 500;

/** Highest seq in the log (0 when empty). */
export async function maxSeq(db: Db): Promise<number> {
  const max = await db.selectFrom('event_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(max?.seq ?? 0);
}

/** Lowest seq still in the log, or undefined when it is empty. */
export async function minSeq(db: Db): Promise<number | undefined> {
  const oldest = await db.selectFrom('event_log').select((eb) => eb.fn.min('seq').as('seq')).executeTakeFirst();
  return oldest?.seq == null ? undefined : Number(oldest.seq);
}

/** Up to PAGE rows with seq in (after, upto], in seq order. */
export async function readAfter(db: Db, after: number, upto?: number): Promise<LiveRow[]> {
  let q = db.selectFrom('event_log').selectAll().where('seq', '>', after);
  if (upto !== undefined) q = q.where('seq', '<=', upto);
  const rows = await q.orderBy('seq').limit(PAGE).execute();
  return rows.map(toRow);
}

const SUBJECT = '$subject';
const DATA = '$data';

function toRow(r: EventLogTable): LiveRow {
  const parsed = JSON.parse(r.data) as unknown;
  const wrapped = !!parsed && typeof parsed === 'object' && SUBJECT in parsed && DATA in parsed;
  const row: LiveRow = {
    seq: Number(r.seq),
    type: r.type,
    userId: r.user_id,
    complaintId: r.complaint_id,
    departmentId: r.department_id,
    ownerId: r.owner_id,
    data: wrapped ? (parsed as Record<string, unknown>)[DATA] : parsed,
    createdAt: Number(r.created_at),
  };
  if (wrapped) row.subject = (parsed as Record<string, unknown>)[SUBJECT] as LiveSubject;
  return row;
}
