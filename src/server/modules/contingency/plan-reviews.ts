import type { AppContext } from '../../context.js';
import { enqueue } from '../../platform/jobs/jobs.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { PlanContent } from '../../../shared/contingency.js';
import * as repo from './contingency.plans.repo.js';

/**
 * 预案管理: a published plan is reviewed `reviewEveryDays` after publication. A daily job on the one
 * scheduler finds published versions past their review date and emits `contingency.review_due` once
 * per version (a conditional UPDATE of `review_reminded_at` in the event's transaction, so two
 * instances running the sweep at once remind once); the notifications module tells the plan's owner.
 */
export const REVIEW_JOB = 'contingency.review_sweep';
const DAY = 86_400_000;

/** Reminds the owners of every plan version whose review is due; returns the version ids reminded. */
export async function remindReviewsDue(ctx: AppContext, now = ctx.jobs.now()): Promise<string[]> {
  const due = await repo.reviewsDue(ctx.db, now);
  const reminded: string[] = [];
  for (const v of due) {
    const content = JSON.parse(v.content) as PlanContent;
    const done = await ctx.db.transaction().execute(async (trx) => {
      const res = await repo.markReminded(trx, v.id, now);
      if (Number(res.numUpdatedRows) !== 1) return false; // another sweep got there first
      await appendAudit(trx, { actorId: null, action: 'contingency.plan_review_due', entityType: 'contingency_plan', entityId: v.plan_id, data: { version: Number(v.version) } });
      await ctx.events.emit(trx, 'contingency.review_due', {
        planId: v.plan_id,
        planKey: v.plan_key,
        versionId: v.id,
        version: Number(v.version),
        ownerId: v.owner_id,
        titleZh: content.title.zh,
        titleEn: content.title.en,
        reviewDueAt: Number(v.review_due_at),
      });
      return true;
    });
    if (done) reminded.push(v.id);
  }
  if (reminded.length) ctx.events.flush();
  return reminded;
}

/** Registers the sweep and arms it: first run now, then every day (it re-arms itself, like the audit checkpoints). */
export async function scheduleReviewReminders(ctx: AppContext): Promise<void> {
  ctx.jobs.register(REVIEW_JOB, async () => {
    await remindReviewsDue(ctx);
    await enqueue(ctx.db, { type: REVIEW_JOB, dedupeKey: REVIEW_JOB, runAt: ctx.jobs.now() + DAY, replace: true }, ctx.jobs.now());
  });
  // Ignored while the job exists (another instance, or an earlier start, armed it).
  await enqueue(ctx.db, { type: REVIEW_JOB, dedupeKey: REVIEW_JOB, runAt: ctx.jobs.now() }, ctx.jobs.now());
}
