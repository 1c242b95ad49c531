import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestEnv } from '../test/harness.js';
import type { PlanContent } from '../../shared/contingency.js';
import { installExamplePlans } from '../modules/contingency/plan-examples.js';

/**
 * Emergency-response records for the fuzzer, made through the API (except the example plans, which
 * bootstrap installs on every fresh database): published example plans, a draft plan, a manual
 * incident with a role holder, a task in progress, a situation report and a decision, a draft and a
 * submitted statement, a review draft with an improvement action, compensations on a complaint and
 * on the incident, a resource with contacts and an on-call schedule with an override. Without them
 * the `{id}` routes of those collections answer 404 and their business rules are never reached.
 */
export interface EmergencyFixtures {
  /** A published example plan's content: the base that plan-content hints mutate. */
  planContent: PlanContent;
  /** Role keys of that plan (incident roles, on-call role keys). */
  roleKeys: string[];
  /** Public template keys of that plan (statement drafts). */
  templateKeys: string[];
  incidentId: string;
  ids: string[];
}

interface Caller {
  label: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

function ok(r: LightMyRequestResponse, what: string): Record<string, unknown> {
  if (r.statusCode >= 300) throw new Error(`fuzz fixtures: ${what} → ${r.statusCode} ${r.body.slice(0, 300)}`);
  return r.body ? (r.json() as Record<string, unknown>) : {};
}

type Json = Record<string, unknown>;

export async function createEmergencyFixtures(
  env: TestEnv,
  as: { admin: Caller; leader: Caller; handler: Caller; drafter: Caller },
  refs: { departmentA: string; complaintA: string; userIds: string[] },
): Promise<EmergencyFixtures> {
  const call = (c: Caller, method: string, url: string, payload?: unknown) => c.request({ method: method as 'POST', url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
  const { admin, leader, handler, drafter } = as;
  const ids: string[] = [];
  const keep = (o: Json) => (ids.push(String(o.id)), String(o.id));

  await installExamplePlans(env.ctx);
  const plans = ok(await call(admin, 'GET', '/contingency/plans'), 'plans').items as Json[];
  const canteen = plans.find((p) => p.key === 'canteen_food_safety') ?? plans[0];
  if (!canteen) throw new Error('fuzz fixtures: no example plan installed');
  const planId = keep(canteen);
  const v1 = ok(await call(admin, 'GET', `/contingency/plans/${planId}/versions/1`), 'plan version');
  const planContent = v1.content as PlanContent;
  const roleKeys = planContent.roles.map((r) => r.key);
  const templateKeys = planContent.templates.filter((t) => (t as { audience?: string }).audience === 'public').map((t) => t.key);

  // A plan of our own whose version 1 stays a draft, and the next draft of the example plan.
  keep(ok(await call(admin, 'POST', '/contingency/plans', { key: 'fuzz_draft_plan', content: { ...planContent, title: { zh: '模糊测试预案', en: 'Fuzz plan' } } }), 'draft plan'));
  ok(await call(admin, 'POST', `/contingency/plans/${planId}/versions`, { changeNote: '修订' }), 'next draft');

  // A manual incident on complaint A, led by the leader session.
  const incident = ok(await call(leader, 'POST', '/incidents', { planId, level: 3, title: '食堂疑似食物中毒', complaintIds: [refs.complaintA], departmentId: refs.departmentA }), 'incident');
  const incidentId = keep(incident);
  const inc = `/incidents/${incidentId}`;
  const holder = refs.userIds.find((u) => u) ?? '';
  for (const key of roleKeys.slice(0, 3)) ok(await call(leader, 'PUT', `${inc}/roles/${key}`, { userId: holder, note: '值班' }), `role ${key}`);
  const tasks = (ok(await call(leader, 'GET', inc), 'incident detail').tasks ?? []) as Json[];
  for (const t of tasks) ids.push(String(t.id));
  if (tasks[0]) ok(await call(leader, 'POST', `${inc}/tasks/${String(tasks[0].id)}/actions`, { action: 'start', note: '开始' }), 'task start');
  ok(await call(leader, 'POST', `${inc}/sitreps`, { conditions: '12名学生腹泻', actions: '封存留样', needs: '疾控采样' }), 'sitrep');
  ok(await call(leader, 'POST', `${inc}/decisions`, { decision: '暂停供餐', rationale: '防止扩大' }), 'decision');

  // Statements: one left a draft, one submitted (awaiting the PR officer's and a leader's approval).
  const text = { title: { zh: '情况通报', en: 'Statement' }, body: { zh: '学校已送医救治。', en: 'The school took the students for treatment.' } };
  keep(ok(await call(drafter, 'POST', `${inc}/statements`, text), 'statement draft'));
  const submitted = keep(ok(await call(drafter, 'POST', `${inc}/statements`, templateKeys[0] ? { templateKey: templateKeys[0] } : text), 'statement'));
  ok(await call(drafter, 'POST', `${inc}/statements/${submitted}/submit`), 'statement submit');
  // A published one (PR officer and leader approve): /public/notices/{id} has a notice to answer.
  const published = keep(ok(await call(drafter, 'POST', `${inc}/statements`, text), 'statement to publish'));
  ok(await call(drafter, 'POST', `${inc}/statements/${published}/submit`), 'statement submit');
  ok(await call(drafter, 'POST', `${inc}/statements/${published}/approve`), 'statement approve (PR officer)');
  ok(await call(leader, 'POST', `${inc}/statements/${published}/approve`), 'statement approve (leader)');
  ok(await call(drafter, 'POST', `${inc}/statements/${published}/publish`), 'statement publish');

  // A review draft with an improvement action (the incident stays active: review routes work on any).
  ok(await call(leader, 'PUT', `${inc}/review`, { findings: '首次联系及时。' }), 'review');
  ok(await call(leader, 'POST', `${inc}/review/actions`, { type: 'training', title: '食品安全培训', ownerId: holder, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }), 'review action');

  // Compensations: proposed on the complaint (within a handler's limit) and on the incident.
  // The complaint's is approved by the leader, so a payment can be recorded against it.
  const proposed = keep(ok(await call(handler, 'POST', `/complaints/${refs.complaintA}/compensations`, { kind: 'cash', amount: 20_000, reason: '就医费用' }), 'complaint compensation'));
  ok(await call(leader, 'POST', `/compensations/${proposed}/decision`, { decision: 'approve' }), 'compensation approval');
  keep(ok(await call(handler, 'POST', `/complaints/${refs.complaintA}/compensations`, { kind: 'voucher', amount: 5_000, reason: '餐券' }), 'complaint compensation (proposed)'));
  keep(ok(await call(leader, 'POST', `${inc}/compensations`, { kind: 'cash', amount: 120_000, reason: '集体补偿' }), 'incident compensation'));

  // A second incident (another example plan), resolved with a review draft: review completion and
  // closing get past incident_not_resolved to their own rules.
  const other = plans.find((p) => p.id !== planId);
  if (other) {
    const resolved = keep(ok(await call(leader, 'POST', '/incidents', { planId: String(other.id), level: 4, title: '已处置事件', departmentId: refs.departmentA }), 'second incident'));
    ok(await call(leader, 'POST', `/incidents/${resolved}/status`, { status: 'resolved', note: '已处置' }), 'resolve');
    ok(await call(leader, 'PUT', `/incidents/${resolved}/review`, { findings: '处置及时。' }), 'second review');
  }

  // A drill of the plan: the drill-report routes have one to report on.
  keep(ok(await call(leader, 'POST', `/contingency/plans/${planId}/drills`, { level: 3, departmentId: refs.departmentA }), 'drill'));

  // A resource with contact details (stored encrypted, masked on read) and an on-call rota.
  keep(ok(await call(admin, 'POST', '/resources', { kind: 'supplier', name: '应急食品供应商', description: '备用餐', tags: ['食品'], departmentId: refs.departmentA, contactName: '王经理', contactPhone: '+86 138 0000 1234', contactEmail: 'supply@example.com', quantity: 100, unit: '份', lowStockThreshold: 10 }), 'resource'));
  const rota = keep(ok(await call(admin, 'POST', '/oncall/schedules', { name: '总指挥值班', roleKey: roleKeys[0] ?? 'incident_commander', departmentId: refs.departmentA, participants: refs.userIds.slice(0, 3), period: 'daily', handoffTime: '08:00', startsOn: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10) }), 'on-call schedule'));
  const now = Date.now();
  ok(await call(admin, 'POST', `/oncall/schedules/${rota}/overrides`, { userId: holder, startsAt: new Date(now + 86_400_000).toISOString(), endsAt: new Date(now + 2 * 86_400_000).toISOString(), reason: '调班' }), 'on-call override');

  return { planContent, roleKeys, templateKeys, incidentId, ids };
}
