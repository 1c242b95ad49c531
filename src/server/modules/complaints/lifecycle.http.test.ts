import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

interface TimelineItem {
  kind: string;
  visibility: string;
  body: string | null;
  actor: { id: string; name: string | null } | null;
  data: Record<string, unknown>;
  createdAt: string;
}

describe('complaint lifecycle over HTTP', () => {
  let env: TestEnv;
  let dept: string;
  let dept2: string;
  let agent: TestClient; // 受理员
  let handler: TestClient; // 承办人 in dept
  let handler2: TestClient; // 承办人 in dept2
  let coordinator: TestClient;
  let leader: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    dept = await env.department('市场监管局', 'Market Regulation');
    dept2 = await env.department('住建局', 'Housing');
    [agent, handler, handler2, coordinator, leader, admin] = await Promise.all([
      env.client(['intake_agent']),
      env.client(['handler'], [dept]),
      env.client(['handler'], [dept2]),
      env.client(['coordinator']),
      env.client(['leader']),
      env.client(['admin']),
    ]);
  });
  afterAll(() => env.close());

  const create = async (over: Record<string, unknown> = {}) => {
    const r = await agent.post('/api/v1/complaints', sampleComplaint(over));
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; status: string; trackingNo: string };
  };
  const act = (who: TestClient, id: string, body: Record<string, unknown>) => who.post(`/api/v1/complaints/${id}/actions`, body);
  const ok = async (who: TestClient, id: string, body: Record<string, unknown>) => {
    const r = await act(who, id, body);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const timeline = async (id: string, who: TestClient = admin) => (await who.get(`/api/v1/complaints/${id}/timeline`)).json().items as TimelineItem[];
  const status = async (id: string) => (await admin.get(`/api/v1/complaints/${id}`)).json().status as string;

  it('runs received → triaged → assigned → in_progress → plan (sent back, then approved) → replied → follow_up → closed', async () => {
    const c = await create();
    expect(c.status).toBe('received');
    expect(c.trackingNo).toMatch(/^TS\d{8}-\d{6}$/);

    expect((await ok(agent, c.id, { action: 'triage' })).status).toBe('triaged');
    const assigned = await ok(agent, c.id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    expect(assigned).toMatchObject({ status: 'assigned', departmentId: dept, ownerId: handler.userId });

    // The handler sees it with 签收 among the buttons, then signs.
    const seen = (await handler.get(`/api/v1/complaints/${c.id}`)).json();
    expect(seen.availableActions).toContain('sign');
    expect((await ok(handler, c.id, { action: 'sign' })).status).toBe('in_progress');

    // Handling plan: submitted by the handler, sent back by a leader with a comment, resubmitted, approved.
    let r = await handler.post(`/api/v1/complaints/${c.id}/plans`, { findings: '饭菜确有异味', measures: '停业整顿三天', compensationAmount: 500, compensationKind: '餐费退还' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().plan).toMatchObject({ status: 'submitted', submittedBy: handler.userId, compensation: { amount: 500, kind: '餐费退还' } });
    // A second plan while one is pending is refused; so is a reply.
    expect((await handler.post(`/api/v1/complaints/${c.id}/plans`, { findings: 'x', measures: 'y' })).json().code).toBe('plan_already_pending');
    r = await act(handler, c.id, { action: 'reply', message: '已处理' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('plan_pending_approval');

    // Sending back needs a comment.
    r = await leader.post(`/api/v1/complaints/${c.id}/plans/decision`, { decision: 'return' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('comment_required');
    r = await leader.post(`/api/v1/complaints/${c.id}/plans/decision`, { decision: 'return', comment: '赔偿依据不足，请补充' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().plan).toMatchObject({ status: 'returned', decidedBy: leader.userId, decisionComment: '赔偿依据不足，请补充' });

    r = await handler.post(`/api/v1/complaints/${c.id}/plans`, { findings: '饭菜确有异味，已取样', measures: '停业整顿三天，退还餐费' });
    expect(r.statusCode).toBe(201);
    r = await leader.post(`/api/v1/complaints/${c.id}/plans/decision`, { decision: 'approve' });
    expect(r.json().plan).toMatchObject({ status: 'approved', decidedBy: leader.userId });
    // Nothing left to decide.
    expect((await leader.post(`/api/v1/complaints/${c.id}/plans/decision`, { decision: 'approve' })).json().code).toBe('no_pending_plan');
    const plans = (await handler.get(`/api/v1/complaints/${c.id}/plans`)).json().items;
    expect(plans.map((p: { status: string }) => p.status)).toEqual(['returned', 'approved']);

    // Reply needs a message, then becomes a public timeline entry.
    expect((await act(handler, c.id, { action: 'reply' })).json().code).toBe('message_required');
    expect((await ok(handler, c.id, { action: 'reply', message: '经核查，已责令食堂整改并退还餐费。' })).status).toBe('replied');
    expect((await ok(coordinator, c.id, { action: 'follow_up' })).status).toBe('follow_up');
    const closed = await ok(coordinator, c.id, { action: 'close' });
    expect(closed.status).toBe('closed');
    expect(closed.availableActions).toEqual(['reopen']);

    const items = await timeline(c.id);
    const transitions = items.filter((t) => t.kind === 'status_changed' || t.kind === 'reply').map((t) => `${t.data.from}→${t.data.to}`);
    expect(transitions).toEqual(['received→triaged', 'triaged→assigned', 'assigned→in_progress', 'in_progress→replied', 'replied→follow_up', 'follow_up→closed']);
    expect(items.map((t) => t.kind)).toEqual(expect.arrayContaining(['created', 'plan_submitted', 'plan_decided', 'reply']));
    for (const t of items) {
      expect(t.actor?.id, t.kind).toBeTruthy();
      expect(t.actor?.name, t.kind).toBeTruthy();
      expect(Math.abs(Date.parse(t.createdAt) - Date.now())).toBeLessThan(60_000);
    }
    const reply = items.find((t) => t.kind === 'reply')!;
    expect(reply).toMatchObject({ visibility: 'public', body: '经核查，已责令食堂整改并退还餐费。', actor: { id: handler.userId } });
    expect(items.find((t) => t.data.to === 'assigned')).toMatchObject({ visibility: 'internal', actor: { id: agent.userId }, data: { departmentId: dept, ownerId: handler.userId } });
    expect(items.find((t) => t.kind === 'plan_decided' && t.data.decision === 'returned')).toMatchObject({ body: '赔偿依据不足，请补充', actor: { id: leader.userId } });
    expect(items.find((t) => t.data.to === 'closed')).toMatchObject({ visibility: 'public', actor: { id: coordinator.userId } });
  });

  it('reopens (重办) a closed complaint with a reason', async () => {
    const c = await create({ departmentId: dept });
    await ok(agent, c.id, { action: 'assign' });
    await ok(handler, c.id, { action: 'sign' });
    await ok(handler, c.id, { action: 'reply', message: '已处理' });
    await ok(coordinator, c.id, { action: 'close' });
    const r = await act(coordinator, c.id, { action: 'reopen' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('reason_required');
    expect(await status(c.id)).toBe('closed');
    expect((await ok(coordinator, c.id, { action: 'reopen', reason: '群众不满意，要求重办' })).status).toBe('in_progress');
    expect((await timeline(c.id)).at(-1)).toMatchObject({ kind: 'status_changed', body: '群众不满意，要求重办', data: { from: 'closed', to: 'in_progress' } });
  });

  it('level Ⅰ–Ⅱ complaints cannot be replied to without an approved plan', async () => {
    const c = await create({ departmentId: dept, level: 2 });
    await ok(agent, c.id, { action: 'assign' });
    await ok(handler, c.id, { action: 'sign' });
    const r = await act(handler, c.id, { action: 'reply', message: '已处理' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('plan_approval_required');
    expect(await status(c.id)).toBe('in_progress');
  });

  it('return (退单) needs a reason, clears the owner, and the dispatcher reassigns', async () => {
    const c = await create();
    await ok(agent, c.id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    expect((await act(handler, c.id, { action: 'return' })).json().code).toBe('reason_required');
    const returned = await ok(handler, c.id, { action: 'return', reason: '不属于本部门职责' });
    expect(returned).toMatchObject({ status: 'returned', ownerId: null });
    // Handlers cannot dispatch.
    expect((await act(handler, c.id, { action: 'assign', departmentId: dept2 })).statusCode).toBe(403);
    const re = await ok(agent, c.id, { action: 'assign', departmentId: dept2 });
    expect(re).toMatchObject({ status: 'assigned', departmentId: dept2, ownerId: null });
    // The new department signs; the old one has lost it.
    expect((await act(handler, c.id, { action: 'sign' })).statusCode).toBe(404);
    expect((await ok(handler2, c.id, { action: 'sign' })).ownerId).toBe(handler2.userId);
    const ret = (await timeline(c.id)).find((t) => t.data.to === 'returned')!;
    expect(ret).toMatchObject({ body: '不属于本部门职责', actor: { id: handler.userId } });
  });

  it('an owner named at dispatch must belong to the department; another handler cannot sign for it', async () => {
    const c = await create();
    let r = await act(agent, c.id, { action: 'assign', departmentId: dept, ownerId: handler2.userId });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('owner_not_in_department');
    expect((await act(agent, c.id, { action: 'assign' })).json().code).toBe('department_required');
    const colleague = await env.client(['handler'], [dept]);
    await ok(agent, c.id, { action: 'assign', departmentId: dept, ownerId: handler.userId });
    r = await act(colleague, c.id, { action: 'sign' });
    expect(r.statusCode).toBe(403);
    expect(await status(c.id)).toBe('assigned');
  });

  it('request_info parks it in waiting (public, with the question) and resume brings it back', async () => {
    const c = await create({ departmentId: dept });
    await ok(agent, c.id, { action: 'assign' });
    await ok(handler, c.id, { action: 'sign' });
    expect((await act(handler, c.id, { action: 'request_info' })).json().code).toBe('reason_required');
    expect((await ok(handler, c.id, { action: 'request_info', reason: '请提供就餐小票照片' })).status).toBe('waiting');
    expect((await act(handler, c.id, { action: 'reply', message: 'x' })).json().code).toBe('illegal_transition.waiting.reply');
    expect((await ok(handler, c.id, { action: 'resume' })).status).toBe('in_progress');
    const t = (await timeline(c.id)).find((x) => x.data.to === 'waiting')!;
    expect(t).toMatchObject({ visibility: 'public', body: '请提供就餐小票照片' });
  });

  it('reject (不予受理) needs a reason and ends the complaint', async () => {
    const c = await create();
    expect((await act(agent, c.id, { action: 'reject', reason: '  ' })).json().code).toBe('reason_required');
    const rejected = await ok(agent, c.id, { action: 'reject', reason: '不属于受理范围' });
    expect(rejected.status).toBe('rejected');
    expect(rejected.availableActions).toEqual([]);
    expect((await timeline(c.id)).at(-1)).toMatchObject({ visibility: 'public', body: '不属于受理范围', actor: { id: agent.userId } });
  });

  it('merges a duplicate into another complaint, noted on both timelines', async () => {
    const target = await create({ subject: '食堂问题（主件）' });
    const dup = await create({ subject: '食堂问题（重复）' });
    let r = await act(agent, dup.id, { action: 'merge' });
    expect(r.json().code).toBe('target_required');
    r = await act(agent, dup.id, { action: 'merge', targetId: dup.id });
    expect(r.json().code).toBe('target_required');
    r = await act(agent, dup.id, { action: 'merge', targetId: '01900000-0000-7000-8000-000000000000' });
    expect(r.json().code).toBe('unknown_target');
    const merged = await ok(agent, dup.id, { action: 'merge', targetId: target.id });
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: target.id });
    expect((await timeline(target.id)).at(-1)).toMatchObject({ kind: 'merged_in', data: { sourceId: dup.id, trackingNo: dup.trackingNo } });
    // Nothing can be merged into a merged complaint.
    const third = await create();
    r = await act(agent, third.id, { action: 'merge', targetId: dup.id });
    expect(r.json().code).toBe('target_merged');
  });

  it('internal and public notes keep their visibility', async () => {
    const c = await create({ departmentId: dept });
    let r = await handler.post(`/api/v1/complaints/${c.id}/notes`, { body: '内部：已电话联系学校后勤' });
    expect(r.statusCode, r.body).toBe(201);
    r = await handler.post(`/api/v1/complaints/${c.id}/notes`, { body: '您的投诉已受理', visibility: 'public' });
    expect(r.statusCode).toBe(201);
    const notes = (await timeline(c.id, handler)).filter((t) => t.kind === 'note');
    expect(notes.map((n) => [n.visibility, n.body, n.actor?.id])).toEqual([
      ['internal', '内部：已电话联系学校后勤', handler.userId],
      ['public', '您的投诉已受理', handler.userId],
    ]);
    // An analyst reads but may not write notes.
    const analyst = await env.client(['analyst']);
    expect((await analyst.post(`/api/v1/complaints/${c.id}/notes`, { body: 'x' })).statusCode).toBe(403);
  });

  it('illegal transitions answer 409 naming state and action, and change nothing', async () => {
    const received = await create();
    const closed = await create({ departmentId: dept });
    await ok(admin, closed.id, { action: 'assign' });
    await ok(admin, closed.id, { action: 'sign' });
    await ok(admin, closed.id, { action: 'reply', message: 'done' });
    await ok(admin, closed.id, { action: 'close' });
    const rejected = await create();
    await ok(admin, rejected.id, { action: 'reject', reason: 'spam' });

    const cases: Array<[string, string, Record<string, unknown>]> = [
      [received.id, 'received', { action: 'sign' }],
      [received.id, 'received', { action: 'reply', message: 'x' }],
      [received.id, 'received', { action: 'close' }],
      [received.id, 'received', { action: 'reopen', reason: 'x' }],
      [received.id, 'received', { action: 'resume' }],
      [received.id, 'received', { action: 'return', reason: 'x' }],
      [closed.id, 'closed', { action: 'close' }],
      [closed.id, 'closed', { action: 'assign', departmentId: dept }],
      [closed.id, 'closed', { action: 'merge', targetId: received.id }],
      [closed.id, 'closed', { action: 'reject', reason: 'x' }],
      [rejected.id, 'rejected', { action: 'triage' }],
      [rejected.id, 'rejected', { action: 'reopen', reason: 'x' }],
    ];
    const auditBefore = await env.count('audit_log');
    const timelineBefore = await env.count('timeline');
    for (const [id, state, body] of cases) {
      const r = await act(admin, id, body);
      expect(r.statusCode, `${state} ${body.action}`).toBe(409);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ status: 409, code: `illegal_transition.${state}.${body.action}`, state, action: body.action });
      expect(await status(id)).toBe(state);
    }
    expect(await env.count('audit_log')).toBe(auditBefore);
    expect(await env.count('timeline')).toBe(timelineBefore);
    // A plan only belongs to a complaint in progress.
    const r = await admin.post(`/api/v1/complaints/${received.id}/plans`, { findings: 'x', measures: 'y' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('illegal_transition.received.submit_plan');
  });

  it('the wrong role gets 403 and the complaint stays as it was', async () => {
    const c = await create({ departmentId: dept });
    const analyst = await env.client(['analyst']);
    const checks: Array<[TestClient, Record<string, unknown>]> = [
      [handler, { action: 'triage' }],
      [handler, { action: 'assign', departmentId: dept }],
      [handler, { action: 'reject', reason: 'x' }],
      [analyst, { action: 'triage' }],
      [leader, { action: 'assign', departmentId: dept }],
    ];
    for (const [who, body] of checks) {
      const r = await act(who, c.id, body);
      expect(r.statusCode, `${body.action}`).toBe(403);
      expect(r.json().code).toBe('forbidden');
    }
    await ok(agent, c.id, { action: 'assign' });
    expect((await act(agent, c.id, { action: 'sign' })).statusCode).toBe(403);
    await ok(handler, c.id, { action: 'sign' });
    // Plans: a leader does not submit them, a handler does not approve them.
    expect((await leader.post(`/api/v1/complaints/${c.id}/plans`, { findings: 'x', measures: 'y' })).statusCode).toBe(403);
    expect((await handler.post(`/api/v1/complaints/${c.id}/plans`, { findings: 'x', measures: 'y' })).statusCode).toBe(201);
    expect((await handler.post(`/api/v1/complaints/${c.id}/plans/decision`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await agent.post(`/api/v1/complaints/${c.id}/plans/decision`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await handler.get(`/api/v1/complaints/${c.id}/plans`)).json().items[0].status).toBe('submitted');
    expect((await act(handler, c.id, { action: 'close' })).statusCode).toBe(403);
    expect(await status(c.id)).toBe('in_progress');
  });

  it('a stale version is refused with 409 stale_version', async () => {
    const c = await create();
    await ok(agent, c.id, { action: 'triage', version: 1 });
    const r = await act(agent, c.id, { action: 'assign', departmentId: dept, version: 1 });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('stale_version');
    expect(await status(c.id)).toBe('triaged');
  });
});
