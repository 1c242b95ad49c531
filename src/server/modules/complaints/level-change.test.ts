import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

describe('level changes', () => {
  let env: TestEnv;
  let dept: string;
  let agent: TestClient;
  let handler: TestClient;
  let deptHead: TestClient;
  let leader: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    dept = await env.department('应急管理局', 'Emergency Management');
    [agent, handler, deptHead, leader] = await Promise.all([env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['dept_head'], [dept]), env.client(['leader'])]);
  });
  afterAll(() => env.close());

  const levelOne = async () => {
    const r = await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept, level: 1 }));
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    expect((await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'assign' })).statusCode).toBe(200);
    expect((await handler.post(`/api/v1/complaints/${id}/actions`, { action: 'sign' })).statusCode).toBe(200);
    return id;
  };
  const reply = (id: string) => handler.post(`/api/v1/complaints/${id}/actions`, { action: 'reply', message: '已处理完毕' });

  it('level changes: leader approval cannot be skipped by lowering a Level Ⅰ complaint to Ⅳ and replying', async () => {
    const id = await levelOne();
    // The intake agent may not lower it at all; the department head not without a reason.
    let r = await agent.patch(`/api/v1/complaints/${id}`, { level: 4, reason: '误判' });
    expect(r.statusCode, r.body).toBe(403);
    r = await deptHead.patch(`/api/v1/complaints/${id}`, { level: 4 });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().code).toBe('reason_required');
    expect((await env.ctx.db.selectFrom('complaints').select('level').where('id', '=', id).executeTakeFirstOrThrow()).level).toBe(1);
    // With a reason the department head lowers it, and it is audited with the reason…
    r = await deptHead.patch(`/api/v1/complaints/${id}`, { level: 4, reason: '经核实影响范围小' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().level).toBe(4);
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).where('action', '=', 'complaint.updated').execute();
    expect(JSON.parse(audit.at(-1)!.data)).toMatchObject({ levelLowered: { from: 1, to: 4 }, reason: '经核实影响范围小' });
    // …but the reply still needs the plan approval its Level Ⅰ required.
    r = await reply(id);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().code).toBe('plan_approval_required');
    // Raising needs no override: the agent raises it back, and lowers nothing.
    expect((await agent.patch(`/api/v1/complaints/${id}`, { level: 3 })).statusCode).toBe(200);
    expect((await reply(id)).json().code).toBe('plan_approval_required');
  });

  it('level changes: confirming or overriding the triage cannot lower the level without triage.override and a reason either', async () => {
    const id = await levelOne();
    const admin = await env.client(['admin']);
    const created = await admin.post('/api/v1/categories', { code: 'safety', nameZh: '安全隐患', nameEn: 'Safety hazard' });
    expect(created.statusCode, created.body).toBe(201);
    const cat = created.json().id as string;
    let r = await agent.post(`/api/v1/complaints/${id}/triage`, { categoryId: cat, level: 4, reason: '误判' });
    expect(r.statusCode, r.body).toBe(403);
    const coordinator = await env.client(['coordinator']);
    r = await coordinator.post(`/api/v1/complaints/${id}/triage`, { categoryId: cat, level: 4, reason: '核实后为一般诉求' });
    expect(r.statusCode, r.body).toBe(200);
    expect((await reply(id)).json().code).toBe('plan_approval_required');
  });

  it('level changes: a leader lowering the level clears the approval the old level needed', async () => {
    const id = await levelOne();
    expect((await leader.patch(`/api/v1/complaints/${id}`, { level: 4 })).json().code).toBe('reason_required');
    // A leader may change the level but nothing else.
    expect((await leader.patch(`/api/v1/complaints/${id}`, { subject: '改个标题' })).statusCode).toBe(403);
    const r = await leader.patch(`/api/v1/complaints/${id}`, { level: 4, reason: '领导研判：一般诉求' });
    expect(r.statusCode, r.body).toBe(200);
    const replied = await reply(id);
    expect(replied.statusCode, replied.body).toBe(200);
  });
});
