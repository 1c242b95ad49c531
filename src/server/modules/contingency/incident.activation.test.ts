// Automatic activation end to end on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL)
// with the real job runner and a faked Date: food-poisoning complaints from one canteen become a
// mass cluster, the canteen plan activates by itself once, its team is filled, its tasks fall due at
// their offsets, an unfinished task escalates, and a situation report falls due at the cadence.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { advance, canteenPlan, MIN, notified, publishPlan, settle } from './incident.testkit.js';

let env: TestEnv;
let dept: string;
let foodCategory: string;
let agent: TestClient;
let leader: TestClient;
let otherLeader: TestClient;
let head: TestClient;
let coordinator: TestClient;
let onDuty: TestClient;
let pr: TestClient;
let versionId: string;
const complaintIds: string[] = [];

const text = (i: number) =>
  `学校第二食堂今天中午的${['炒饭', '面条', '盒饭', '米线'][i % 4]}吃了以后肚子疼、拉肚子，好几个同学都这样，怀疑食物不干净，请尽快查处第二食堂`;

async function post(i: number) {
  const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject: '第二食堂饭菜吃坏肚子', description: text(i), categoryId: foodCategory, departmentId: dept, complainant: { phone: `1380000${String(2000 + i)}` } }));
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

async function incidents() {
  const r = await leader.get('/api/v1/incidents');
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items as Array<Record<string, any>>;
}

