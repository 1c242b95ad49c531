import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

const COMPLAINTS = '/api/v1/complaints';

/** Near-identical copies: they cluster through the duplicate index whatever the event matcher says. */
const copy = (estate: string, i: number) => `${estate}小区门口的垃圾站已经${['三', '四', '五', '六', '七', '八'][i]}天没人清运了，垃圾堆到路边，臭气熏天，请尽快处理`;

describe('clusters: visibility and a coordinator’s corrections', () => {
  let env: TestEnv;
  let agent: TestClient;
  let coordinator: TestClient;
  let handlerA: TestClient;
  let handlerB: TestClient;
  let deptA: string;
  let deptB: string;

  beforeAll(async () => {
    env = await createTestEnv();
    [deptA, deptB] = [await env.department('甲街道'), await env.department('乙街道')];
    [agent, coordinator, handlerA, handlerB] = await Promise.all([env.client(['intake_agent']), env.client(['coordinator']), env.client(['handler'], [deptA]), env.client(['handler'], [deptB])]);
  });
  afterAll(() => env.close());

  const post = async (subject: string, description: string, departmentId?: string) => {
    const r = await agent.post(COMPLAINTS, sampleComplaint({ subject, description, complainant: undefined, ...(departmentId ? { departmentId } : {}) }));
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };

  it('a handler sees only clusters with a complaint of their department, under that complaint’s subject — never a hidden representative’s', async () => {
    // The representative (first complaint) is in department B; one later member is in department A.
    const rep = await post('乙街道秘密事项：清溪苑垃圾', copy('清溪苑', 0), deptB);
    await post('清溪苑垃圾', copy('清溪苑', 1), deptB);
    const mine = await post('甲街道收到的清溪苑垃圾投诉', copy('清溪苑', 2), deptA);
    const clusterId = rep.id as string;
    expect(mine.triage.cluster?.id).toBe(clusterId);

    const listA = (await handlerA.get('/api/v1/clusters')).json().items;
    const seen = listA.find((c: { id: string }) => c.id === clusterId);
    expect(seen).toMatchObject({ subject: '甲街道收到的清溪苑垃圾投诉', representativeId: null });
    const oneA = (await handlerA.get(`/api/v1/clusters/${clusterId}`)).json();
    expect(oneA.subject).toBe('甲街道收到的清溪苑垃圾投诉');
    expect(JSON.stringify(oneA)).not.toContain('秘密事项');
    expect(oneA.members.map((m: { id: string }) => m.id)).toEqual([mine.id]);
    expect(oneA.hiddenMembers).toBe(2);

    // A third department's handler sees nothing of it.
    const handlerC = await env.client(['handler'], [await env.department('丙街道')]);
    expect((await handlerC.get('/api/v1/clusters')).json().items.map((c: { id: string }) => c.id)).not.toContain(clusterId);
    expect((await handlerC.get(`/api/v1/clusters/${clusterId}`)).statusCode).toBe(404);
    // The coordinator sees all, with the representative.
    expect((await coordinator.get(`/api/v1/clusters/${clusterId}`)).json()).toMatchObject({ subject: rep.subject, representativeId: rep.id, hiddenMembers: 0 });
  });

  it('a coordinator merges, splits and dismisses; handlers get 403; bad input is a 400 with a code', async () => {
    const a = [];
    for (let i = 0; i < 3; i++) a.push(await post('金水湾工地噪音', `金水湾北侧工地${['凌晨', '半夜', '深夜'][i]}还在打桩施工，噪音太大，吵得孩子睡不着觉，请尽快制止`));
    const b = [];
    for (let i = 0; i < 2; i++) b.push(await post('银杏苑垃圾', `银杏苑门口垃圾站没人管了${i ? '，第二次反映' : ''}，垃圾堆成山，苍蝇到处飞，周边居民苦不堪言`));
    const [ca, cb] = [a[0].id as string, b[0].id as string];
    expect(b[1].triage.cluster?.id).toBe(cb);
    expect(a[2].triage.cluster?.id).toBe(ca);

    expect((await handlerA.post(`/api/v1/clusters/${ca}/merge`, { clusterIds: [cb] })).statusCode).toBe(403);
    const merged = await coordinator.post(`/api/v1/clusters/${ca}/merge`, { clusterIds: [cb] });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id: ca, size: 5 });
    expect((await coordinator.get(`/api/v1/clusters/${cb}`)).statusCode).toBe(404);
    expect((await coordinator.get(`${COMPLAINTS}/${b[1].id}`)).json().triage.cluster.id).toBe(ca);

    const bad = await coordinator.post(`/api/v1/clusters/${ca}/split`, { complaintIds: ['no-such-complaint'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('not_members');
    expect((await coordinator.post(`/api/v1/clusters/${ca}/split`, { complaintIds: [b[0].id, b[1].id] })).statusCode).toBe(204);
    const after = (await coordinator.get(`/api/v1/clusters/${ca}`)).json();
    expect(after.size).toBe(3);
    expect(after.members.map((m: { id: string }) => m.id).sort()).toEqual(a.map((x) => x.id).sort());
    expect((await coordinator.get(`${COMPLAINTS}/${b[0].id}`)).json().triage.cluster).toBeNull();

    expect((await coordinator.post(`/api/v1/clusters/${ca}/dismiss`, { reason: ' ' })).json().code).toBe('reason_required');
    expect((await handlerB.post(`/api/v1/clusters/${ca}/dismiss`, { reason: '不是同一事件' })).statusCode).toBe(403);
    expect((await coordinator.post(`/api/v1/clusters/${ca}/dismiss`, { reason: '不是同一事件' })).statusCode).toBe(204);
    expect((await coordinator.get(`/api/v1/clusters/${ca}`)).statusCode).toBe(404);
    expect((await coordinator.get('/api/v1/clusters')).json().items.map((c: { id: string }) => c.id)).not.toContain(ca);
    expect((await coordinator.get(`${COMPLAINTS}/${a[1].id}`)).json().triage.cluster).toBeNull();
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', ca).execute();
    expect(audit.map((x) => x.action)).toEqual(expect.arrayContaining(['cluster.merge', 'cluster.split', 'cluster.dismiss']));
  });

  it('list items carry clusterId and mass for the inbox mark', async () => {
    const items = (await coordinator.get(`${COMPLAINTS}?limit=50`)).json().items as Array<{ clusterId: string | null; mass: boolean; triage: { cluster: { id: string } | null } | null }>;
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) {
      expect(i.clusterId).toBe(i.triage?.cluster?.id ?? null);
      expect(typeof i.mass).toBe('boolean');
    }
    expect(items.some((i) => i.clusterId)).toBe(true);
  });
});
