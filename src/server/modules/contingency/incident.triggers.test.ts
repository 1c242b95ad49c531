// Which plan a trigger activates, with the three shipped example plans installed (all catch-all
// scopes): nothing while the choice is ambiguous, the mapped plan once the category names one, the
// single plan that answers public-opinion alerts, and a drill through the same activation. Real
// database (SQLite, or PostgreSQL with TEST_DATABASE_URL) and job runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { installExamplePlans } from './plan-examples.js';
import { publishedVersions, upsertCategoryPlan } from './contingency.plans.repo.js';
import { activateIncident, type AfterCommit } from './incident.activation.js';
import { settle } from './incident.testkit.js';

let env: TestEnv;
let admin: TestClient;
let leader: TestClient;
let agent: TestClient;
let dept: string;
let food: string;

const ill = '某大学第二食堂午餐后30多名学生出现呕吐腹泻症状，疑似食物中毒';
const listed = async (q = '') => (await leader.get(`/api/v1/incidents${q}`)).json().items as Array<Record<string, any>>;

async function complain(description: string) {
  const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject: '食堂集体发病', description, categoryId: food, departmentId: dept, complainant: undefined }));
  expect(r.statusCode, r.body).toBe(201);
  await settle(env);
  return r.json();
}

async function emitted(type: string, data: Record<string, unknown>) {
  await env.ctx.db.transaction().execute((trx) => env.ctx.events.emit(trx, type, data));
  env.ctx.events.flush();
  await settle(env);
}

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  admin = await env.client(['admin']);
  expect((await installExamplePlans(env.ctx)).sort()).toEqual(['canteen_food_safety', 'construction_site_opinion', 'customer_complaints']);
  dept = await env.department('后勤处', 'Campus services');
  leader = await env.client(['leader']);
  agent = await env.client(['intake_agent']);
  await env.client(['dept_head'], [dept]);
  await env.client(['handler'], [dept]);
  await env.client(['coordinator']);
  await env.client(['pr_officer']);
  const r = await admin.post('/api/v1/categories', { code: 'food_safety', nameZh: '食品安全', nameEn: 'Food safety' });
  food = r.json().id;
});
afterAll(() => env?.close());

describe('choosing the plan', () => {
  it('a fast-path complaint whose category names no plan activates nothing while several catch-all plans fit; mapped, it opens one incident on the mapped plan', async () => {
    const first = await complain(ill);
    expect(first.level).toBeLessThanOrEqual(2);
    expect(await listed()).toEqual([]);

    const canteen = (await publishedVersions(env.ctx.db)).find((v) => v.planKey === 'canteen_food_safety')!;
    await upsertCategoryPlan(env.ctx.db, { category_id: food, plan_id: canteen.planId, response_strategy: null, updated_by: admin.userId, updated_at: Date.now() });
    const second = await complain(`${ill}，今天又有同学发病`);
    const items = await listed();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ trigger: 'fast_path', planVersionId: canteen.id, level: second.level, departmentId: dept });
    const inc = (await leader.get(`/api/v1/incidents/${items[0].id}`)).json();
    expect(inc.complaints.map((c: any) => c.id)).toContain(second.id);
    // Its level's notify list is told of the activation, in the reader's language.
    const mine = (await leader.get('/api/v1/notifications')).json().items as any[];
    expect(mine.find((n) => n.type === 'incident.activated')?.title).toContain(`【应急预案启动】${inc.code}`);
  });

  it('opinion.alert activates the one plan that answers public-opinion alerts, once per alert', async () => {
    const alert = { alertId: 'weibo-20261205-1', title: '网传某工地夜间施工扰民', level: 3, departmentId: 'no-such-department' };
    await emitted('opinion.alert', alert);
    await emitted('opinion.alert', alert);
    const items = (await listed()).filter((i) => i.trigger === 'opinion_alert');
    expect(items).toHaveLength(1);
    const inc = (await leader.get(`/api/v1/incidents/${items[0].id}`)).json();
    expect(inc).toMatchObject({ title: '网传某工地夜间施工扰民', level: 3, departmentId: null, plan: { key: 'construction_site_opinion' } });
  });
});

describe('drills', () => {
  it('a drill runs through the same activation, marked, and lists apart from real incidents', async () => {
    const version = (await publishedVersions(env.ctx.db)).find((v) => v.planKey === 'customer_complaints')!;
    const after: AfterCommit = { emitted: false, wakeAt: Infinity };
    const { incident } = await env.ctx.db.transaction().execute((trx) =>
      activateIncident(env.ctx, trx, { version, level: 3, title: '年度演练', trigger: 'drill', triggerKey: null, departmentId: dept, complaintIds: [], activatedBy: leader.userId, isDrill: true }, after),
    );
    env.ctx.events.flush();
    await settle(env);
    expect((await listed('?drill=true')).map((i) => i.id)).toEqual([incident.id]);
    expect((await listed('?drill=false')).map((i) => i.id)).not.toContain(incident.id);
    const inc = (await leader.get(`/api/v1/incidents/${incident.id}`)).json();
    expect(inc).toMatchObject({ isDrill: true, trigger: 'drill', commander: { id: leader.userId } });
    expect(inc.tasks.length).toBeGreaterThan(0);
    const notices = (await leader.get('/api/v1/notifications')).json().items as any[];
    expect(notices.some((n) => n.type === 'incident.role_assigned' && n.title.startsWith('【演练·应急角色】'))).toBe(true);
  });
});
