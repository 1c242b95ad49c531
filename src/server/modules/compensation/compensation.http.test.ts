// Compensation decisions over HTTP on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL):
// limits per role, department isolation, payment, notifications, statistics, the handling plan's old
// amount field and its migration, and incidents as subjects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { migratePlanAmounts } from '../../platform/db/migrations/016_compensation.js';

let env: TestEnv;
let deptA: string;
let deptB: string;
const u: Record<string, TestClient> = {};
let complaintId: string;

async function waitForEvents(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const r = await env.ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'event').where('status', 'in', ['pending', 'running']).executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('events not processed');
}

/** Notifications of a type created since an instant (each step's notices, not earlier ones). */
const notified = async (type: string, since: number) =>
  env.ctx.db.selectFrom('notifications').select(['user_id', 'title_zh']).where('type', '=', type).where('created_at', '>=', since).orderBy('id').execute();

async function newComplaint(departmentId: string): Promise<string> {
  const r = await u.admin.post('/api/v1/complaints', sampleComplaint({ departmentId }));
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id as string;
  const a = await u.admin.post(`/api/v1/complaints/${id}/actions`, { action: 'assign', departmentId });
  expect(a.statusCode, a.body).toBe(200);
  return id;
}

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  deptA = await env.department('市场监管局', 'Market Regulation');
  deptB = await env.department('住建局', 'Housing Bureau');
  u.admin = await env.client(['admin']);
  u.leader = await env.client(['leader']);
  u.coordinator = await env.client(['coordinator']);
  u.handlerA = await env.client(['handler'], [deptA]);
  u.handlerA2 = await env.client(['handler'], [deptA]);
  u.headA = await env.client(['dept_head'], [deptA]);
  u.handlerB = await env.client(['handler'], [deptB]);
  u.headB = await env.client(['dept_head'], [deptB]);
  complaintId = await newComplaint(deptA);
});
afterAll(() => env?.close());

