import { performance } from 'node:perf_hooks';
import type { JobStore } from './store.js';

const realNow = () => performance.timeOrigin + performance.now();

/**
 * The scheduler's clock: this machine's clock corrected to the database's (PostgreSQL), so due times
 * and leases mean the same on every instance. SLA clocks use it too.
 */
export class DbClock {
  private offset = 0;
  private lastSync = 0;

  constructor(
    private readonly store: JobStore,
    /** This machine's clock (tests skew it). */
    private readonly clock: () => number,
    /** How often to re-read the database's clock. */
    private readonly syncMs: number,
  ) {}

  now(): number {
    return Math.round(this.clock() + this.offset);
  }

  get offsetMs(): number {
    return Math.round(this.offset);
  }

  get due(): boolean {
    return realNow() - this.lastSync >= this.syncMs;
  }

  /**
   * Measures the database's clock against this machine's. Against the monotonic real-time clock plus
   * the injected clock's skew, so tests that fake Date (moving time forward) keep their time.
   */
  async sync(): Promise<void> {
    const t0 = realNow();
    const db = await this.store.databaseTime();
    const t1 = realNow();
    const skew = this.clock() - Date.now();
    this.offset = Math.round(db - ((t0 + t1) / 2 + skew));
    this.lastSync = t1;
  }
}
