import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Db, Dialect } from '../db/index.js';
import { maxSeq, minSeq, PAGE, readAfter, type EventLogRetention, type LiveRow } from './event-log.js';
import { LiveSubjects } from './live-subjects.js';
import { EventLogListener } from './pg-listener.js';

/**
 * Live updates: server-sent event streams that tail the event log (event-log.ts).
 *
 * Each instance tails the log from its own cursor, poked locally after an append and, on
 * PostgreSQL, by the LISTEN connection (pg-listener.ts) when any instance commits, so an event
 * committed anywhere reaches streams everywhere. On SQLite (one process) the local poke is enough.
 */

export { appendEventLog, type LiveRow, type LiveRowInput } from './event-log.js';
export { LiveSubjects, type LiveSubject, type LiveSubjectKind } from './live-subjects.js';

export interface LiveOptions extends EventLogRetention {
  /** Comment lines keep proxies from closing an idle stream. */
  heartbeatMs: number;
  /** Most rows replayed on resume; older gaps get a `reset` event (reload instead). */
  maxReplay: number;
  /** How often every stream's credential is checked again (logout, deactivation, password change, revoked token). */
  revalidateMs: number;
  /** Open streams per user; a new one beyond this ends the user's oldest. */
  maxStreamsPerUser: number;
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
  private listener: EventLogListener | undefined;
  /** Visibility of rows about non-complaint subjects, per kind (registered from the composition root). */
  readonly subjects = new LiveSubjects();

  constructor(
    private readonly db: Db,
    dialect: Dialect,
    databaseUrl: string,
    private readonly log: Logger,
    readonly options: LiveOptions,
  ) {
    if (dialect === 'postgres') this.listener = new EventLogListener(db, databaseUrl, log, () => this.poke());
  }

  get size(): number {
    return this.streams.size;
  }

  /** Whether this instance hears other instances' commits (PostgreSQL LISTEN is up). */
  get crossInstance(): boolean {
    return this.listener?.up ?? false;
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
      if (last !== undefined && last > upto && last <= (await maxSeq(this.db))) stream.cursor = last;
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

  /** Replays the rows after `after` that this stream's user may see; more than maxReplay of them → `reset`. */
  private async replay(stream: Stream, after: number, upto: number): Promise<void> {
    const oldest = await minSeq(this.db);
    const gone = after > 0 && (oldest === undefined || oldest > after + 1);
    const visible: LiveRow[] = [];
    let truncated = false;
    for (let from = after; !gone && !truncated; ) {
      const rows = await readAfter(this.db, from, upto);
      for (const row of rows) {
        if (!this.accepts(stream, row)) continue;
        if (visible.length === this.options.maxReplay) {
          truncated = true;
          break;
        }
        visible.push(row);
      }
      if (rows.length < PAGE) break;
      from = rows[rows.length - 1].seq;
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
          const rows = await readAfter(this.db, this.cursor);
          for (const row of rows) {
            this.cursor = row.seq;
            for (const s of this.streams) {
              if (!s.ready) s.pending.push(row);
              else this.deliver(s, row);
            }
          }
          if (rows.length < PAGE) break;
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
      this.cursor = await maxSeq(this.db);
      this.heartbeat = setInterval(() => {
        for (const s of this.streams) this.write(s, ': ping\n\n');
      }, this.options.heartbeatMs);
      this.heartbeat.unref();
      this.revalidate = setInterval(() => void this.recheck(), this.options.revalidateMs);
      this.revalidate.unref();
      this.live = true;
      if (this.listener) await this.listener.listen();
    })().catch((err) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
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
    if (this.listener) await this.listener.close();
    while (this.pumping) await new Promise((r) => setTimeout(r, 5));
  }
}
