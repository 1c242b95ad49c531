/**
 * The demo's simulated clock. The demo plays months of a hotline desk in a minute: every service,
 * the job runner and the SLA clocks read `Date.now()`, so the demo moves that clock (forward only)
 * to each step's time and everything — ids, timeline, audit entries, deadlines, breaches — happens
 * at the simulated time, consistently. The same technique as the tests' `vi.setSystemTime`, for one
 * CLI process; `restore()` puts the real clock back.
 */
export class SimulatedClock {
  private readonly RealDate = Date;
  private offset = 0;
  private installed = false;

  /** Replaces the global Date so that `Date.now()` and `new Date()` read the simulated time. */
  install(at: number): void {
    if (this.installed) throw new Error('the simulated clock is already installed');
    const Real = this.RealDate;
    this.offset = at - Real.now();
    const now = () => this.now();
    class SimDate extends Real {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(now());
        else super(...(args as [string | number | Date]));
      }
      static override now(): number {
        return now();
      }
    }
    globalThis.Date = SimDate as DateConstructor;
    this.installed = true;
  }

  now(): number {
    return this.RealDate.now() + this.offset;
  }

  /** Moves the clock forward to `at`; never backwards (ids and audit entries stay in order). */
  advanceTo(at: number): void {
    if (at > this.now()) this.offset = at - this.RealDate.now();
  }

  restore(): void {
    if (!this.installed) return;
    globalThis.Date = this.RealDate;
    this.installed = false;
  }
}
