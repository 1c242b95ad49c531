// 预案管理: a published plan past its review date reminds its owner once per version, through the one
// scheduler's daily sweep and the notifications module (bilingual notice). Real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { samplePlanContent } from './plan.testkit.js';
import { REVIEW_JOB, remindReviewsDue } from './plan-reviews.js';

let env: TestEnv;
let owner: TestClient;
const P = '/api/v1/contingency/plans';
const DAY = 86_400_000;

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  owner = await env.client(['leader']);
});
afterAll(() => env.close());

async function notices(userId: string) {
  return env.ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('type', '=', 'contingency.review_due').execute();
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('plan review reminders', () => {
  it('the daily sweep is armed on the scheduler', async () => {
    const job = await env.ctx.db.selectFrom('jobs').select(['type', 'status', 'run_at']).where('dedupe_key', '=', REVIEW_JOB).executeTakeFirst();
    expect(job?.type).toBe(REVIEW_JOB);
  });

  it('remind the owner once per version when the review date has passed, in their language', async () => {
    const r = await owner.post(P, { key: 'review_test', content: samplePlanContent({ reviewEveryDays: 30 }) });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id;
    await owner.post(`${P}/${id}/versions/1/approve`);
    const published = (await owner.post(`${P}/${id}/versions/1/publish`)).json();
    const dueAt = Date.parse(published.reviewDueAt);

    // The list flags a plan whose review date has passed.
    await env.ctx.db.updateTable('contingency_plan_versions').set({ review_due_at: Date.now() - 1000 }).where('id', '=', published.id).execute();
    expect((await owner.get(P)).json().items.find((i: { id: string }) => i.id === id).reviewDue).toBe(true);
    await env.ctx.db.updateTable('contingency_plan_versions').set({ review_due_at: dueAt }).where('id', '=', published.id).execute();

    // Before the date: nothing.
    expect(await remindReviewsDue(env.ctx, dueAt - 1)).toEqual([]);
    expect((await owner.get(`${P}/${id}`)).json().reviewDue).toBe(false);

    // Past it: one reminder, and a second sweep (or another instance's) adds none.
    const first = await remindReviewsDue(env.ctx, dueAt + DAY);
    expect(first).toEqual([published.id]);
    expect(await remindReviewsDue(env.ctx, dueAt + 2 * DAY)).toEqual([]);
    const rows = await waitFor(() => notices(owner.userId), (n) => n.length > 0);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.title_zh).toContain('预案复审到期');
    expect(rows[0]!.title_zh).toContain('测试应急预案');
    expect(rows[0]!.title_en).toContain('Plan review due');
    expect(rows[0]!.title_en).toContain('Test contingency plan');
    expect(rows[0]!.title_en).not.toMatch(/[\u4e00-\u9fff]/);

    const events = (await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()).map((a) => a.action);
    expect(events.filter((a) => a === 'contingency.plan_review_due')).toHaveLength(1);

    // A new published version gets its own reminder when its date passes.
    await owner.post(`${P}/${id}/versions`, {});
    await owner.post(`${P}/${id}/versions/2/approve`);
    const v2 = (await owner.post(`${P}/${id}/versions/2/publish`)).json();
    expect(await remindReviewsDue(env.ctx, Date.parse(v2.reviewDueAt) + 1)).toEqual([v2.id]);
    expect(await waitFor(() => notices(owner.userId), (n) => n.length > 1)).toHaveLength(2);
  });
});
