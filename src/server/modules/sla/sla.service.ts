import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Delivery, DomainEvent } from '../../platform/events/events.js';
import { SLA_KINDS, type SlaKind } from './policy.js';
import type { ClockOp } from './engine.js';
import { SlaClocks } from './sla.clocks.js';
import { iso, SlaCore } from './sla.core.js';
import { SlaConfigStore } from './sla.config.js';
import { SlaExtensions } from './sla.extensions.js';
import { SlaSupervision } from './sla.supervision.js';
import { presentClock } from './sla.views.js';
import * as repo from './sla.repo.js';

export { SLA_TIMER_JOB } from './sla.clocks.js';
export { SUPERVISION_JOB } from './sla.supervision.js';
export { formatLocal } from './sla.extensions.js';
export { presentClock, slaListFilter, slaSummaries, type SlaSummary } from './sla.views.js';

/**
 * Deadlines: the one service the routes, jobs and event subscriptions talk to. Clocks and their timers
 * live in sla.clocks.ts, supervision in sla.supervision.ts, extensions in sla.extensions.ts, read views
 * in sla.views.ts. Warnings, breaches and escalations go on the timeline and out as `sla.*` domain
 * events; the notifications module turns those into messages.
 */
export class SlaService {
  readonly config: SlaConfigStore;
  private readonly core: SlaCore;
  private readonly clockMover: SlaClocks;
  private readonly supervision: SlaSupervision;
  private readonly extension: SlaExtensions;

  constructor(ctx: AppContext) {
    this.config = new SlaConfigStore(ctx.db, ctx.config.timezone);
    this.core = new SlaCore(ctx, this.config);
    this.clockMover = new SlaClocks(this.core);
    this.supervision = new SlaSupervision(this.core);
    this.extension = new SlaExtensions(this.core, this.clockMover);
  }

  /** The scheduler's clock (tests move it forward). */
  now(): number {
    return this.core.now();
  }

  /** In the event delivery's transaction; wake-ups and event flushes run after its commit. */
  onComplaintEvent(event: DomainEvent<Record<string, any>>, delivery: Delivery): Promise<void> {
    return this.clockMover.onComplaintEvent(event, delivery);
  }

  /** A timer job: recompute the clock at now; act on what is due; a stale timer does nothing. */
  onTimer(payload: { clockId: string; key?: string }): Promise<void> {
    return this.clockMover.onTimer(payload);
  }

  async clocks(actor: Actor, complaintId: string) {
    await this.core.visible(actor, complaintId);
    const calendar = (await this.config.calendar()).value;
    const now = this.now();
    const rows = await repo.clocksOf(this.core.ctx.db, complaintId);
    const order = (k: string) => SLA_KINDS.indexOf(k as SlaKind);
    return { now: iso(now), items: rows.sort((a, b) => order(a.kind) - order(b.kind)).map((r) => presentClock(r, calendar, now)) };
  }

  supervise(actor: Actor, complaintId: string, body: { dueAt: string; note: string }) {
    return this.supervision.supervise(actor, complaintId, body);
  }

  supervisions(actor: Actor, complaintId: string) {
    return this.supervision.supervisions(actor, complaintId);
  }

  onSupervisionReminder(payload: { supervisionId: string; key: string }): Promise<void> {
    return this.supervision.onSupervisionReminder(payload);
  }

  requestExtension(actor: Actor, complaintId: string, body: { reason: string; newDueAt: string }) {
    return this.extension.requestExtension(actor, complaintId, body);
  }

  extensions(actor: Actor, complaintId: string) {
    return this.extension.extensions(actor, complaintId);
  }

  decideExtension(actor: Actor, complaintId: string, extensionId: string, body: { decision: 'approve' | 'reject'; comment?: string }) {
    return this.extension.decideExtension(actor, complaintId, extensionId, body);
  }
}

export { repo as slaRepo };
export type { ClockOp };