async function detail(id: string, as: TestClient = leader) {
  const r = await as.get(`/api/v1/incidents/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2026-12-05T12:30:00+08:00'));
  env = await createTestEnv({ startJobs: true });
  dept = await env.department('后勤保障处', 'Campus services');
  const admin = await env.client(['admin']);
  const cat = await admin.post('/api/v1/categories', { code: 'food_safety', nameZh: '食品安全', nameEn: 'Food safety', keywords: ['食堂', '饭菜', '拉肚子'] });
  expect(cat.statusCode, cat.body).toBe(201);
  foodCategory = cat.json().id;
  // The oldest leader is picked first when loads are equal.
  leader = await env.client(['leader']);
  otherLeader = await env.client(['leader']);
  head = await env.client(['dept_head'], [dept]);
  await env.client(['dept_head'], [await env.department('教务处', 'Academic affairs')]);
  coordinator = await env.client(['coordinator']);
  pr = await env.client(['pr_officer']);
  agent = await env.client(['intake_agent']);
  // The canteen department's on-call rota for the communication role beats the coordinator fallback.
  onDuty = await env.client(['handler'], [dept]);
  const rota = await admin.post('/api/v1/oncall/schedules', { name: '后勤值班', roleKey: 'communication_coordinator', departmentId: dept, participants: [onDuty.userId], period: 'daily', handoffTime: '08:00', startsOn: '2026-12-01' });
  expect(rota.statusCode, rota.body).toBe(201);
  ({ versionId } = await publishPlan(env, 'campus_canteen', leader.userId, canteenPlan(foodCategory)));
});

afterAll(async () => {
  await env?.close();
  vi.useRealTimers();
});

describe('activation by a mass cluster', () => {
  it('12 food-poisoning complaints from one canteen → one incident on the canteen plan, team filled, tasks due at their offsets', async () => {
    for (let i = 0; i < 12; i++) {
      complaintIds.push(await post(i));
      await settle(env);
    }
    const list = await incidents();
    expect(list).toHaveLength(1);
    const inc = await detail(list[0].id);
    expect(inc).toMatchObject({ status: 'active', trigger: 'mass_cluster', isDrill: false, planVersionId: versionId, departmentId: dept });
    expect(inc.code).toMatch(/^YJ20261205-\d{3}$/);
    expect(inc.plan).toMatchObject({ key: 'campus_canteen', version: 1, versionId });
    const holders = Object.fromEntries(inc.roles.map((r: any) => [r.key, r.user?.id ?? null]));
    expect(holders).toEqual({ incident_commander: leader.userId, investigation_lead: head.userId, communication_coordinator: onDuty.userId, pr_officer: pr.userId });
    expect(inc.roles.find((r: any) => r.key === 'communication_coordinator').source).toBe('oncall');
    expect(inc.roles.find((r: any) => r.key === 'incident_commander').source).toBe('fallback');
    expect(inc.commander.id).toBe(leader.userId);
    // Tasks: every step of the incident's level, due at activation + offset, owned by the role's holder.
    const at = Date.parse(inc.activatedAt);
    const tasks = Object.fromEntries(inc.tasks.map((t: any) => [t.stepKey, t]));
    expect(tasks.form_group).toMatchObject({ status: 'open', dueAt: new Date(at + 30 * MIN).toISOString(), assignee: { id: head.userId } });
    expect(tasks.first_contact).toMatchObject({ dueAt: new Date(at + 60 * MIN).toISOString(), assignee: { id: onDuty.userId } });
    expect(tasks.written_reply.dueAt).toBe(new Date(at + 24 * 60 * MIN).toISOString());
    expect(tasks.notify_leader.dueAt).toBe(inc.activatedAt);
    // All twelve complaints are linked: the ten of the mass event and the two that joined after it.
    expect(inc.complaints.map((c: any) => c.id).sort()).toEqual([...complaintIds].sort());
    expect(inc.complaints.filter((c: any) => c.via === 'cluster').length).toBeGreaterThanOrEqual(2);
    // The people in the roles were told.
    const told = await notified(env, 'incident.role_assigned');
    expect(told.sort()).toEqual([leader.userId, head.userId, onDuty.userId, pr.userId].sort());
    expect(told).not.toContain(coordinator.userId);
    const kinds = ((await leader.get(`/api/v1/incidents/${inc.id}/timeline`)).json().items as any[]).map((e) => e.kind);
    expect(kinds.slice(0, 1)).toEqual(['activated']);
    expect(kinds).toContain('complaint_linked');
  }, 120_000);

  it('the trigger announced again and a later member of the cluster → still one incident, the member linked', async () => {
    const [inc] = await incidents();
    const clusterId = (await agent.get(`/api/v1/complaints/${complaintIds[11]}`)).json().triage.cluster.id as string;
    await env.ctx.db.transaction().execute((trx) => env.ctx.events.emit(trx, 'triage.mass_complaint', { clusterId, complaintId: clusterId, size: 12, complaintIds }));
    env.ctx.events.flush();
    const late = await post(12);
    await settle(env);
    expect(await incidents()).toHaveLength(1);
    const after = await detail(inc.id);
    expect(after.complaints.map((c: any) => c.id)).toContain(late);
    expect(after.roles.find((r: any) => r.key === 'incident_commander').user.id).toBe(leader.userId);
    expect(await env.count('incidents')).toBe(1);
  });
});

describe('deadlines on the scheduler', () => {
  it('an unfinished task goes overdue after its due time and escalates to the commander and the leaders; a finished one does not', async () => {
    const [inc] = await incidents();
    const { tasks } = await detail(inc.id);
    const notify = tasks.find((t: any) => t.stepKey === 'notify_leader');
    const done = await leader.post(`/api/v1/incidents/${inc.id}/tasks/${notify.id}/actions`, { action: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    const at = Date.parse(inc.activatedAt);
    vi.setSystemTime(at + 29 * MIN);
    await settle(env);
    expect((await detail(inc.id)).tasks.find((t: any) => t.stepKey === 'form_group').escalated).toBe(false);
    await advance(env, 3 * MIN);
    const now = await detail(inc.id);
    const form = now.tasks.find((t: any) => t.stepKey === 'form_group');
    expect(form).toMatchObject({ overdue: true, escalated: true, status: 'open' });
    expect(form.overdueAt).not.toBeNull();
    expect(now.tasks.find((t: any) => t.stepKey === 'notify_leader')).toMatchObject({ status: 'done', escalated: false, overdueAt: null });
    expect((await notified(env, 'incident.task_overdue')).sort()).toEqual([leader.userId, otherLeader.userId].sort());
    const timeline = (await leader.get(`/api/v1/incidents/${inc.id}/timeline`)).json().items as any[];
    expect(timeline.filter((e) => e.kind === 'task_overdue').map((e) => e.data.stepKey)).toEqual(['form_group']);
    // The assignee can still finish it; it stays marked as late.
    const finished = await head.post(`/api/v1/incidents/${inc.id}/tasks/${form.id}/actions`, { action: 'done' });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json().tasks.find((t: any) => t.id === form.id)).toMatchObject({ status: 'done', overdue: true });
  }, 60_000);

  it('the situation report falls due at the level’s cadence: overdue flag and a reminder; a report clears it and sets the next due time', async () => {
    const [inc] = await incidents();
    const cadence = (await detail(inc.id)).response.sitrepEveryMinutes as number;
    const at = Date.parse(inc.activatedAt);
    vi.setSystemTime(at + cadence * MIN + 2 * MIN);
    await settle(env);
    const late = await detail(inc.id);
    expect(late.sitrepOverdue).toBe(true);
    expect(await notified(env, 'incident.sitrep_due')).toContain(leader.userId);
    const r = await head.post(`/api/v1/incidents/${inc.id}/sitreps`, { conditions: '12名学生腹泻，已就医', actions: '封存留样，暂停供餐', needs: '疾控采样' });
    expect(r.statusCode, r.body).toBe(201);
    const after = r.json();
    expect(after.sitrepOverdue).toBe(false);
    expect(Date.parse(after.sitrepDueAt) - Date.parse(after.sitreps[0].createdAt)).toBe(cadence * MIN);
    expect(after.sitreps[0]).toMatchObject({ conditions: '12名学生腹泻，已就医', author: { id: head.userId } });
  }, 60_000);
});
