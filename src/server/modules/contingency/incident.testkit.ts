// Test helpers for incidents: a campus-canteen food-safety plan (食堂食品安全) published straight
// into the plan tables, the runner settling after a move of the faked clock, and event lookups.
import { vi } from 'vitest';
import type { PlanContent } from '../../../shared/contingency.js';
import type { TestEnv } from '../../test/harness.js';
import { insertPlan, insertVersion, upsertCategoryPlan } from './contingency.plans.repo.js';

export const MIN = 60_000;
const b = (zh: string, en: string) => ({ zh, en });

export function canteenPlan(categoryId: string): PlanContent {
  return {
    title: b('校园食堂食品安全投诉应急预案', 'Campus canteen food-safety complaint plan'),
    general: b('保障师生饮食安全。', 'Keep students and staff safe from unsafe food.'),
    scope: { categoryIds: [categoryId], levels: [] },
    activation: [{ kind: 'mass_cluster', minMembers: 10 }, { kind: 'manual' }],
    roles: [
      { key: 'incident_commander', name: b('总指挥', 'Incident commander'), duties: b('统一指挥', 'Commands the response'), fillFrom: ['leader'], required: true },
      { key: 'investigation_lead', name: b('调查组长', 'Investigation lead'), duties: b('调查原因', 'Finds the cause'), fillFrom: ['dept_head', 'handler'], required: true },
      { key: 'communication_coordinator', name: b('沟通协调员', 'Communication coordinator'), duties: b('联系投诉人', 'Keeps complainants informed'), fillFrom: ['coordinator'], required: true },
      { key: 'pr_officer', name: b('新闻发言人', 'PR officer'), duties: b('对外发布', 'Speaks to the public'), fillFrom: ['pr_officer'], required: false },
    ],
    levels: [1, 2, 3, 4].map((level) => ({ level, response: b(`${level}级响应`, `Level ${level} response`), sitrepEveryMinutes: [30, 60, 120, 240][level - 1], notifyRoles: level <= 2 ? ['leader'] : [] })),
    steps: [
      { key: 'notify_leader', title: b('报告分管领导', 'Tell the leader in charge'), description: b('电话报告', 'By phone'), offsetMinutes: 0, ownerRole: 'incident_commander' },
      { key: 'form_group', title: b('成立处置小组', 'Form the handling group'), description: b('到场处置', 'On site'), offsetMinutes: 30, ownerRole: 'investigation_lead' },
      { key: 'first_contact', title: b('首次联系投诉人', 'First contact with the complainants'), description: b('逐一回访', 'Call each back'), offsetMinutes: 60, ownerRole: 'communication_coordinator' },
      { key: 'public_statement', title: b('发布情况通报', 'Publish a statement'), description: b('对外通报', 'To the public'), offsetMinutes: 240, ownerRole: 'pr_officer', levels: [1, 2] },
      { key: 'written_reply', title: b('书面答复', 'Written reply'), description: b('书面答复投诉人', 'In writing'), offsetMinutes: 24 * 60, ownerRole: 'communication_coordinator' },
    ],
    templates: [],
    resources: [],
    postIncident: [],
    safeguards: b('保障', 'Safeguards'),
    training: b('每年演练', 'A drill each year'),
    reviewEveryDays: 365,
  };
}

/** A published plan (version 1), optionally mapped from the category; returns its ids. */
export async function publishPlan(env: TestEnv, key: string, ownerId: string, content: PlanContent, opts: { mapCategory?: string; status?: string } = {}): Promise<{ planId: string; versionId: string }> {
  const now = Date.now();
  const planId = `plan-${key}`;
  const versionId = `${planId}-v1`;
  await insertPlan(env.ctx.db, { id: planId, key, owner_id: ownerId, department_id: null, created_at: now, updated_at: now });
  await insertVersion(env.ctx.db, { id: versionId, plan_id: planId, version: 1, status: opts.status ?? 'published', content: JSON.stringify(content), created_at: now, published_at: now });
  if (opts.mapCategory) await upsertCategoryPlan(env.ctx.db, { category_id: opts.mapCategory, plan_id: planId, response_strategy: null, updated_by: ownerId, updated_at: now });
  return { planId, versionId };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until no job is due or running (events, timers). */
export async function settle(env: TestEnv, timeoutMs = 20_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    env.ctx.jobs.kick();
    await sleep(30);
    const busy = await env.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', Date.now())])]))
      .executeTakeFirstOrThrow();
    if (Number(busy.n) === 0) return;
    if (performance.now() > until) throw new Error('jobs did not settle');
  }
}

/** Moves the faked clock forward and lets the runner find what became due. */
export async function advance(env: TestEnv, ms: number): Promise<void> {
  vi.setSystemTime(Date.now() + ms);
  await settle(env);
}

/** In-app notifications of a type, per recipient. */
export async function notified(env: TestEnv, type: string): Promise<string[]> {
  const rows = await env.ctx.db.selectFrom('notifications').select('user_id').where('type', '=', type).execute();
  return rows.map((r) => r.user_id);
}
