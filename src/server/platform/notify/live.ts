import type { ServerResponse } from 'node:http';
import { sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db, Dialect } from '../db/index.js';
import type { Database, EventLogTable } from '../db/schema.js';

/**
 * Live updates: a persisted event log and server-sent event streams that tail it.
 *
 * Rows get their `seq` from a counter row that the appending transaction holds locked until it
 * commits, so seq order is commit order on both databases: a stream that has seen seq N has seen
 * everything before it, and `Last-Event-ID: N` resumes exactly. Each instance tails the log from its
 * own cursor; on PostgreSQL the appending transaction also runs `pg_notify`, delivered at commit to
 * every instance's LISTEN connection, so an event committed anywhere reaches streams everywhere.
 * On SQLite (one process) the local poke is enough.
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
  data: unknown;
}

export interface LiveRow {
  seq: number;
  type: string;
  userId: string | null;
  complaintId: string | null;
  departmentId: string | null;
  ownerId: string | null;
  data: unknown;
  createdAt: number;
}

export interface LiveOptions {
  /** Comment lines keep proxies from closing an idle stream. */
  heartbeatMs: number;
  eventLogRetentionMs: number;
  eventLogMaxRows: number;
  /** Most rows replayed on resume; older gaps get a `reset` event (reload instead). */
  maxReplay: number;
  /** How often every stream's credential is checked again (logout, deactivation, password change, revoked token). */
  revalidateMs: number;
  /** Open streams per user; a new one beyond this ends the user's oldest. */
  maxStreamsPerUser: number;
}

const COUNTER = 'event_log';
const channelSql = sql<string>`'redress_events:' || current_schema()`;

