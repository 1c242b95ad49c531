// Manual activation and incident command over HTTP on a real database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL): who may activate where, who may see and command an incident, the status and
// level transitions, task progress by the assignee, and the refusals with their stable codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { OrgService } from '../org/org.service.js';
import { canteenPlan, MIN, publishPlan, settle } from './incident.testkit.js';

let env: TestEnv;
let deptA: string;
let deptA1: string;
let deptB: string;
let leader: TestClient;
let admin: TestClient;
let headA: TestClient;
let headB: TestClient;
let handlerA: TestClient;
let coordinator: TestClient;
let planId: string;
let noMedicPlanId: string;
let draftVersionId: string;
let complaintA1: string;
let complaintB: string;
let incidentId: string;

const task = (inc: any, key: string) => inc.tasks.find((t: any) => t.stepKey === key);

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  deptA = await env.department('后勤集团', 'Campus services group');
  deptA1 = (await new OrgService(env.ctx).createDepartment(null, { nameZh: '第二食堂', nameEn: 'Canteen 2', parentId: deptA })).id;
  deptB = await env.department('教务处', 'Academic affairs');
  admin = await env.client(['admin']);
  leader = await env.client(['leader']);
  headA = await env.client(['dept_head'], [deptA]);
  headB = await env.client(['dept_head'], [deptB]);
  handlerA = await env.client(['handler'], [deptA]);
  coordinator = await env.client(['coordinator']);
  await env.client(['pr_officer']);
  const cat = await admin.post('/api/v1/categories', { code: 'food_safety', nameZh: '食品安全', nameEn: 'Food safety' });
  expect(cat.statusCode, cat.body).toBe(201);
  ({ planId } = await publishPlan(env, 'campus_canteen', leader.userId, canteenPlan(cat.json().id)));
  ({ versionId: draftVersionId } = await publishPlan(env, 'draft_only', leader.userId, canteenPlan(cat.json().id), { status: 'draft' }));
  const base = canteenPlan(cat.json().id);
  const medic = { key: 'medical_liaison', name: { zh: '医疗联络员', en: 'Medical liaison' }, duties: { zh: '跟踪就医', en: 'Tracks treatment' }, fillFrom: ['analyst'], required: true };
  const medicStep = { key: 'medical_tracking', title: { zh: '跟踪就医情况', en: 'Track treatment' }, description: { zh: '每日跟踪', en: 'Daily' }, offsetMinutes: 90, ownerRole: 'medical_liaison' };
  ({ planId: noMedicPlanId } = await publishPlan(env, 'no_medic', leader.userId, { ...base, roles: [...base.roles, medic], steps: [...base.steps, medicStep] }));
  const post = async (departmentId: string) => {
    const r = await admin.post('/api/v1/complaints', sampleComplaint({ departmentId, complainant: undefined }));
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  complaintA1 = await post(deptA1);
  complaintB = await post(deptB);
  await settle(env);
});
afterAll(() => env?.close());

describe('manual activation', () => {
  it('a department head activates only in their subtree: another department’s complaint 404, another department 403, their own 201', async () => {
    const body = { planId, level: 4, title: '第二食堂学生腹泻' };
    const handler = await handlerA.post('/api/v1/incidents', { ...body, complaintIds: [complaintA1] });
    expect(handler.statusCode).toBe(403);
    const theirs = await headA.post('/api/v1/incidents', { ...body, complaintIds: [complaintB] });
    expect(theirs.statusCode, theirs.body).toBe(404);
    const otherDept = await headA.post('/api/v1/incidents', { ...body, departmentId: deptB });
    expect(otherDept.statusCode, otherDept.body).toBe(403);
    expect(otherDept.json().code).toBe('department_out_of_scope');
    expect(await env.count('incidents')).toBe(0);

    const r = await headA.post('/api/v1/incidents', { ...body, complaintIds: [complaintA1] });
    expect(r.statusCode, r.body).toBe(201);
    const inc = r.json();
    incidentId = inc.id;
    expect(inc).toMatchObject({ status: 'active', level: 4, trigger: 'manual', departmentId: deptA1, activatedBy: { id: headA.userId }, commander: { id: leader.userId } });
    // The department head of the complaint's department (the parent of 第二食堂) leads the investigation.
    expect(inc.roles.find((x: any) => x.key === 'investigation_lead').user.id).toBe(headA.userId);
    expect(inc.tasks.map((t: any) => t.stepKey)).toEqual(['notify_leader', 'form_group', 'first_contact', 'written_reply']);
    expect(inc.complaints.map((c: any) => c.id)).toEqual([complaintA1]);

    const again = await headA.post('/api/v1/incidents', { ...body, complaintIds: [complaintA1] });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'incident_already_active', incidentId });
  });

  it('only a published plan version activates; the plan must be named once', async () => {
    const draft = await leader.post('/api/v1/incidents', { planVersionId: draftVersionId, level: 3, title: '演示' });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().code).toBe('plan_not_published');
    const none = await leader.post('/api/v1/incidents', { level: 3, title: '演示' });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('plan_required');
    expect((await leader.post('/api/v1/incidents', { planId: 'no-such-plan', level: 3, title: '演示' })).statusCode).toBe(404);
    expect((await leader.post('/api/v1/incidents', { planId, level: 9, title: '演示' })).statusCode).toBe(400);
  });

  it('reading is scoped like complaints: the other department’s head gets 404 and an empty list; readers of everything see it', async () => {
    expect((await headB.get(`/api/v1/incidents/${incidentId}`)).statusCode).toBe(404);
    expect((await headB.get('/api/v1/incidents')).json().items).toEqual([]);
    expect((await headA.get(`/api/v1/incidents/${incidentId}`)).statusCode).toBe(200);
    expect((await coordinator.get('/api/v1/incidents?status=active&drill=false')).json().items.map((i: any) => i.id)).toEqual([incidentId]);
    expect((await coordinator.get('/api/v1/incidents?status=closed')).json().items).toEqual([]);
    expect((await handlerA.get(`/api/v1/incidents/${incidentId}`)).statusCode).toBe(404);
  });
});

