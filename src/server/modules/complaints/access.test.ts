import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

describe('department isolation', () => {
  let env: TestEnv;
  let deptA: string;
  let deptB: string;
  let agent: TestClient;
  let handlerA: TestClient;
  let handlerB: TestClient;
  let headB: TestClient;
  let complaintA: string;
  let unassigned: string;

  beforeAll(async () => {
    env = await createTestEnv();
    deptA = await env.department();
    deptB = await env.department();
    [agent, handlerA, handlerB, headB] = await Promise.all([
      env.client(['intake_agent']),
      env.client(['handler'], [deptA]),
      env.client(['handler'], [deptB]),
      env.client(['dept_head'], [deptB]),
    ]);
    complaintA = (await agent.post('/api/v1/complaints', sampleComplaint({ subject: '甲部门的投诉', departmentId: deptA }))).json().id;
    unassigned = (await agent.post('/api/v1/complaints', sampleComplaint({ subject: '尚未分派' }))).json().id;
    await agent.post(`/api/v1/complaints/${complaintA}/actions`, { action: 'assign' });
  });
  afterAll(() => env.close());

  it('the department’s own handler reads, lists and acts on it', async () => {
    expect((await handlerA.get(`/api/v1/complaints/${complaintA}`)).statusCode).toBe(200);
    const ids = (await handlerA.get('/api/v1/complaints')).json().items.map((c: { id: string }) => c.id);
    expect(ids).toEqual([complaintA]);
    expect((await handlerA.post(`/api/v1/complaints/${complaintA}/notes`, { body: '已了解' })).statusCode).toBe(201);
  });

  it('another department’s handler and head get 404 on every route and do not find it in lists', async () => {
    for (const who of [handlerB, headB]) {
      for (const url of [`/api/v1/complaints/${complaintA}`, `/api/v1/complaints/${complaintA}/timeline`, `/api/v1/complaints/${complaintA}/plans`, `/api/v1/complaints/${complaintA}/attachments`]) {
        const r = await who.get(url);
        expect(r.statusCode, url).toBe(404);
        expect(r.json().code).toBe('not_found');
        expect(r.body).not.toContain('甲部门');
      }
      expect((await who.get(`/api/v1/complaints/${unassigned}`)).statusCode).toBe(404);
      const lists = [await who.get('/api/v1/complaints'), await who.get(`/api/v1/complaints?departmentId=${deptA}`), await who.get(`/api/v1/complaints?q=${encodeURIComponent('甲部门')}`)];
      for (const l of lists) {
        expect(l.statusCode).toBe(200);
        expect(l.json().items).toEqual([]);
      }
    }
  });

  it('another department cannot change it: actions, notes, plans, edits and uploads all answer 404', async () => {
    const before = (await agent.get(`/api/v1/complaints/${complaintA}`)).json();
    const writes = [
      await handlerB.post(`/api/v1/complaints/${complaintA}/actions`, { action: 'sign' }),
      await headB.post(`/api/v1/complaints/${complaintA}/actions`, { action: 'return', reason: 'x' }),
      await headB.post(`/api/v1/complaints/${complaintA}/actions`, { action: 'assign', departmentId: deptB }),
      await handlerB.post(`/api/v1/complaints/${complaintA}/notes`, { body: 'x' }),
      await headB.patch(`/api/v1/complaints/${complaintA}`, { subject: '改掉' }),
      await handlerB.request({
        method: 'POST',
        url: `/api/v1/complaints/${complaintA}/attachments`,
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        payload: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n',
      }),
    ];
    for (const r of writes) expect(r.statusCode, r.body).toBe(404);
    // headB may not submit plans on it either (404 before the state is checked).
    expect((await headB.post(`/api/v1/complaints/${complaintA}/plans`, { findings: 'x', measures: 'y' })).statusCode).toBe(404);
    const after = (await agent.get(`/api/v1/complaints/${complaintA}`)).json();
    expect(after).toMatchObject({ status: before.status, version: before.version, subject: before.subject, departmentId: deptA });
    expect((await agent.get(`/api/v1/complaints/${complaintA}/timeline`)).json().items.filter((t: { kind: string }) => t.kind === 'note')).toHaveLength(1);
  });

  it('after re-dispatch to B, A loses it and B gains it', async () => {
    const id = (await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: deptA }))).json().id;
    await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'assign' });
    expect((await handlerB.get(`/api/v1/complaints/${id}`)).statusCode).toBe(404);
    await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'assign', departmentId: deptB });
    expect((await handlerB.get(`/api/v1/complaints/${id}`)).statusCode).toBe(200);
    expect((await handlerA.get(`/api/v1/complaints/${id}`)).statusCode).toBe(404);
  });
});