/** Appends rows in the caller's transaction; returns how many were new. */
export async function appendEventLog(trx: Transaction<Database>, dialect: Dialect, rows: LiveRowInput[], opts: Pick<LiveOptions, 'eventLogRetentionMs' | 'eventLogMaxRows'>, now = Date.now()): Promise<number> {
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
        data: JSON.stringify(r.data),
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

export interface StreamOptions {
  /** From the Last-Event-ID header (or ?lastEventId=); replay what came after it. */
  lastEventId?: number;
  /** Whether this stream's user may see the row. */
  accept(row: LiveRow): boolean;
  /** SSE event name and JSON data for a row. */
  render(row: LiveRow): { event: string; data: unknown };
  /** Whose stream it is (the per-user cap). */
  userId: string;
  /** Whether the credential that opened the stream still holds; the stream ends when it does not. */
  stillValid(): Promise<boolean>;
}

interface Stream {
  res: ServerResponse;
  cursor: number;
  ready: boolean;
  pending: LiveRow[];
  opts: StreamOptions;
}

const toRow = (r: EventLogTable): LiveRow => ({
  seq: Number(r.seq),
  type: r.type,
  userId: r.user_id,
  complaintId: r.complaint_id,
  departmentId: r.department_id,
  ownerId: r.owner_id,
  data: JSON.parse(r.data),
  createdAt: Number(r.created_at),
});

/** Server-sent event streams of one process, fed from the event log. Starts on the first stream. */
export class LiveHub {
  private streams = new Set<Stream>();
  private cursor = 0;
  private started: Promise<void> | undefined;
  private live = false;
  private pumping = false;
  private again = false;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private revalidate: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private listening = false;
  private retry: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private listenAttempts = 0;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly databaseUrl: string,
    private readonly log: Logger,
    readonly options: LiveOptions,
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /** Whether this instance hears other instances' commits (PostgreSQL LISTEN is up). */
  get crossInstance(): boolean {
    return this.listening;
  }

  /** Takes over the response: SSE headers, replay after `lastEventId`, then live rows until the client leaves. */
  async open(res: ServerResponse, opts: StreamOptions): Promise<void> {
    if (this.closed) {
      res.writeHead(503, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 503, code: 'shutting_down', detail: 'The server is shutting down' }));
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const stream: Stream = { res, cursor: 0, ready: false, pending: [], opts };
    const mine = [...this.streams].filter((s) => s.opts.userId === opts.userId);
    for (const old of mine.slice(0, Math.max(0, mine.length + 1 - this.options.maxStreamsPerUser))) this.end(old, 'too_many_streams');
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    res.on('error', () => this.streams.delete(stream));
    try {
      await this.start();
      // Everything up to `upto` is replayed from the table; rows the tail reads after this point have a
      // higher seq and wait in `pending` until the replay is written.
      const upto = this.cursor;
      const last = opts.lastEventId;
      if (last !== undefined && last < upto) await this.replay(stream, last, upto);
      // The client saw more than this instance has tailed yet (it was streamed by another instance):
      // skip what it has — unless that id is not in the log at all (another database; start afresh).
      if (last !== undefined && last > upto && last <= (await this.maxSeq())) stream.cursor = last;
      else stream.cursor = Math.max(stream.cursor, upto);
      stream.ready = true;
      for (const row of stream.pending.splice(0)) this.deliver(stream, row);
      this.write(stream, `event: ready\ndata: ${JSON.stringify({ lastEventId: stream.cursor })}\n\n`);
    } catch (err) {
      this.log.error({ err }, 'event stream failed to start');
      this.streams.delete(stream);
      res.end();
    }
  }

  private async maxSeq(): Promise<number> {
    const max = await this.db.selectFrom('event_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(max?.seq ?? 0);
  }

  /** Replays the rows after `after` that this stream's user may see; more than maxReplay of them → `reset`. */
  private async replay(stream: Stream, after: number, upto: number): Promise<void> {
    const oldest = await this.db.selectFrom('event_log').select((eb) => eb.fn.min('seq').as('seq')).executeTakeFirst();
    const gone = after > 0 && (oldest?.seq == null || Number(oldest.seq) > after + 1);
    const visible: LiveRow[] = [];
    let truncated = false;
    for (let from = after; !gone && !truncated; ) {
      const rows = await this.db.selectFrom('event_log').selectAll().where('seq', '>', from).where('seq', '<=', upto).orderBy('seq').limit(500).execute();
      for (const r of rows) {
        const row = toRow(r);
        if (!this.accepts(stream, row)) continue;
        if (visible.length === this.options.maxReplay) {
          truncated = true;
          break;
        }
        visible.push(row);
      }
      if (rows.length < 500) break;
      from = Number(rows[rows.length - 1].seq);
    }
    if (gone || truncated) {
      // The log no longer holds everything after `after`: tell the client to reload its views.
      this.write(stream, `id: ${upto}\nevent: reset\ndata: ${JSON.stringify({ reason: 'history_expired' })}\n\n`);
      stream.cursor = upto;
      return;
    }
    for (const row of visible) this.write(stream, this.frame(stream, row));
    stream.cursor = upto;
  }

  private accepts(stream: Stream, row: LiveRow): boolean {
    try {
      return stream.opts.accept(row);
    } catch {
      return false;
    }
  }

  private frame(stream: Stream, row: LiveRow): string {
    const { event, data } = stream.opts.render(row);
    return `id: ${row.seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  /** Something was appended (locally, or another instance notified): tail the log. */
  poke(): void {
    if (!this.live || this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const rows = await this.db.selectFrom('event_log').selectAll().where('seq', '>', this.cursor).orderBy('seq').limit(500).execute();
          for (const r of rows) {
            const row = toRow(r);
            this.cursor = row.seq;
            for (const s of this.streams) {
              if (!s.ready) s.pending.push(row);
              else this.deliver(s, row);
            }
          }
          if (rows.length < 500) break;
        }
      } while (this.again && !this.closed);
    } catch (err) {
      if (!this.closed) this.log.warn({ err }, 'event log tail failed');
    } finally {
      this.pumping = false;
    }
  }

  private deliver(stream: Stream, row: LiveRow): void {
    if (row.seq <= stream.cursor) return;
    stream.cursor = row.seq;
    if (this.accepts(stream, row)) this.write(stream, this.frame(stream, row));
  }

  private write(stream: Stream, chunk: string): void {
    if (stream.res.writableEnded || stream.res.destroyed) return;
    // A client that stops reading is dropped rather than buffered without bound; it resumes on reconnect.
    if (stream.res.writableLength > 1024 * 1024) {
      this.streams.delete(stream);
      stream.res.end();
      return;
    }
    stream.res.write(chunk);
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const max = await this.db.selectFrom('event_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      this.cursor = Number(max?.seq ?? 0);
      this.heartbeat = setInterval(() => {
        for (const s of this.streams) this.write(s, ': ping\n\n');
      }, this.options.heartbeatMs);
      this.heartbeat.unref();
      this.revalidate = setInterval(() => void this.recheck(), this.options.revalidateMs);
      this.revalidate.unref();
      this.live = true;
      if (this.dialect === 'postgres') await this.listen();
    })().catch((err) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  /** A dedicated connection LISTENs for commits on any instance; while it is down, poll once a second. */
  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    this.listener = client;
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      if (this.closed) return;
      this.log.warn({ err }, 'event LISTEN connection lost; polling until it is back');
      void client.end().catch(() => undefined);
      this.startPolling();
      const delay = Math.min(30_000, 500 * 2 ** Math.min(this.listenAttempts++, 6));
      this.retry = setTimeout(() => void this.listen(), delay);
      this.retry.unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.poke());
    try {
      await client.connect();
      // The channel is per schema, as the appender computes it (instances share a schema; test suites do not).
      const channel = (await this.db.selectNoFrom(channelSql.as('c')).executeTakeFirstOrThrow()).c;
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listening = true;
      this.listenAttempts = 0;
      this.stopPolling();
      this.poke(); // catch up on anything committed while not listening
    } catch (err) {
      lost(err as Error);
    }
  }

  private startPolling(): void {
    if (this.poll || this.closed) return;
    this.poll = setInterval(() => this.poke(), 1000);
    this.poll.unref();
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  /**
   * Checks every stream's credential now (also every `revalidateMs`, which covers other instances):
   * after a logout, deactivation, password change or token revocation the stream ends with `event: end`.
   */
  async recheck(): Promise<void> {
    await Promise.all(
      [...this.streams].map(async (s) => {
        const ok = await s.opts.stillValid().catch(() => true); // a database hiccup is not a sign-out
        if (!ok) this.end(s, 'signed_out');
      }),
    );
  }

  private end(stream: Stream, reason: string): void {
    if (!this.streams.delete(stream)) return;
    stream.res.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
  }

  /** Ends every open stream (before the HTTP server closes, so it does not wait on them). */
  closeStreams(): void {
    for (const s of this.streams) s.res.end();
    this.streams.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closeStreams();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.revalidate) clearInterval(this.revalidate);
    if (this.retry) clearTimeout(this.retry);
    this.stopPolling();
    const l = this.listener;
    this.listener = undefined;
    this.listening = false;
    if (l) await l.end().catch(() => undefined);
    while (this.pumping) await new Promise((r) => setTimeout(r, 5));
  }
}
