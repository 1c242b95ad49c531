// Shared by the SLA service's parts: the context, the versioned config, the scheduler's clock,
// post-commit effects and the visibility check for complaint-scoped reads.
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/schema.js';
import { notFound } from '../../platform/http/problem.js';
import { canSee } from '../complaints/complaint.policy.js';
import type { SlaConfigStore } from './sla.config.js';
import * as repo from './sla.repo.js';
import type { ComplaintFacts } from './sla.repo.js';

export type Trx = Transaction<Database>;

/** An instant as ISO 8601 (null stays null; typed so a non-null instant gives a string). */
export function iso(ms: number): string;
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();
}

/** What a transaction did that matters after commit. */
export interface Effects {
  emitted: boolean;
  wakeAt: number;
}

export class SlaCore {
  constructor(
    readonly ctx: AppContext,
    readonly config: SlaConfigStore,
  ) {}

  /** The scheduler's clock (tests move it forward). */
  now(): number {
    return this.ctx.jobs.now();
  }

  after(effects: Effects): void {
    if (effects.emitted) this.ctx.events.flush();
    if (effects.wakeAt < Infinity) this.ctx.jobs.wake(effects.wakeAt);
  }

  async visible(actor: Actor, complaintId: string): Promise<ComplaintFacts> {
    const facts = await repo.complaintFacts(this.ctx.db, complaintId);
    const row = facts && (await this.ctx.db.selectFrom('complaints').select(['department_id', 'owner_id', 'created_by']).where('id', '=', complaintId).executeTakeFirst());
    if (!facts || !row || !canSee(actor, row)) throw notFound('Complaint');
    return facts;
  }
}
