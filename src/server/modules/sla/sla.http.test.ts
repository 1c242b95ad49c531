// Deadlines end to end: real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), the real job
// runner, and a controlled clock — Date is faked (only Date: timers and I/O stay real) so a test
// moves time forward by hours instead of sleeping.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import type { DomainEvent } from '../../platform/events/events.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let env: TestEnv;
let dept: string;
let agent: TestClient;
let handler: TestClient;
let head: TestClient;
let leader: TestClient;
let coordinator: TestClient;
let admin: TestClient;
const seen: DomainEvent<any>[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves the clock forward and lets the runner find what became due. */
async function advance(ms: number) {
  vi.setSystemTime(Date.now() + ms);
  await settle();
}

/** Waits until no job is due or running (events, timers). */
async function settle(timeoutMs = 10_000) {
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

async function create(level: number, subject = '小区路灯损坏无人维修') {
  const r = await agent.post('/api/v1/complaints', { subject, description: '路灯坏了一个月，晚上出行不便。', channel: 'phone', level, departmentId: dept });
  expect(r.statusCode).toBe(201);
  expect(r.json().level).toBe(level);
  await settle();
  return r.json().id as string;
}

async function act(client: TestClient, id: string, body: Record<string, unknown>) {
  const r = await client.post(`/api/v1/complaints/${id}/actions`, body);
  expect(r.statusCode, r.body).toBe(200);
  await settle();
  return r.json();
}

async function clocks(id: string) {
  const r = await agent.get(`/api/v1/complaints/${id}/sla`);
  expect(r.statusCode).toBe(200);
  return Object.fromEntries((r.json().items as any[]).map((c) => [c.kind, c]));
}

async function timelineKinds(id: string) {
  return ((await agent.get(`/api/v1/complaints/${id}/timeline`)).json().items as any[]).map((t) => t.kind);
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2025-06-10T10:00:00+08:00')); // a Tuesday morning in Shanghai
  env = await createTestEnv({ startJobs: true });
  dept = await env.department('市政设施科', 'Municipal facilities');
  agent = await env.client(['intake_agent']);
  handler = await env.client(['handler'], [dept]);
  head = await env.client(['dept_head'], [dept]);
  leader = await env.client(['leader']);
  coordinator = await env.client(['coordinator']);
  admin = await env.client(['admin']);
  env.ctx.events.on('*', (e) => {
    if (e.type.startsWith('sla.')) seen.push(e);
  });
});

afterAll(async () => {
  await env?.close();
  vi.useRealTimers();
});

describe('first-response clock', () => {
  it('warns the owner at 75 %, breaches to the department head, escalates to a leader — once each', async () => {
    const id = await create(2); // Ⅱ: respond within 1 h (natural), leader 2 h after the breach
    const start = Date.now();
    let c = await clocks(id);
    expect(c.firstResponse).toMatchObject({ state: 'running', status: 'ok', policyId: 'default-level-2' });
    expect(Date.parse(c.firstResponse.dueAt) - start).toBeGreaterThan(59 * MIN);
    expect(Date.parse(c.firstResponse.dueAt) - start).toBeLessThanOrEqual(HOUR);

    await advance(46 * MIN);
    c = await clocks(id);
    expect(c.firstResponse.status).toBe('warning');
    const warning = seen.filter((e) => e.type === 'sla.warning' && e.data.complaintId === id);
    expect(warning).toHaveLength(1);
    // No owner yet: the department's heads stand in for the owner.
    expect(warning[0].data).toMatchObject({ kind: 'firstResponse', level: 2, notify: 'owner', recipientUserIds: [head.userId] });
    expect((await agent.get(`/api/v1/complaints?slaStatus=warning`)).json().items.map((x: any) => x.id)).toContain(id);

    await advance(15 * MIN);
    c = await clocks(id);
    expect(c.firstResponse).toMatchObject({ state: 'breached', status: 'breached' });
    expect(c.firstResponse.breachedAt).toBe(c.firstResponse.dueAt);
    const breached = seen.filter((e) => e.type === 'sla.breached' && e.data.complaintId === id);
    expect(breached).toHaveLength(1);
    expect(breached[0].data).toMatchObject({ notify: 'department_head', recipientUserIds: [head.userId], dueAt: c.firstResponse.dueAt });

    const detail = (await agent.get(`/api/v1/complaints/${id}`)).json();
    expect(detail.sla).toMatchObject({ kind: 'firstResponse', status: 'breached', dueAt: c.firstResponse.dueAt });
    const list = (await agent.get(`/api/v1/complaints?slaStatus=breached`)).json().items;
    expect(list.map((x: any) => x.id)).toContain(id);
    expect(list.find((x: any) => x.id === id).sla.status).toBe('breached');

    await advance(2 * HOUR);
    const escalated = seen.filter((e) => e.type === 'sla.escalated' && e.data.complaintId === id);
    expect(escalated).toHaveLength(1);
    expect(escalated[0].data.notify).toBe('leader');
    expect(escalated[0].data.recipientUserIds).toContain(leader.userId);

    await advance(3 * HOUR); // nothing more is due; redelivery would not repeat anything
    const kinds = await timelineKinds(id);
    expect(kinds.filter((k) => k === 'sla_warning')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'sla_breached')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'sla_escalated')).toHaveLength(1);
    const row = await env.ctx.db.selectFrom('sla_clocks').selectAll().where('complaint_id', '=', id).where('kind', '=', 'firstResponse').executeTakeFirstOrThrow();
    expect(Number(row.breached_at)).toBe(Date.parse(c.firstResponse.dueAt));
    expect(row.met_at).toBeNull();
  });

  it('is met by a public note, not by an internal one', async () => {
    const id = await create(4);
    await handler.post(`/api/v1/complaints/${id}/notes`, { body: '内部备注', visibility: 'internal' });
    await settle();
    expect((await clocks(id)).firstResponse.state).toBe('running');
    await advance(MIN);
    const r = await head.post(`/api/v1/complaints/${id}/notes`, { body: '您好，已收到您的投诉，正在处理。', visibility: 'public' });
    expect(r.statusCode).toBe(201);
    await settle();
    const c = await clocks(id);
    expect(c.firstResponse).toMatchObject({ state: 'met', phase: 'stopped', status: 'ok', breachedAt: null });
    expect(c.firstResponse.metAt).not.toBeNull();
  });
});