describe('personal data', () => {
  let env: TestEnv;
  let dept: string;
  let agent: TestClient;
  let handler: TestClient;
  let auditor: TestClient;
  let id: string;
  const phone = '13812345678';
  const email = 'zhang.wei@example.com';

  beforeAll(async () => {
    env = await createTestEnv();
    dept = await env.department();
    [agent, handler, auditor] = await Promise.all([env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['auditor'])]);
    const r = await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept, complainant: { name: '张伟', phone, email, idNumber: '110101199003071234', address: '北京市东城区东华门街道1号' } }));
    expect(r.statusCode).toBe(201);
    id = r.json().id;
  });
  afterAll(() => env.close());

  it('is masked for a role without the permission', async () => {
    const c = (await handler.get(`/api/v1/complaints/${id}`)).json();
    expect(c.complainant).toMatchObject({ name: '张*', phone: '138****5678', email: 'z***@example.com', idNumber: '110***********1234', masked: true });
    expect(c.canRevealPersonalData).toBe(false);
    expect(JSON.stringify(c)).not.toContain(phone);
  });

  it('is masked by default also for a role that may reveal it', async () => {
    const c = (await agent.get(`/api/v1/complaints/${id}`)).json();
    expect(c.canRevealPersonalData).toBe(true);
    expect(c.complainant).toMatchObject({ name: '张*', phone: '138****5678', email: 'z***@example.com', masked: true });
    const r = await agent.get('/api/v1/complaints');
    expect(r.body).not.toContain(phone);
    expect(r.body).not.toContain(email);
  });

  it('reveal is refused to a role without the permission, and writes nothing', async () => {
    // An analyst reads every complaint but neither sees personal data nor calls complainants back.
    const analyst = await env.client(['analyst']);
    const before = await env.count('audit_log');
    const r = await analyst.post(`/api/v1/complaints/${id}/complainant/reveal`, { reason: '需要回访投诉人' });
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain(phone);
    expect(await env.count('audit_log')).toBe(before);
  });

  it('reveal needs a reason', async () => {
    const r = await agent.post(`/api/v1/complaints/${id}/complainant/reveal`, {});
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain(phone);
  });

  it('reveal shows the data to an allowed role and leaves an audit entry with the reason', async () => {
    const r = await agent.post(`/api/v1/complaints/${id}/complainant/reveal`, { reason: '电话回访核实情况' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ name: '张伟', phone, email, idNumber: '110101199003071234', address: '北京市东城区东华门街道1号', masked: false });

    const audit = await auditor.get('/api/v1/audit?action=pii.reveal');
    expect(audit.statusCode).toBe(200);
    const items = audit.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: 'pii.reveal', actor: { id: agent.userId, email: agent.email }, data: { complaintId: id, reason: '电话回访核实情况' } });
    // The audit entry itself does not hold the personal data.
    expect(JSON.stringify(items[0])).not.toContain(phone);
    // Revealing does not unmask the next read.
    expect((await agent.get(`/api/v1/complaints/${id}`)).json().complainant.phone).toBe('138****5678');
    // Only auditors (and admins) read the audit log.
    expect((await handler.get('/api/v1/audit?action=pii.reveal')).statusCode).toBe(403);
  });

  it('is not stored in plaintext anywhere in the database', async () => {
    const row = await env.ctx.db.selectFrom('complainants').selectAll().executeTakeFirstOrThrow();
    expect(row.phone_enc).toMatch(/^v1:/);
    expect(row.email_enc).toMatch(/^v1:/);
    for (const table of ['complainants', 'complaints', 'timeline', 'audit_log', 'jobs'] as const) {
      const dump = JSON.stringify(await env.ctx.db.selectFrom(table).selectAll().execute());
      for (const secret of [phone, '12345678', email, 'zhang.wei', '张伟', '110101199003071234']) expect(dump, `${table} holds ${secret}`).not.toContain(secret);
    }
  });

  it('the blind index finds the repeat complainant by phone, however it is written', async () => {
    const again = (await agent.post('/api/v1/complaints', sampleComplaint({ subject: '又来投诉', complainant: { name: '张伟', phone: '+86 138-1234-5678' } }))).json().id;
    await agent.post('/api/v1/complaints', sampleComplaint({ subject: '别人', complainant: { name: '李四', phone: '13900000000' } }));
    const lookup = async (q: string) => (await agent.get(`/api/v1/complainants/lookup?${q}`)).json().items.map((c: { id: string }) => c.id).sort();
    expect(await lookup(`phone=${encodeURIComponent('138 1234 5678')}`)).toEqual([id, again].sort());
    expect(await lookup(`email=${encodeURIComponent(' Zhang.Wei@EXAMPLE.com ')}`)).toEqual([id]);
  });
});
