import type { Logger } from 'pino';
import type { JobStore } from './store.js';

/** Marks finished jobs done: one UPDATE marks all that finished while the previous one was written. */
export class DoneMarks {
  private queue: Array<{ id: string; settle(ok: boolean): void }> = [];
  private flushing = false;

  constructor(
    private readonly store: JobStore,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /** Marks one finished job done, together with the others finishing meanwhile; false if it was not ours any more. */
  mark(id: string): Promise<boolean> {
    return new Promise((settle) => {
      this.queue.push({ id, settle });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const lot = this.queue.splice(0, 500);
        try {
          const marked = await this.store.markDoneEach(lot.map((d) => d.id), this.now());
          for (const d of lot) d.settle(marked.has(d.id));
        } catch (err) {
          // Not marked: the lease runs out and the job runs again (at-least-once).
          this.log.error({ err, jobs: lot.length }, 'could not mark jobs done');
          for (const d of lot) d.settle(false);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
