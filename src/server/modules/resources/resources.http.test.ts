// The resource library and on-call routes over HTTP, against a real database (SQLite, or PostgreSQL
// with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
let deptA: string;
let deptB: string;
let admin: TestClient;
let coordinator: TestClient;
let handler: TestClient;
let headA: TestClient;
let leader: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  deptA = await env.department('卫生局', 'Health Bureau');
  deptB = await env.department('教育局', 'Education Bureau');
  admin = await env.client(['admin']);
  coordinator = await env.client(['coordinator']);
  handler = await env.client(['handler'], [deptA]);
  headA = await env.client(['dept_head'], [deptA]);
  leader = await env.client(['leader']);
});
afterAll(() => env?.close());

const supplier = {
  kind: 'supplier',
  name: '华康医疗器械有限公司',
  description: '医用口罩、防护服、消毒液供应，24小时送货',
  tags: ['防疫物资', '24小时'],
  departmentId: undefined as string | undefined,
  contactName: '王建国',
  contactPhone: '13812345678',
  contactEmail: 'wang.jianguo@huakang.example.com',
};

describe('resource library', () => {
  let id: string;

  it('stores contact details encrypted and shows them masked to every reader', async () => {
    const r = await coordinator.post('/api/v1/resources', { ...supplier, departmentId: deptA });
    expect(r.statusCode, r.body).toBe(201);
    id = r.json().id;
    expect(r.json().contact).toEqual({ name: '王**', phone: '138****5678', email: 'w***@huakang.example.com', masked: true });
    const row = await env.ctx.db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.contact_phone_enc).not.toContain('13812345678');
    expect(row.contact_name_enc).toMatch(/^v1:/);
    const seen = await handler.get(`/api/v1/resources/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().contact.phone).toBe('138****5678');
    expect(seen.body).not.toContain('13812345678');
    expect((await handler.get('/api/v1/resources')).body).not.toContain('王建国');
  });

  it('reveals the contact only with pii.reveal, with the reason in the audit log', async () => {
    const refused = await handler.post(`/api/v1/resources/${id}/contact/reveal`, { reason: '联系供货' });
    expect(refused.statusCode).toBe(403);
    const before = await env.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'resource.contact_revealed').execute();
    const r = await leader.post(`/api/v1/resources/${id}/contact/reveal`, { reason: '紧急调配口罩' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().contact).toEqual({ name: '王建国', phone: '13812345678', email: 'wang.jianguo@huakang.example.com', masked: false });
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'resource.contact_revealed').execute();
    expect(audit.length).toBe(before.length + 1);
    expect(audit.at(-1)).toMatchObject({ actor_id: leader.userId, entity_id: id });
    expect(JSON.parse(audit.at(-1)!.data)).toEqual({ reason: '紧急调配口罩' });
    expect((await leader.post(`/api/v1/resources/${id}/contact/reveal`, { reason: '' })).statusCode).toBe(400);
  });

  it('finds resources by Chinese substrings, case-insensitive Latin text, kind, tag and low stock', async () => {
    const add = async (b: Record<string, unknown>) => {
      const r = await admin.post('/api/v1/resources', b);
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const masks = await add({ kind: 'inventory', name: 'N95口罩', description: '仓库A区', tags: ['防疫物资'], quantity: 80, unit: '箱', lowStockThreshold: 100 });
    const water = await add({ kind: 'inventory', name: '瓶装饮用水', description: '550ml', quantity: 500, unit: '箱', lowStockThreshold: 50 });
    const expert = await add({ kind: 'expert', name: '李教授', description: '食品安全与营养学专家，Food Safety', tags: ['食品安全'] });
    await add({ kind: 'media', name: '晚报记者', description: '社会新闻', tags: ['媒体'] });
    const ids = async (qs: string) => {
      const r = await handler.get(`/api/v1/resources?${qs}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as Array<{ id: string }>).map((i) => i.id).sort();
    };
    expect(await ids(`q=${encodeURIComponent('口罩')}`)).toEqual([id, masks].sort()); // description 医用口罩 and name N95口罩
    expect(await ids(`q=${encodeURIComponent('食品安全')}`)).toEqual([expert]);
    expect(await ids(`q=${encodeURIComponent('营养')}`)).toEqual([expert]); // inside a word
    expect(await ids(`q=${encodeURIComponent('ＦＯＯＤ safety')}`)).toEqual([expert]); // full-width, any case
    expect(await ids(`q=${encodeURIComponent('n95')}`)).toEqual([masks]);
    expect(await ids(`q=${encodeURIComponent('100%')}`)).toEqual([]); // wildcards are text
    expect(await ids(`tag=${encodeURIComponent('防疫物资')}`)).toEqual([id, masks].sort());
    expect(await ids(`tag=${encodeURIComponent('防疫')}`)).toEqual([]); // a tag matches whole
    expect(await ids('kind=inventory')).toEqual([masks, water].sort());
    expect(await ids('lowStock=true')).toEqual([masks]);
    expect(await ids(`departmentId=${deptA}`)).toEqual([id]);
    const low = await handler.get(`/api/v1/resources/${masks}`);
    expect(low.json()).toMatchObject({ quantity: 80, unit: '箱', lowStock: true });
    // Restocking clears the flag; retiring hides it from lists.
    expect((await admin.patch(`/api/v1/resources/${masks}`, { quantity: 300 })).json().lowStock).toBe(false);
    expect((await admin.patch(`/api/v1/resources/${water}`, { active: false })).statusCode).toBe(200);
    expect(await ids('kind=inventory')).toEqual([masks]);
    expect(await ids('kind=inventory&includeInactive=true')).toEqual([masks, water].sort());
    // Renaming re-indexes the text.
    await admin.patch(`/api/v1/resources/${expert}`, { name: '王研究员', description: '环境监测' });
    expect(await ids(`q=${encodeURIComponent('食品')}`)).toEqual([expert]); // still its tag
    expect(await ids(`q=${encodeURIComponent('环境监测')}`)).toEqual([expert]);
  });

  it('pages newest first', async () => {
    const first = await handler.get('/api/v1/resources?limit=2');
    expect(first.json().items).toHaveLength(2);
    const next = await handler.get(`/api/v1/resources?limit=2&cursor=${first.json().nextCursor}`);
    expect(next.statusCode).toBe(200);
    expect(next.json().items[0].id < first.json().items[1].id).toBe(true);
  });

  it('writes need resource.manage; a department head writes only their departments’ resources', async () => {
    expect((await handler.post('/api/v1/resources', supplier)).statusCode).toBe(403);
    expect((await headA.post('/api/v1/resources', { ...supplier, departmentId: deptB })).statusCode).toBe(403);
    expect((await headA.post('/api/v1/resources', { ...supplier, departmentId: undefined })).statusCode).toBe(403);
    const own = await headA.post('/api/v1/resources', { ...supplier, departmentId: deptA });
    expect(own.statusCode, own.body).toBe(201);
    const theirs = (await admin.post('/api/v1/resources', { ...supplier, departmentId: deptB })).json().id;
    expect((await headA.patch(`/api/v1/resources/${theirs}`, { quantity: 1 })).statusCode).toBe(403);
    const bad = await admin.post('/api/v1/resources', { ...supplier, kind: 'spaceship' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    expect((await admin.post('/api/v1/resources', { ...supplier, departmentId: 'nope' })).json().code).toBe('unknown_department');
    expect((await admin.get('/api/v1/resources/0190d1a0-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('on-call schedules', () => {
  it('a rotation, an override and who is on call now', async () => {
    const [ann, bob, cai] = [await env.client(['dept_head'], [deptA]), await env.client(['handler'], [deptA]), await env.client(['handler'], [deptA])];
    const body = { name: '卫生局应急指挥值班', roleKey: 'incident_commander', departmentId: deptA, participants: [ann.userId, bob.userId], period: 'daily', handoffTime: '09:00', startsOn: '2026-12-01' };
    expect((await handler.post('/api/v1/oncall/schedules', body)).statusCode).toBe(403);
    expect((await headA.post('/api/v1/oncall/schedules', { ...body, departmentId: deptB })).statusCode).toBe(403);
    const created = await headA.post('/api/v1/oncall/schedules', body);
    expect(created.statusCode, created.body).toBe(201);
    const s = created.json();
    expect(s).toMatchObject({ timezone: 'Asia/Shanghai', period: 'daily', active: true });
    expect(s.participants.map((p: { id: string }) => p.id)).toEqual([ann.userId, bob.userId]);

    const at = (iso: string) => encodeURIComponent(new Date(Date.parse(`${iso}+08:00`)).toISOString());
    const now = async (iso: string) => (await handler.get(`/api/v1/oncall/now?roleKey=incident_commander&departmentId=${deptA}&at=${at(iso)}`)).json();
    expect((await now('2026-12-01T10:00:00')).items.map((i: { user: { id: string } }) => i.user.id)).toEqual([ann.userId]);
    expect((await now('2026-12-02T08:59:00')).items[0].user.id).toBe(ann.userId);
    expect((await now('2026-12-02T09:00:00')).items[0]).toMatchObject({ user: { id: bob.userId }, scheduleId: s.id, viaOverride: false, departmentId: deptA });

    // An override (in the future, so the schedule still lists it): 2027-01-05 is shift 35 → bob.
    const o = await headA.post(`/api/v1/oncall/schedules/${s.id}/overrides`, { userId: cai.userId, startsAt: new Date(Date.parse('2027-01-05T12:00:00+08:00')).toISOString(), endsAt: new Date(Date.parse('2027-01-05T18:00:00+08:00')).toISOString(), reason: '替班' });
    expect(o.statusCode, o.body).toBe(201);
    expect((await now('2027-01-05T11:59:00')).items[0]).toMatchObject({ user: { id: bob.userId }, viaOverride: false });
    expect((await now('2027-01-05T13:00:00')).items[0]).toMatchObject({ user: { id: cai.userId }, viaOverride: true });
    expect((await now('2027-01-05T18:00:00')).items[0]).toMatchObject({ user: { id: bob.userId }, viaOverride: false });
    expect(o.json().overrides).toHaveLength(1);
    const overrideId = o.json().overrides[0].id as string;
    expect(o.json().overrides[0]).toMatchObject({ user: { id: cai.userId }, reason: '替班' });
    const del = await headA.delete(`/api/v1/oncall/schedules/${s.id}/overrides/${overrideId}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().overrides).toEqual([]);
    expect((await now('2027-01-05T13:00:00')).items[0]).toMatchObject({ user: { id: bob.userId }, viaOverride: false });
    expect((await headA.delete(`/api/v1/oncall/schedules/${s.id}/overrides/${overrideId}`)).statusCode).toBe(404);
    const bad = await headA.post(`/api/v1/oncall/schedules/${s.id}/overrides`, { userId: cai.userId, startsAt: '2026-12-02T10:00:00Z', endsAt: '2026-12-02T09:00:00Z' });
    expect(bad.json().code).toBe('invalid_range');
    expect((await headA.post('/api/v1/oncall/schedules', { ...body, timezone: 'Mars/Olympus' })).json().code).toBe('invalid_timezone');
    expect((await headA.post('/api/v1/oncall/schedules', { ...body, startsOn: '2026-02-30' })).json().code).toBe('invalid_date');
    expect((await headA.post('/api/v1/oncall/schedules', { ...body, participants: ['0190d1a0-0000-7000-8000-000000000000'] })).json().code).toBe('unknown_user');
    const list = await handler.get('/api/v1/oncall/schedules?roleKey=incident_commander');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(s.id);
    const off = await leader.patch(`/api/v1/oncall/schedules/${s.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect((await now('2026-12-02T10:00:00')).items).toEqual([]);
  });
});
