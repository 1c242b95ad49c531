// Case library over HTTP, on both databases: an analyst previews a closed complaint's redactions,
// approves a case that holds no planted personal data, and any staff member finds it by a two-character search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
let agent: TestClient;
let handler: TestClient;
let coordinator: TestClient;
let analyst: TestClient;
let otherHandler: TestClient;
let dept: string;

const PII = ['李秀英', '13912345678', '430104198503127511', '岳麓区麓山南路32号枫林小区5栋2单元301室', '湘A7K235', '王建华'];
const DESCRIPTION = `我叫李秀英，住在岳麓区麓山南路32号枫林小区5栋2单元301室。楼下餐馆油烟扰民，电话13912345678，身份证号430104198503127511。车牌湘A7K235的货车每天占道卸货，物业王建华经理不管。`;

async function act(c: TestClient, id: string, body: Record<string, unknown>) {
  const r = await c.post(`/api/v1/complaints/${id}/actions`, body);
  expect(r.statusCode, r.body).toBe(200);
}

async function closedComplaint(): Promise<string> {
  const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject: '餐馆油烟扰民', description: DESCRIPTION, departmentId: dept, complainant: { name: '李秀英', phone: '13912345678' } }));
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id as string;
  await act(agent, id, { action: 'assign' });
  await act(handler, id, { action: 'sign' });
  await act(handler, id, { action: 'reply', message: '已联系李秀英女士，执法人员责令餐馆加装油烟净化器。' });
  await act(coordinator, id, { action: 'close' });
  return id;
}

beforeAll(async () => {
  env = await createTestEnv();
  dept = await env.department();
  const other = await env.department();
  [agent, handler, coordinator, analyst, otherHandler] = await Promise.all([
    env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['coordinator']), env.client(['analyst']), env.client(['handler'], [other]),
  ]);
});
afterAll(() => env.close());

describe('case library', () => {
  it('previews every redaction, stores only redacted text, and finds the case by a two-character search', async () => {
    const id = await closedComplaint();
    const p = await analyst.get(`/api/v1/cases/preview/${id}`);
    expect(p.statusCode, p.body).toBe(200);
    const preview = p.json();
    const found = preview.redactions.map((r: { text: string }) => r.text);
    for (const item of PII) expect(found).toContain(item);
    expect(preview.redactions.find((r: { text: string }) => r.text === '13912345678')).toMatchObject({ field: 'description', kind: 'phone', replacement: '【电话】' });
    expect(preview.redacted.replies[0]).toBe('已联系【姓名】女士，执法人员责令餐馆加装油烟净化器。');
    for (const item of PII) expect(JSON.stringify(preview.redacted)).not.toContain(item);

    // The analyst un-ticks the plate (a company truck) and adds a redaction of 餐馆 in the subject.
    const approved = preview.redactions.filter((r: { kind: string }) => r.kind !== 'plate').map(({ field, kind, start, end }: Record<string, unknown>) => ({ field, kind, start, end }));
    approved.push({ field: 'subject', kind: 'address', start: 0, end: 2 });
    const c = await analyst.post('/api/v1/cases', { complaintId: id, titleZh: '餐馆油烟扰民的处置', titleEn: 'Restaurant fumes disturbing residents', tags: ['油烟', '环保'], lessons: '先联系执法部门现场取证。', redactions: approved });
    expect(c.statusCode, c.body).toBe(201);
    const body = c.json();
    expect(body.content.subject).toBe('【地址】油烟扰民');
    expect(body.content.description).toContain('湘A7K235');
    for (const item of PII.filter((x) => x !== '湘A7K235')) expect(JSON.stringify(body)).not.toContain(item);
    const row = await env.ctx.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
    for (const item of PII.filter((x) => x !== '湘A7K235')) expect(JSON.stringify(row)).not.toContain(item);
    // On the complaint's timeline (and in the audit log through recordActivity).
    const tl = (await analyst.get(`/api/v1/complaints/${id}/timeline`)).json().items;
    expect(tl.find((t: { kind: string }) => t.kind === 'case_created')).toMatchObject({ data: { caseId: body.id } });

    // A handler (of another department) finds it by two characters, sees no source link; the owner's department does.
    const list = await otherHandler.get(`/api/v1/cases?q=${encodeURIComponent('油烟')}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([body.id]);
    expect(list.json().items[0].sourceComplaintId).toBeNull();
    expect((await otherHandler.get(`/api/v1/cases?q=${encodeURIComponent('火锅')}`)).json().items).toEqual([]);
    expect((await otherHandler.get(`/api/v1/cases?q=fumes`)).json().items).toHaveLength(1);
    expect((await otherHandler.get(`/api/v1/cases?tag=${encodeURIComponent('环保')}`)).json().items).toHaveLength(1);
    expect((await otherHandler.get(`/api/v1/cases?tag=x`)).json().items).toHaveLength(0);
    expect((await otherHandler.get(`/api/v1/cases/tags`)).json().items).toEqual([{ tag: '油烟', count: 1 }, { tag: '环保', count: 1 }]);
    const one = await otherHandler.get(`/api/v1/cases/${body.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ titleZh: '餐馆油烟扰民的处置', lessons: '先联系执法部门现场取证。', sourceComplaintId: null });
    expect((await handler.get(`/api/v1/cases/${body.id}`)).json().sourceComplaintId).toBe(id);

    // One case per complaint.
    const again = await analyst.post('/api/v1/cases', { complaintId: id, titleZh: '再来', titleEn: 'Again', tags: [], lessons: '', redactions: [] });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('case_exists');
  });

  it('refuses an open complaint (409), other roles (403) and bad redactions (400) without writing', async () => {
    const r = await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept }));
    const open = r.json().id as string;
    const p = await analyst.get(`/api/v1/cases/preview/${open}`);
    expect(p.statusCode).toBe(409);
    expect(p.json().code).toBe('complaint_not_closed');
    const closed = await closedComplaint();
    const base = { complaintId: closed, titleZh: '标题', titleEn: 'Title', tags: [], lessons: '' };
    expect((await handler.get(`/api/v1/cases/preview/${closed}`)).statusCode).toBe(403);
    expect((await handler.post('/api/v1/cases', { ...base, redactions: [] })).statusCode).toBe(403);
    expect((await coordinator.post('/api/v1/cases', { ...base, redactions: [] })).statusCode).toBe(403);
    const outside = await analyst.post('/api/v1/cases', { ...base, redactions: [{ field: 'subject', kind: 'name', start: 0, end: 999 }] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe('invalid_redaction');
    const overlap = await analyst.post('/api/v1/cases', { ...base, redactions: [{ field: 'description', kind: 'name', start: 0, end: 4 }, { field: 'description', kind: 'name', start: 2, end: 5 }] });
    expect(overlap.json().code).toBe('overlapping_redactions');
    expect((await analyst.post('/api/v1/cases', { ...base, redactions: [{ field: 'password', kind: 'name', start: 0, end: 1 }] })).statusCode).toBe(400);
    expect((await analyst.post('/api/v1/cases', { ...base, titleZh: '', redactions: [] })).statusCode).toBe(400);
    expect((await analyst.get('/api/v1/cases/preview/nope')).statusCode).toBe(404);
    expect((await analyst.get('/api/v1/cases/nope')).statusCode).toBe(404);
    expect(await env.count('cases')).toBe(1);
  });
});
