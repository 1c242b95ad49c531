import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../db/index.js';
import { channelSql } from './event-log.js';

/**
 * PostgreSQL only: a dedicated connection LISTENs for event-log commits on any instance and calls
 * `onNotify`; while it is down, `onNotify` runs once a second instead, and the connection is retried
 * with backoff.
 */
export class EventLogListener {
  private client: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private attempts = 0;

  constructor(
    private readonly db: Db,
    private readonly databaseUrl: string,
    private readonly log: Logger,
    private readonly onNotify: () => void,
  ) {}

  /** Whether LISTEN is up (this instance hears other instances' commits). */
  get up(): boolean {
    return this.listening;
  }

  async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    this.client = client;
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      if (this.closed) return;
      this.log.warn({ err }, 'event LISTEN connection lost; polling until it is back');
      void client.end().catch(() => undefined);
      this.startPolling();
      const delay = Math.min(30_000, 500 * 2 ** Math.min(this.attempts++, 6));
      this.retry = setTimeout(() => void this.listen(), delay);
      this.retry.unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.onNotify());
    try {
      await client.connect();
      // The channel is per schema, as the appender computes it.
      const channel = (await this.db.selectNoFrom(channelSql.as('c')).executeTakeFirstOrThrow()).c;
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listening = true;
      this.attempts = 0;
      this.stopPolling();
      this.onNotify(); // catch up on anything committed while not listening
    } catch (err) {
      lost(err as Error);
    }
  }

  private startPolling(): void {
    if (this.poll || this.closed) return;
    this.poll = setInterval(() => this.onNotify(), 1000);
    this.poll.unref();
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.stopPolling();
    const c = this.client;
    this.client = undefined;
    this.listening = false;
    if (c) await c.end().catch(() => undefined);
  }
}