describe('command', () => {
  it('tasks: the commander assigns, the assignee starts, blocks and finishes; others may not; finished is final', async () => {
    const inc = (await leader.get(`/api/v1/incidents/${incidentId}`)).json();
    const first = task(inc, 'first_contact');
    const url = `/api/v1/incidents/${incidentId}/tasks/${first.id}/actions`;
    expect((await headA.post(url, { action: 'assign', assigneeId: handlerA.userId })).statusCode).toBe(403); // a member, not the commander
    const assigned = await leader.post(url, { action: 'assign', assigneeId: handlerA.userId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(task(assigned.json(), 'first_contact').assignee.id).toBe(handlerA.userId);
    // Now part of the team, the handler sees the incident and moves their own task — only their own.
    expect((await handlerA.get(`/api/v1/incidents/${incidentId}`)).statusCode).toBe(200);
    expect((await handlerA.post(`/api/v1/incidents/${incidentId}/tasks/${task(inc, 'written_reply').id}/actions`, { action: 'start' })).statusCode).toBe(403);
    expect((await handlerA.post(url, { action: 'start' })).statusCode).toBe(200);
    const blocked = await handlerA.post(url, { action: 'block', reason: '投诉人电话无人接听' });
    expect(task(blocked.json(), 'first_contact')).toMatchObject({ status: 'blocked', blockedReason: '投诉人电话无人接听' });
    expect((await handlerA.post(url, { action: 'block' })).statusCode).toBe(400);
    const done = await handlerA.post(url, { action: 'done' });
    expect(task(done.json(), 'first_contact')).toMatchObject({ status: 'done', blockedReason: null });
    const twice = await handlerA.post(url, { action: 'done' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('task_transition_invalid');
    expect((await handlerA.post(`/api/v1/incidents/${incidentId}/status`, { status: 'stable' })).statusCode).toBe(403);
  });

  it('roles: the commander role handed to the department head makes them the commander', async () => {
    expect((await headA.post(`/api/v1/incidents/${incidentId}/decisions`, { decision: '暂停供餐' })).statusCode).toBe(403);
    const r = await leader.request({ method: 'PUT', url: `/api/v1/incidents/${incidentId}/roles/incident_commander`, payload: { userId: headA.userId } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().commander.id).toBe(headA.userId);
    expect(task(r.json(), 'notify_leader').assignee.id).toBe(headA.userId); // the commander's open task moved with the role
    expect((await leader.request({ method: 'PUT', url: `/api/v1/incidents/${incidentId}/roles/no_such_role`, payload: { userId: headA.userId } })).json().code).toBe('unknown_role');
    const d = await headA.post(`/api/v1/incidents/${incidentId}/decisions`, { decision: '暂停第二食堂供餐', rationale: '待疾控检测' });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json().decisions).toMatchObject([{ decision: '暂停第二食堂供餐', rationale: '待疾控检测', author: { id: headA.userId } }]);
    // Linking more complaints: only ones the commander may see.
    const link = `/api/v1/incidents/${incidentId}/complaints`;
    expect((await headA.post(link, { complaintIds: [complaintB] })).statusCode).toBe(404);
    const linked = await leader.post(link, { complaintIds: [complaintB] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().complaints.find((c: any) => c.id === complaintB)).toMatchObject({ via: 'manual' });
    // The department head sees the incident, but not the subject of the other department's complaint.
    const seen = (await headA.get(`/api/v1/incidents/${incidentId}`)).json().complaints;
    expect(seen.find((c: any) => c.id === complaintB).subject).toBeNull();
    expect(seen.find((c: any) => c.id === complaintA1).subject).not.toBeNull();
  });

  it('level: a reason is required; raising it adds the new level’s steps due from now and shortens the report cadence', async () => {
    const url = `/api/v1/incidents/${incidentId}/level`;
    expect((await headA.post(url, { level: 2 })).statusCode).toBe(400);
    const same = await headA.post(url, { level: 4, reason: '无变化' });
    expect(same.json().code).toBe('level_unchanged');
    const before = Date.now();
    const r = await headA.post(url, { level: 2, reason: '就医学生增至12人' });
    expect(r.statusCode, r.body).toBe(200);
    const inc = r.json();
    expect(inc.level).toBe(2);
    expect(inc.response.sitrepEveryMinutes).toBe(60);
    const stmt = task(inc, 'public_statement');
    // Due 4 h from the change (the scheduler's clock follows the database's, so allow a little skew).
    expect(Date.parse(stmt.dueAt)).toBeGreaterThanOrEqual(before + 240 * MIN - 2_000);
    expect(Date.parse(stmt.dueAt)).toBeLessThanOrEqual(Date.now() + 240 * MIN + 2_000);
    expect(inc.tasks).toHaveLength(5);
    const timeline = (await headA.get(`/api/v1/incidents/${incidentId}/timeline`)).json().items as any[];
    expect(timeline.find((e) => e.kind === 'level_changed').data).toMatchObject({ from: 4, to: 2, reason: '就医学生增至12人' });
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', incidentId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['incident.activated', 'incident.level_changed', 'incident.task_done', 'incident.decision']));
  });

  it('status: active → stable → resolved → closed; closing only by incident.close and only once resolved; a closed incident takes no more commands', async () => {
    const url = `/api/v1/incidents/${incidentId}/status`;
    const skip = await leader.post(url, { status: 'closed' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('incident_transition_invalid');
    expect((await headA.post(url, { status: 'stable' })).json()).toMatchObject({ status: 'stable', sitrepDueAt: null });
    const resolved = await headA.post(url, { status: 'resolved' });
    expect(resolved.json().resolvedAt).not.toBeNull();
    expect((await headA.post(url, { status: 'closed' })).statusCode).toBe(403); // the commander, but not incident.close
    expect((await admin.post(url, { status: 'closed' })).statusCode).toBe(403);
    // Closing needs a completed post-incident review (复盘, incident.review.*).
    const unreviewed = await leader.post(url, { status: 'closed' });
    expect(unreviewed.statusCode).toBe(409);
    expect(unreviewed.json().code).toBe('review_required');
    const review = await leader.post(`/api/v1/incidents/${incidentId}/review/complete`, { findings: '留样制度执行不到位' });
    expect(review.statusCode, review.body).toBe(200);
    const closed = await leader.post(url, { status: 'closed' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', can: { command: false, close: false } });
    expect(task(closed.json(), 'written_reply').status).toBe('cancelled');
    expect(task(closed.json(), 'first_contact').status).toBe('done');
    const late = await headA.post(`/api/v1/incidents/${incidentId}/tasks/${task(closed.json(), 'form_group').id}/actions`, { action: 'start' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('incident_not_active');
    expect((await leader.post(`/api/v1/incidents/${incidentId}/sitreps`, { conditions: '已恢复', actions: '复盘', needs: '' })).json().code).toBe('incident_not_active');
    expect((await leader.post(url, { status: 'active' })).json().code).toBe('incident_transition_invalid');
    // The complaint can be part of a new incident once the old one is closed.
    await settle(env);
    expect((await headA.post('/api/v1/incidents', { planId, level: 4, title: '复发', complaintIds: [complaintA1] })).statusCode).toBe(201);
  });
});

describe('roles nobody can fill', () => {
  it('a required role with nobody on call and no fallback stays unfilled, and the commander is told', async () => {
    const r = await leader.post('/api/v1/incidents', { planId: noMedicPlanId, level: 3, title: '医疗联络缺员', departmentId: deptB });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().roles.find((x: any) => x.key === 'medical_liaison')).toMatchObject({ user: null, source: 'unfilled', required: true });
    // Its tasks fall to the commander until someone takes the role; then they follow the role.
    expect(r.json().roles.find((x: any) => x.key === 'incident_commander').user.id).toBe(leader.userId);
    await settle(env);
    const notes = (await leader.get('/api/v1/notifications')).json().items as any[];
    expect(notes.filter((n) => n.type === 'incident.role_unfilled').map((n) => n.title)).toEqual([`【应急角色空缺】${r.json().code} 医疗联络缺员（Ⅲ级）`]);
    const kinds = ((await leader.get(`/api/v1/incidents/${r.json().id}/timeline`)).json().items as any[]).map((e) => e.kind);
    expect(kinds).toContain('role_unfilled');
    expect(r.json().tasks.find((t: any) => t.ownerRole === 'medical_liaison').assignee.id).toBe(leader.userId);
    const taken = await leader.request({ method: 'PUT', url: `/api/v1/incidents/${r.json().id}/roles/medical_liaison`, payload: { userId: handlerA.userId } });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().tasks.find((t: any) => t.ownerRole === 'medical_liaison').assignee.id).toBe(handlerA.userId);
    expect(taken.json().tasks.find((t: any) => t.stepKey === 'notify_leader').assignee.id).toBe(leader.userId);
  });
});

