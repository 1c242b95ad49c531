import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { enqueue, type JobRunner } from '../jobs/jobs.js';

export interface DomainEvent<T = Record<string, unknown>> {
  /** Unique per emitted event (UUIDv7); subscribers dedupe on it. Events queued before ids existed get their job's id. */
  id: string;
  type: string;
  data: T;
  at: number;
}

/** What a subscriber writes with, and how it asks for work once those writes are committed. */
export interface Delivery {
  /** The delivery's transaction: subscribers write (and read) through it, never through the pool. */
  trx: Transaction<Database>;
  /** Runs after the commit; the same function registered twice runs once (one poke per batch). */
  afterCommit(fn: () => void): void;
}

export type Subscriber = (event: DomainEvent<any>, delivery: Delivery) => Promise<void> | void;

/**
 * Domain events through a transactional outbox: `emit` writes a job in the same transaction as the
 * change, and the job runner hands it to subscribers after commit. A claimed run of events is
 * delivered in order in one transaction that also marks their jobs done (one commit per run, not
 * one per subscriber and event); if it fails, each event is retried alone. The events of one
 * complaint (or incident) are a partition: the next is delivered only once the one before it is
 * done (or dead), so a failing event holds back its own record's later events and nobody else's.
 * Subscribers must be idempotent (delivery is at-least-once) and tolerate a missing predecessor (a
 * dead event an admin retries later arrives after its successors).
 */
export class EventBus {
  private subscribers = new Map<string, Subscriber[]>();

  constructor(
    private readonly runner: JobRunner,
    private readonly log: Logger,
  ) {
    runner.registerBatch('event', async (jobs, trx) => {
      const after = new Set<() => void>();
      const delivery: Delivery = { trx, afterCommit: (fn) => after.add(fn) };
      for (const job of jobs) {
        const event = JSON.parse(job.payload) as DomainEvent;
        event.id ??= job.id;
        for (const sub of [...(this.subscribers.get(event.type) ?? []), ...(this.subscribers.get('*') ?? [])]) await sub(event, delivery);
      }
      return () => after.forEach((fn) => fn());
    });
  }

  on(type: string, subscriber: Subscriber): void {
    this.subscribers.set(type, [...(this.subscribers.get(type) ?? []), subscriber]);
  }

  /** Events of one record (complaint, incident) are delivered one at a time in the order they were written. */
  async emit(trx: Transaction<Database> | Db, type: string, data: Record<string, unknown>): Promise<void> {
    const at = this.runner.now();
    const key = typeof data.complaintId === 'string' ? data.complaintId : typeof data.incidentId === 'string' ? data.incidentId : undefined;
    await enqueue(trx, { type: 'event', payload: { id: uuidv7(), type, data, at } satisfies DomainEvent, partitionKey: key }, at);
  }

  /** Call after the transaction that emitted commits. */
  flush(): void {
    this.runner.kick();
    this.log.trace('events flushed');
  }
}
