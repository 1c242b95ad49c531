// Calling the complainant back: the owner and the department's handlers see that complaint's phone
// number (reason required, audited, 联系方式已查看 on the timeline) and record their calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
let dept: string;
let otherDept: string;
let agent: TestClient;
let owner: TestClient;
let colleague: TestClient;
let outsider: TestClient;
let analyst: TestClient;
let coordinator: TestClient;
let id: string;

const auditRows = (action: string) => env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

beforeAll(async () => {
  env = await createTestEnv();
  dept = await env.department('市政设施科', 'Municipal facilities');
  otherDept = await env.department('园林科', 'Parks');
  [agent, owner, colleague, outsider, analyst, coordinator] = await Promise.all([
    env.client(['intake_agent']),
    env.client(['handler'], [dept]),
    env.client(['handler'], [dept]),
    env.client(['handler'], [otherDept]),
    env.client(['analyst']),
    env.client(['coordinator']),
  ]);
  id = (await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept, complainant: { name: '张三', phone: '13912345678', idNumber: '110101199003071234' } }))).json().id;
  expect((await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'assign', departmentId: dept, ownerId: owner.userId })).statusCode).toBe(200);
});
afterAll(() => env.close());

describe('calling the complainant back', () => {
  it('the owner sees the phone number with a reason; it is audited and on the timeline as contact_viewed', async () => {
    const detail = (await owner.get(`/api/v1/complaints/${id}`)).json();
    expect(detail.complainant.phone).toBe('139****5678');
    expect(detail).toMatchObject({ canRevealPersonalData: false, canViewContact: true });
    expect((await owner.post(`/api/v1/complaints/${id}/complainant/reveal`, {})).statusCode).toBe(400);

    const r = await owner.post(`/api/v1/complaints/${id}/complainant/reveal`, { reason: '回访诉求人' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ name: '张三', phone: '13912345678', contactRevealed: true });
    expect(r.json().idNumber).not.toContain('199003071234'); // only what a call needs
    const viewed = (await owner.get(`/api/v1/complaints/${id}/timeline`)).json().items.filter((t: { kind: string }) => t.kind === 'contact_viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ body: '回访诉求人', actor: { id: owner.userId } });
    const audit = await auditRows('complainant.contact_viewed');
    expect(audit.map((a) => a.actor_id)).toEqual([owner.userId]);
    expect(JSON.parse(audit[0].data)).toMatchObject({ complaintId: id, reason: '回访诉求人' });
  });

  it('a handler of the same department may too; another department’s handler gets 404, an analyst 403', async () => {
    expect((await colleague.post(`/api/v1/complaints/${id}/complainant/reveal`, { reason: '回访诉求人' })).json().phone).toBe('13912345678');
    const other = await outsider.post(`/api/v1/complaints/${id}/complainant/reveal`, { reason: '回访诉求人' });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('13912345678');
    const a = await analyst.post(`/api/v1/complaints/${id}/complainant/reveal`, { reason: '回访诉求人' });
    expect(a.statusCode).toBe(403);
    expect((await analyst.get(`/api/v1/complaints/${id}`)).json().canViewContact).toBe(false);
  });

  it('roles allowed to see personal data still see all of it, as before', async () => {
    const r = await coordinator.post(`/api/v1/complaints/${id}/complainant/reveal`, { reason: '核实身份' });
    expect(r.json()).toMatchObject({ phone: '13912345678', idNumber: '110101199003071234', masked: false });
    expect((await coordinator.get(`/api/v1/complaints/${id}/timeline`)).json().items.some((t: { kind: string }) => t.kind === 'pii_revealed')).toBe(true);
  });

  it('records a call on the timeline with its outcome, duration and note', async () => {
    const r = await owner.post(`/api/v1/complaints/${id}/calls`, { outcome: 'reached', durationSec: 185, note: '已告知维修安排，诉求人表示满意' });
    expect(r.statusCode, r.body).toBe(201);
    const call = r.json().items.find((t: { kind: string }) => t.kind === 'call_recorded');
    expect(call).toMatchObject({ body: '已告知维修安排，诉求人表示满意', visibility: 'internal', data: { outcome: 'reached', durationSec: 185 } });
    expect((await owner.post(`/api/v1/complaints/${id}/calls`, { outcome: 'maybe' })).statusCode).toBe(400);
    expect((await owner.post(`/api/v1/complaints/${id}/calls`, { outcome: 'busy', durationSec: -1 })).statusCode).toBe(400);
    expect((await outsider.post(`/api/v1/complaints/${id}/calls`, { outcome: 'no_answer' })).statusCode).toBe(404);
    expect((await analyst.post(`/api/v1/complaints/${id}/calls`, { outcome: 'no_answer' })).statusCode).toBe(403);
    expect((await auditRows('complaint.call_recorded')).length).toBe(1);
  });
});