describe('compensation on a complaint', () => {
  let big: string;

  it('a handler proposes; the heads of the department (whose limit covers it) are told', async () => {
    const since = Date.now();
    const r = await u.handlerA.post(`/api/v1/complaints/${complaintId}/compensations`, { kind: 'refund', amount: 120_000, reason: '餐费退还及医药费' });
    expect(r.statusCode, r.body).toBe(201);
    big = r.json().id;
    expect(r.json()).toMatchObject({ status: 'proposed', amount: 120_000, currency: 'CNY', kind: 'refund', proposedBy: u.handlerA.userId, subjectType: 'complaint', subjectId: complaintId });
    const timeline = (await u.admin.get(`/api/v1/complaints/${complaintId}/timeline`)).json().items as Array<{ kind: string }>;
    expect(timeline.map((t) => t.kind)).toContain('compensation_proposed');
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', complaintId).where('action', '=', 'complaint.compensation_proposed').execute();
    expect(audit).toHaveLength(1);
    await waitForEvents();
    // ¥1,200 is above a handler's ¥500: the department head (¥5,000) is asked, not the other handler.
    const asked = await notified('compensation.proposed', since);
    expect(asked.map((n) => n.user_id)).toEqual([u.headA.userId]);
    expect(asked[0].title_zh).toContain('¥1,200.00');
  });

  it('a handler cannot approve above their limit (403 compensation_over_limit, the limit in the message); nothing changes', async () => {
    const r = await u.handlerA2.post(`/api/v1/compensations/${big}/decision`, { decision: 'approve' });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'compensation_over_limit', limit: 50_000 });
    expect(r.json().detail).toContain('¥500.00');
    expect(r.json().detail).toContain('¥1,200.00');
    expect((await u.handlerA2.get(`/api/v1/complaints/${complaintId}/compensations`)).json().items[0].status).toBe('proposed');
    // The proposer never decides their own proposal.
    expect((await u.handlerA.post(`/api/v1/compensations/${big}/decision`, { decision: 'approve' })).json().code).toBe('compensation_own_proposal');
  });

  it('another department’s staff learn nothing: 404 on the list, the decision and the payment', async () => {
    expect((await u.handlerB.get(`/api/v1/complaints/${complaintId}/compensations`)).statusCode).toBe(404);
    expect((await u.headB.post(`/api/v1/compensations/${big}/decision`, { decision: 'approve' })).statusCode).toBe(404);
    expect((await u.handlerB.post(`/api/v1/complaints/${complaintId}/compensations`, { kind: 'cash', amount: 100, reason: 'x' })).statusCode).toBe(404);
    const row = await env.ctx.db.selectFrom('compensation_decisions').select('status').where('id', '=', big).executeTakeFirstOrThrow();
    expect(row.status).toBe('proposed');
  });

  it('a leader approves any amount; it is approved once', async () => {
    const since = Date.now();
    const r = await u.leader.post(`/api/v1/compensations/${big}/decision`, { decision: 'approve', note: '同意' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'approved', decidedBy: u.leader.userId, decisionNote: '同意' });
    const again = await u.leader.post(`/api/v1/compensations/${big}/decision`, { decision: 'approve' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('illegal_transition.approved.approve');
    await waitForEvents();
    const told = await notified('compensation.decided', since);
    expect(told.map((n) => n.user_id)).toEqual([u.handlerA.userId]);
    expect(told[0].title_zh).toContain('补偿已批准');
  });

  it('payment: only approved ones, with a real date; paid once', async () => {
    expect((await u.handlerA.post(`/api/v1/compensations/${big}/payment`, { paymentDate: '2026-12-03' })).statusCode).toBe(403); // role
    expect((await u.coordinator.post(`/api/v1/compensations/${big}/payment`, { paymentDate: '2026-02-30' })).json().code).toBe('invalid_date');
    const r = await u.coordinator.post(`/api/v1/compensations/${big}/payment`, { paymentDate: '2026-12-03', reference: 'ZF20261203-001' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'paid', paidBy: u.coordinator.userId, paymentDate: '2026-12-03', paymentReference: 'ZF20261203-001' });
    expect((await u.coordinator.post(`/api/v1/compensations/${big}/payment`, { paymentDate: '2026-12-03' })).json().code).toBe('illegal_transition.paid.pay');
  });

  it('within the limit a handler approves; refusing and cancelling need a reason; the list totals CNY', async () => {
    const small = (await u.handlerA.post(`/api/v1/complaints/${complaintId}/compensations`, { kind: 'voucher', amount: 30_000, reason: '代金券' })).json().id;
    const ok = await u.handlerA2.post(`/api/v1/compensations/${small}/decision`, { decision: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    const third = (await u.handlerA2.post(`/api/v1/complaints/${complaintId}/compensations`, { kind: 'repair', amount: 200_000, reason: '维修' })).json().id;
    expect((await u.headA.post(`/api/v1/compensations/${third}/decision`, { decision: 'refuse' })).json().code).toBe('note_required');
    expect((await u.headA.post(`/api/v1/compensations/${third}/decision`, { decision: 'refuse', note: '已维修，无需补偿' })).json().status).toBe('refused');
    const withdrawn = (await u.handlerA2.post(`/api/v1/complaints/${complaintId}/compensations`, { kind: 'cash', amount: 1_000, reason: '重复' })).json().id;
    expect((await u.handlerA2.post(`/api/v1/compensations/${withdrawn}/decision`, { decision: 'cancel', note: '重复提交' })).json().status).toBe('cancelled');
    const list = (await u.headA.get(`/api/v1/complaints/${complaintId}/compensations`)).json();
    expect(list.items.map((i: { status: string }) => i.status)).toEqual(['paid', 'approved', 'refused', 'cancelled']);
    expect(list.totals).toEqual({ proposed: 0, approved: 150_000, paid: 120_000 });
    expect(list.yourLimit).toBe(500_000);
    expect((await u.leader.get(`/api/v1/complaints/${complaintId}/compensations`)).json().yourLimit).toBeNull();
  });

  it('the statistics count approved and paid amounts for the complaint’s department and period', async () => {
    await waitForEvents();
    const o = (await u.leader.get('/api/v1/stats/overview')).json();
    expect(o.compensation).toEqual({ currency: 'CNY', approved: 150_000, paid: 120_000, incidents: { approved: 0, paid: 0 } });
    expect((await u.leader.get(`/api/v1/stats/overview?departmentId=${deptB}`)).json().compensation).toMatchObject({ approved: 0, paid: 0 });
    expect((await u.leader.get('/api/v1/stats/overview?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z')).json().compensation.approved).toBe(0);
    // A rebuild from scratch arrives at the same figures.
    expect((await u.admin.post('/api/v1/stats/rebuild')).statusCode).toBe(200);
    expect((await u.leader.get('/api/v1/stats/overview')).json().compensation).toMatchObject({ approved: 150_000, paid: 120_000 });
  });

  it('approval limits are admin-editable; a raised handler limit lets a handler approve more', async () => {
    expect((await u.leader.request({ method: 'PUT', url: '/api/v1/compensations/limits', payload: { handler: 500_000 } })).statusCode).toBe(403);
    const r = await u.admin.request({ method: 'PUT', url: '/api/v1/compensations/limits', payload: { handler: 150_000 } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().limits).toEqual(expect.arrayContaining([{ role: 'handler', amount: 150_000 }, { role: 'dept_head', amount: 500_000 }, { role: 'leader', amount: null }]));
    const id = (await u.handlerA.post(`/api/v1/complaints/${complaintId}/compensations`, { kind: 'cash', amount: 100_000, reason: '现金补偿' })).json().id;
    expect((await u.handlerA2.post(`/api/v1/compensations/${id}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    const usd = (await u.handlerA.post(`/api/v1/complaints/${complaintId}/compensations`, { kind: 'cash', amount: 100, currency: 'USD', reason: 'foreign visitor' })).json().id;
    expect((await u.headA.post(`/api/v1/compensations/${usd}/decision`, { decision: 'approve' })).json().code).toBe('compensation_over_limit');
    await u.admin.request({ method: 'PUT', url: '/api/v1/compensations/limits', payload: { handler: 50_000 } });
  });

  it('bad input is a 400 problem, never a write', async () => {
    const before = await env.count('compensation_decisions');
    for (const body of [{ kind: 'refund', amount: 0, reason: 'x' }, { kind: 'refund', amount: 12.5, reason: 'x' }, { kind: 'gift', amount: 100, reason: 'x' }, { kind: 'refund', amount: 100, reason: '' }, { kind: 'refund', amount: 100, reason: 'x', currency: 'yuan' }]) {
      const r = await u.handlerA.post(`/api/v1/complaints/${complaintId}/compensations`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await env.count('compensation_decisions')).toBe(before);
  });
});

describe('the handling plan’s old compensation field', () => {
  it('still accepted for one release: it becomes a proposed decision in fen', async () => {
    const id = await newComplaint(deptA);
    expect((await u.handlerA.post(`/api/v1/complaints/${id}/actions`, { action: 'sign' })).statusCode).toBe(200);
    const r = await u.handlerA.post(`/api/v1/complaints/${id}/plans`, { findings: '饭菜确有异味', measures: '停业整顿三天', compensationAmount: 500.5, compensationKind: '餐费退还' });
    expect(r.statusCode, r.body).toBe(201);
    const list = (await u.handlerA.get(`/api/v1/complaints/${id}/compensations`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: 'proposed', amount: 50_050, kind: 'refund', reason: '餐费退还', planId: r.json().plan.id });
  });

  it('migration 016 turns existing plan amounts into decisions: approved plans approved, pending proposed, returned refused', async () => {
    const id = await newComplaint(deptB);
    await waitForEvents(); // its statistics fact exists
    const plan = (status: string, amount: number, kind: string | null) => ({
      id: uuidv7(), complaint_id: id, findings: 'f', measures: 'm', compensation_amount: amount, compensation_kind: kind, status, submitted_by: u.handlerB.userId, submitted_at: Date.now(),
      decided_by: status === 'submitted' ? null : u.leader.userId, decided_at: status === 'submitted' ? null : Date.now(), decision_comment: null,
    });
    const rows = [plan('approved', 300, '维修费'), plan('submitted', 88.8, null), plan('returned', 50, '代金券')];
    await env.ctx.db.insertInto('handling_plans').values(rows).execute();
    await env.ctx.db.deleteFrom('compensation_decisions').execute();
    await migratePlanAmounts(env.ctx.db);
    const got = await env.ctx.db.selectFrom('compensation_decisions').selectAll().where('subject_id', '=', id).orderBy('amount').execute();
    expect(got.map((d) => [d.plan_id, d.status, Number(d.amount), d.kind, d.decided_by])).toEqual([
      [rows[2].id, 'refused', 5_000, 'voucher', u.leader.userId],
      [rows[1].id, 'proposed', 8_880, 'other', null],
      [rows[0].id, 'approved', 30_000, 'repair', u.leader.userId],
    ]);
    // The statistics fact of that complaint counts the approved amount.
    const fact = await env.ctx.db.withTables<{ stats_facts: { complaint_id: string; comp_approved: number } }>().selectFrom('stats_facts').select('comp_approved').where('complaint_id', '=', id).executeTakeFirst();
    expect(Number(fact?.comp_approved)).toBe(30_000);
  });
});

describe('compensation on an incident', () => {
  it('works the same way, with the incident’s department rules and timeline', async () => {
    const now = Date.now();
    const planId = uuidv7();
    const versionId = uuidv7();
    const incidentId = uuidv7();
    await env.ctx.db.insertInto('contingency_plans').values({ id: planId, key: `p-${planId}`, owner_id: u.leader.userId, department_id: null, created_at: now, updated_at: now }).execute();
    await env.ctx.db.insertInto('contingency_plan_versions').values({ id: versionId, plan_id: planId, version: 1, status: 'published', content: '{}', change_note: null, created_by: u.leader.userId, created_at: now, approved_by: null, approved_at: null, published_by: null, published_at: now, retired_at: null, review_due_at: null, review_reminded_at: null }).execute();
    const incident = (id: string, code: string, isDrill: number) => ({ id, code, plan_id: planId, plan_version_id: versionId, level: 2, status: 'active', title: '食堂食物中毒', trigger_kind: 'manual', trigger_key: null, department_id: deptA, commander_id: null, is_drill: isDrill, activated_by: u.leader.userId, activated_at: now, stable_at: null, resolved_at: null, closed_at: null, closed_by: null, sitrep_due_at: null, sitrep_overdue_at: null, created_at: now, updated_at: now });
    const drillId = uuidv7();
    await env.ctx.db.insertInto('incidents').values([incident(incidentId, `YJ-${now}`, 0), incident(drillId, `YJ-${now}-D`, 1)]).execute();
    const before = (await u.leader.get('/api/v1/stats/overview')).json().compensation;
    const since = Date.now();
    const p = await u.headA.post(`/api/v1/incidents/${incidentId}/compensations`, { kind: 'cash', amount: 1_000_000, reason: '就医费用' });
    expect(p.statusCode, p.body).toBe(201);
    expect((await u.handlerB.get(`/api/v1/incidents/${incidentId}/compensations`)).statusCode).toBe(404);
    expect((await u.headA.post(`/api/v1/compensations/${p.json().id}/decision`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await u.handlerA.post(`/api/v1/compensations/${p.json().id}/decision`, { decision: 'approve' })).json().code).toBe('compensation_over_limit');
    expect((await u.leader.post(`/api/v1/compensations/${p.json().id}/decision`, { decision: 'approve' })).json().status).toBe('approved');
    const tl = await env.ctx.db.selectFrom('incident_timeline').select('kind').where('incident_id', '=', incidentId).orderBy('id').execute();
    expect(tl.map((t) => t.kind)).toEqual(['compensation_proposed', 'compensation_decided']);
    expect((await u.handlerA.get(`/api/v1/incidents/${incidentId}/compensations`)).json().totals).toEqual({ proposed: 0, approved: 1_000_000, paid: 0 });
    // The statistics count it (by the incident's department and activation day); a drill's never.
    const drillComp = (await u.headA.post(`/api/v1/incidents/${drillId}/compensations`, { kind: 'cash', amount: 7_000, reason: '演练' })).json().id;
    expect((await u.leader.post(`/api/v1/compensations/${drillComp}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    const after = (await u.leader.get('/api/v1/stats/overview')).json().compensation;
    expect(after.incidents).toEqual({ approved: 1_000_000, paid: 0 });
    expect(after.approved).toBe(before.approved + 1_000_000);
    expect((await u.leader.get(`/api/v1/stats/overview?departmentId=${deptB}`)).json().compensation.incidents.approved).toBe(0);
    expect((await u.leader.get('/api/v1/stats/overview?channel=phone')).json().compensation.incidents.approved).toBe(0);
    expect((await u.leader.get(`/api/v1/stats/overview?departmentId=${deptA}&level=2`)).json().compensation.incidents.approved).toBe(1_000_000);
    await waitForEvents();
    // ¥10,000 is above a department head's ¥5,000: the leaders are asked.
    const notice = (await notified('compensation.proposed', since)).find((n) => n.user_id === u.leader.userId);
    expect(notice?.title_zh).toBe(`【补偿待审批】YJ-${now} 食堂食物中毒（¥10,000.00）`);
  });
});