describe('sign-for, resolution and waiting on the complainant', () => {
  it('signs within the limit, pauses while waiting, resumes with the same remaining time, stops at the reply', async () => {
    const id = await create(3);
    await act(agent, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    let c = await clocks(id);
    expect(c.signFor).toMatchObject({ state: 'running', policyId: 'default-level-3' });
    expect(c.signFor.target).toMatchObject({ durationMs: HOUR, mode: 'working' });

    await advance(10 * MIN);
    await act(handler, id, { action: 'sign' });
    c = await clocks(id);
    expect(c.signFor).toMatchObject({ state: 'met', breachedAt: null });
    expect(c.resolution.state).toBe('running');
    expect(c.updateCadence.state).toBe('running');
    const remaining = c.resolution.remainingMs;
    const due0 = Date.parse(c.resolution.dueAt);

    await act(handler, id, { action: 'request_info', reason: '请补充路灯的具体位置' });
    c = await clocks(id);
    expect(c.resolution).toMatchObject({ state: 'paused', dueAt: null });
    expect(c.firstResponse.state).toBe('paused');

    await advance(HOUR); // working time passes while paused: 10:10 → 11:10 on a Tuesday
    await act(handler, id, { action: 'resume' });
    c = await clocks(id);
    expect(c.resolution.state).toBe('running');
    expect(Math.abs(c.resolution.remainingMs - remaining)).toBeLessThan(5_000);
    expect(Date.parse(c.resolution.dueAt) - due0).toBeGreaterThan(HOUR - 5_000);
    expect(c.resolution.cycles[0].pausedMs).toBeGreaterThan(HOUR - 5_000);

    await act(handler, id, { action: 'reply', message: '路灯已修复，感谢您的反映。' });
    c = await clocks(id);
    expect(c.firstResponse).toMatchObject({ state: 'met' });
    expect(c.resolution).toMatchObject({ state: 'met', breachedAt: null });
    expect(c.updateCadence.phase).toBe('stopped');
    expect((await agent.get(`/api/v1/complaints/${id}`)).json().sla).toBeNull();
  });

  it('an unsigned dispatch escalates; a return stops the sign-for clock', async () => {
    const late = await create(1, '燃气泄漏');
    await act(agent, late, { action: 'assign', departmentId: dept });
    await advance(31 * MIN); // Ⅰ: sign within 30 min
    expect((await clocks(late)).signFor.status).toBe('breached');
    expect(seen.some((e) => e.type === 'sla.breached' && e.data.complaintId === late && e.data.kind === 'signFor')).toBe(true);

    const returned = await create(3);
    await act(agent, returned, { action: 'assign', departmentId: dept });
    await advance(20 * MIN);
    await act(handler, returned, { action: 'return', reason: '不属于本部门职责' });
    expect((await clocks(returned)).signFor).toMatchObject({ state: 'met', breachedAt: null });
  });
});

describe('extensions (延期)', () => {
  it('a department head’s approval moves the resolution due date and tells the complainant', async () => {
    const id = await create(3);
    await act(agent, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    await act(handler, id, { action: 'sign' });
    const due = Date.parse((await clocks(id)).resolution.dueAt);
    const newDueAt = new Date(due + 3 * 24 * HOUR).toISOString();

    const early = await handler.post(`/api/v1/complaints/${id}/extensions`, { reason: '需要第三方检测', newDueAt: new Date(due - HOUR).toISOString() });
    expect(early.statusCode).toBe(400);
    for (const far of ['2040-01-01T00:00:00Z', '9999-12-31T00:00:00Z']) {
      const tooFar = await handler.post(`/api/v1/complaints/${id}/extensions`, { reason: '需要第三方检测', newDueAt: far });
      expect(tooFar.statusCode, tooFar.body).toBe(400);
      expect(tooFar.json().code).toBe('new_due_too_far');
    }
    const req = await handler.post(`/api/v1/complaints/${id}/extensions`, { reason: '需要第三方检测', newDueAt });
    expect(req.statusCode, req.body).toBe(201);
    const eid = req.json().id;
    expect(req.json()).toMatchObject({ status: 'pending', newDueAt });
    expect((await handler.post(`/api/v1/complaints/${id}/extensions`, { reason: 'again', newDueAt })).statusCode).toBe(409);

    expect((await handler.post(`/api/v1/complaints/${id}/extensions/${eid}/decision`, { decision: 'approve' })).statusCode).toBe(403);
    const ok = await head.post(`/api/v1/complaints/${id}/extensions/${eid}/decision`, { decision: 'approve', comment: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    await settle();

    expect((await clocks(id)).resolution.dueAt).toBe(newDueAt);
    const items = (await agent.get(`/api/v1/complaints/${id}/timeline`)).json().items as any[];
    const told = items.find((t) => t.kind === 'extension_approved');
    expect(told.visibility).toBe('public');
    expect(told.data.newDueAt).toBe(newDueAt);
    expect(told.body).toContain('延长至');
    expect((await agent.get(`/api/v1/complaints/${id}/extensions`)).json().items).toHaveLength(1);
  });
});

describe('supervision (督办)', () => {
  it('a supervisor opens one; formal reminders follow before the due date', async () => {
    const id = await create(3);
    await act(agent, id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    expect((await handler.post(`/api/v1/complaints/${id}/supervision`, { dueAt: new Date(Date.now() + 3 * HOUR).toISOString(), note: '尽快处理' })).statusCode).toBe(403);
    const r = await coordinator.post(`/api/v1/complaints/${id}/supervision`, { dueAt: new Date(Date.now() + 3 * HOUR).toISOString(), note: '请于今日内处理完毕' });
    expect(r.statusCode, r.body).toBe(201);
    const sup = r.json().items[0];
    expect(sup.reminders.map((x: any) => x.key)).toEqual(['before_2h', 'due']);
    await settle();
    expect(seen.some((e) => e.type === 'sla.supervision_opened' && e.data.complaintId === id)).toBe(true);

    await advance(61 * MIN);
    const reminders = seen.filter((e) => e.type === 'sla.supervision_reminder' && e.data.complaintId === id);
    expect(reminders).toHaveLength(1);
    expect(reminders[0].data.recipientUserIds).toEqual(expect.arrayContaining([handler.userId, head.userId]));
    const list = (await agent.get(`/api/v1/complaints/${id}/supervision`)).json().items;
    expect(list[0].reminders[0].sentAt).not.toBeNull();
    expect(await timelineKinds(id)).toEqual(expect.arrayContaining(['supervision_opened', 'supervision_reminder']));
  });
});

describe('admin: policies, calendar, jobs', () => {
  it('edits policies as validated, versioned JSON; tiny targets apply to new complaints', async () => {
    expect((await handler.get('/api/v1/sla/policies')).statusCode).toBe(403);
    const got = (await admin.get('/api/v1/sla/policies')).json();
    expect(got.version).toBe(0);
    const bad = await admin.request({ method: 'PUT', url: '/api/v1/sla/policies', payload: { policies: [{ id: 'x', name: 'x', match: {}, targets: { firstResponse: { value: -1, unit: 'minutes', mode: 'natural' } } }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.length).toBeGreaterThan(0);
    // A misspelt member is refused, not saved and silently ignored.
    const typo = await admin.request({ method: 'PUT', url: '/api/v1/sla/policies', payload: { policies: [{ ...got.policies[0], warnRation: 0.5 }, ...got.policies.slice(1)] } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json()).toMatchObject({ code: 'invalid_policies', errors: ['policies[0].warnRation is not a known field'] });
    expect((await admin.get('/api/v1/sla/policies')).json().version).toBe(0);
    const policies = [{ id: 'quick', name: 'quick', match: { levels: [4] }, targets: { firstResponse: { value: 10, unit: 'minutes', mode: 'natural' } } }, ...got.policies];
    const put = await admin.request({ method: 'PUT', url: '/api/v1/sla/policies', payload: { policies, version: 0 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().version).toBe(1);
    expect((await admin.request({ method: 'PUT', url: '/api/v1/sla/policies', payload: { policies, version: 0 } })).statusCode).toBe(409);

    const id = await create(4);
    const c = await clocks(id);
    expect(c.firstResponse.policyId).toBe('quick');
    expect(c.firstResponse.budgetMs).toBe(10 * MIN);
    expect(c.resolution).toBeUndefined();
    await advance(11 * MIN);
    expect((await clocks(id)).firstResponse.status).toBe('breached');

    // Back to the defaults for the other tests.
    expect((await admin.request({ method: 'PUT', url: '/api/v1/sla/policies', payload: { policies: got.policies, version: 1 } })).statusCode).toBe(200);
  });

  it('re-resolves targets when the level changes', async () => {
    const id = await create(4);
    expect((await clocks(id)).firstResponse.budgetMs).toBe(24 * HOUR);
    const r = await agent.patch(`/api/v1/complaints/${id}`, { level: 2, reason: '涉及人身安全' });
    expect(r.statusCode, r.body).toBe(200);
    await settle();
    expect((await clocks(id)).firstResponse).toMatchObject({ budgetMs: HOUR, policyId: 'default-level-2' });
  });

  it('shows and previews the business calendar', async () => {
    const cal = (await admin.get('/api/v1/sla/calendar')).json();
    expect(cal.calendar.timeZone).toBe('Asia/Shanghai');
    const days = (await admin.get('/api/v1/sla/calendar/days?from=2025-10-01&to=2025-10-12')).json().items as any[];
    expect(days.find((d) => d.date === '2025-10-01')).toMatchObject({ working: false, reason: 'statutory_holiday' });
    expect(days.find((d) => d.date === '2025-10-11')).toMatchObject({ working: true, reason: 'makeup_workday' });
    const bad = await admin.request({ method: 'PUT', url: '/api/v1/sla/calendar', payload: { calendar: { ...cal.calendar, timeZone: 'Mars/Olympus' } } });
    expect(bad.statusCode).toBe(400);
    const ok = await admin.request({ method: 'PUT', url: '/api/v1/sla/calendar', payload: { calendar: { ...cal.calendar, overrides: [{ date: '2025-10-12', kind: 'holiday', note: '停电' }] }, version: 0 } });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = (await admin.get('/api/v1/sla/calendar/days?from=2025-10-12&to=2025-10-12')).json().items;
    expect(after[0]).toMatchObject({ working: false, reason: 'override' });
  });

  it('lists dead jobs and retries one', async () => {
    const { enqueue } = await import('../../platform/jobs/jobs.js');
    await enqueue(env.ctx.db, { type: 'no.such.handler', payload: { x: 1 }, maxAttempts: 1 });
    await settle();
    const dead = (await admin.get('/api/v1/admin/jobs?status=dead')).json();
    const job = dead.items.find((j: any) => j.type === 'no.such.handler');
    expect(job).toMatchObject({ status: 'dead', attempts: 1 });
    expect(job.lastError).toContain('no handler');
    expect((await handler.get('/api/v1/admin/jobs?status=dead')).statusCode).toBe(403);
    env.ctx.jobs.register('no.such.handler', async () => {});
    const retried = await admin.post(`/api/v1/admin/jobs/${job.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    await settle();
    const after = await env.ctx.db.selectFrom('jobs').select('status').where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('done');
  });
});
