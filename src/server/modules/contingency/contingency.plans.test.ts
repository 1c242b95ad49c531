// Emergency plans (应急预案) over HTTP against a real database: the version lifecycle, immutability,
// who may change plans, validation codes, compare, and the category mapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { samplePlanContent } from './plan.testkit.js';

let env: TestEnv;
let leader: TestClient;
let admin: TestClient;
let handler: TestClient;
const P = '/api/v1/contingency/plans';
const put = (c: TestClient, url: string, payload: unknown) => c.request({ method: 'PUT', url, payload: payload as object });

beforeAll(async () => {
  env = await createTestEnv();
  leader = await env.client(['leader']);
  admin = await env.client(['admin']);
  handler = await env.client(['handler']);
});
afterAll(() => env.close());

async function createPlan(key: string, content = samplePlanContent()) {
  const r = await leader.post(P, { key, content, changeNote: '初稿' });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; latest: { version: number; status: string } };
}

describe('plan lifecycle', () => {
  it('draft → approved → published; a published version never changes; v2 publishes and retires v1', async () => {
    const plan = await createPlan('lifecycle_test');
    expect(plan.latest).toMatchObject({ version: 1, status: 'draft' });
    const v1 = `${P}/${plan.id}/versions/1`;

    const edited = samplePlanContent({ general: { zh: '修订后的总则。', en: 'Revised general provisions.' } });
    const saved = await put(leader, v1, { content: edited });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().content.general.zh).toBe('修订后的总则。');

    // Publishing skips approval: refused.
    const early = await leader.post(`${v1}/publish`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('illegal_transition.draft.publish');

    expect((await admin.post(`${v1}/approve`)).json().status).toBe('approved');
    expect((await put(leader, v1, { content: edited })).json().code).toBe('plan_version_immutable');
    const pub = await leader.post(`${v1}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    const published = pub.json();
    expect(published.status).toBe('published');
    // Review due = published + reviewEveryDays (365).
    expect(Date.parse(published.reviewDueAt) - Date.parse(published.publishedAt)).toBe(365 * 86_400_000);

    const again = await put(leader, v1, { content: samplePlanContent() });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('plan_version_immutable');
    expect((await leader.get(v1)).json().content.general.zh).toBe('修订后的总则。');

    // v2 starts as a copy of v1; only one draft at a time.
    const d2 = await leader.post(`${P}/${plan.id}/versions`, { changeNote: '年度修订' });
    expect(d2.statusCode, d2.body).toBe(201);
    expect(d2.json()).toMatchObject({ version: 2, status: 'draft', changeNote: '年度修订' });
    expect(d2.json().content.general.zh).toBe('修订后的总则。');
    const d3 = await leader.post(`${P}/${plan.id}/versions`, {});
    expect(d3.statusCode).toBe(409);
    expect(d3.json().code).toBe('plan_draft_exists');

    expect((await put(leader, `${P}/${plan.id}/versions/2`, { content: samplePlanContent({ reviewEveryDays: 180 }) })).statusCode).toBe(200);
    await leader.post(`${P}/${plan.id}/versions/2/approve`);
    expect((await leader.post(`${P}/${plan.id}/versions/2/publish`)).statusCode).toBe(200);

    const detail = (await leader.get(`${P}/${plan.id}`)).json();
    expect(detail.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'retired'],
      [2, 'published'],
    ]);
    expect(detail.published.version).toBe(2);
    expect(detail.draftVersion).toBeNull();
    expect(detail.reviewDue).toBe(false);

    const list = (await handler.get(P)).json();
    const item = list.items.find((i: { id: string }) => i.id === plan.id);
    expect(item).toMatchObject({ key: 'lifecycle_test', published: { version: 2 }, latest: { version: 2 }, reviewDue: false });

    // A retired version is as immutable as a published one.
    expect((await put(leader, v1, { content: samplePlanContent() })).json().code).toBe('plan_version_immutable');

    // Every change left an audit entry and an event.
    const audit = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', plan.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(
      ['contingency.plan_create', 'contingency.plan_draft_update', 'contingency.plan_approve', 'contingency.plan_publish', 'contingency.plan_draft_open', 'contingency.plan_draft_update', 'contingency.plan_approve', 'contingency.plan_publish'].sort(),
    );
    const events = await env.ctx.db.selectFrom('jobs').select('payload').where('type', '=', 'event').execute();
    const published2 = events.map((e) => JSON.parse(e.payload)).filter((e) => e.type === 'contingency.plan_published' && e.data.planId === plan.id);
    expect(published2.map((e) => [e.data.version, e.data.retiredVersion ?? null])).toEqual([
      [1, null],
      [2, 1],
    ]);
  });

  it('only contingency.manage changes plans: a handler reads but gets 403 on every change, and nothing is written', async () => {
    const plan = await createPlan('permission_test');
    const before = await env.count('contingency_plan_versions');
    const refusals = [
      await handler.post(P, { key: 'handler_plan', content: samplePlanContent() }),
      await put(handler, `${P}/${plan.id}/versions/1`, { content: samplePlanContent() }),
      await handler.post(`${P}/${plan.id}/versions/1/approve`),
      await handler.post(`${P}/${plan.id}/versions/1/publish`),
      await handler.post(`${P}/${plan.id}/versions`, {}),
    ];
    for (const r of refusals) expect(r.statusCode, r.body).toBe(403);
    expect(await env.count('contingency_plan_versions')).toBe(before);
    expect((await handler.get(`${P}/${plan.id}`)).statusCode).toBe(200);
    expect((await admin.post(`${P}/${plan.id}/versions/1/approve`)).statusCode).toBe(200);
  });
});

describe('concurrent changes', () => {
  it('two managers opening a draft at once: one draft, the other 409, nothing half-written', async () => {
    const plan = await createPlan('race_test');
    await leader.post(`${P}/${plan.id}/versions/1/approve`);
    await leader.post(`${P}/${plan.id}/versions/1/publish`);
    const answers = await Promise.all([leader.post(`${P}/${plan.id}/versions`, {}), admin.post(`${P}/${plan.id}/versions`, {})]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(['plan_draft_exists', 'plan_changed']).toContain(answers.find((a) => a.statusCode === 409)!.json().code);
    const versions = (await leader.get(`${P}/${plan.id}`)).json().versions;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    const opened = await env.ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', plan.id).where('action', '=', 'contingency.plan_draft_open').execute();
    expect(opened).toHaveLength(1);
  });

  it('two creates with one key: one plan', async () => {
    const answers = await Promise.all([leader.post(P, { key: 'same_key', content: samplePlanContent() }), admin.post(P, { key: 'same_key', content: samplePlanContent() })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(['plan_key_taken', 'plan_changed']).toContain(answers.find((a) => a.statusCode === 409)!.json().code);
    expect(await env.ctx.db.selectFrom('contingency_plans').select('id').where('key', '=', 'same_key').execute()).toHaveLength(1);
  });
});

describe('plan owner', () => {
  it('a manager hands a plan to another owner; unknown users are refused', async () => {
    const plan = await createPlan('owner_test');
    const other = await env.client(['leader']);
    expect((await leader.patch(`${P}/${plan.id}`, { ownerId: 'nobody' })).json().code).toBe('unknown_user');
    expect((await handler.patch(`${P}/${plan.id}`, { ownerId: other.userId })).statusCode).toBe(403);
    expect((await leader.patch(`${P}/${plan.id}`, {})).statusCode).toBe(400);
    const r = await leader.patch(`${P}/${plan.id}`, { ownerId: other.userId });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ ownerId: other.userId, ownerName: expect.any(String) });
    expect((await leader.get(`${P}/${plan.id}`)).json().ownerId).toBe(other.userId);
  });
});

describe('validation', () => {
  it('answers 400 problem+json with stable codes and writes nothing', async () => {
    const before = await env.count('contingency_plans');
    const cases: [unknown, string][] = [
      [samplePlanContent({ steps: [{ ...samplePlanContent().steps[0]!, ownerRole: 'mayor' }] }), 'plan_unknown_role'],
      [samplePlanContent({ levels: samplePlanContent().levels.map((l) => ({ ...l, notifyRoles: ['press'] })) }), 'plan_unknown_role'],
      [samplePlanContent({ roles: [samplePlanContent().roles[0]!, samplePlanContent().roles[0]!] }), 'plan_duplicate_key'],
      [samplePlanContent({ scope: { categoryIds: [], levels: [1, 2, 3] } }), 'plan_level_response_missing'],
      [samplePlanContent({ scope: { categoryIds: ['no-such-category'], levels: [1, 2] } }), 'unknown_category'],
      [{ ...samplePlanContent(), reviewEveryDays: 0 }, 'validation_failed'],
      [{ ...samplePlanContent(), extra: 1 }, 'validation_failed'],
    ];
    for (const [content, code] of cases) {
      const r = await leader.post(P, { key: 'invalid_plan', content });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().code, r.body).toBe(code);
    }
    const bad = (await leader.post(P, { key: 'invalid_plan', content: cases[0]![0] })).json();
    expect(bad.errors[0]).toMatchObject({ path: '/steps/0/ownerRole' });
    expect(bad.codes[0]).toBe('plan_unknown_role');
    expect(await env.count('contingency_plans')).toBe(before);

    const plan = await createPlan('validation_test');
    const r = await put(leader, `${P}/${plan.id}/versions/1`, { content: cases[0]![0] });
    expect(r.json().code).toBe('plan_unknown_role');
    expect((await leader.post(P, { key: 'validation_test', content: samplePlanContent() })).json().code).toBe('plan_key_taken');
  });
});

describe('compare', () => {
  it('lists what changed per section, by key, and the changed text fields', async () => {
    const plan = await createPlan('compare_test');
    await leader.post(`${P}/${plan.id}/versions/1/approve`);
    await leader.post(`${P}/${plan.id}/versions/1/publish`);
    await leader.post(`${P}/${plan.id}/versions`, {});
    const base = samplePlanContent();
    const v2 = samplePlanContent({
      general: { zh: '新的总则。', en: 'New general provisions.' },
      roles: [...base.roles, { key: 'pr_officer', name: { zh: '新闻发言人', en: 'PR officer' }, duties: { zh: '对外发布。', en: 'Speaks to the press.' }, fillFrom: ['pr_officer'], required: false }],
      steps: [{ ...base.steps[0]!, offsetMinutes: 5 }, base.steps[1]!],
    });
    expect((await put(leader, `${P}/${plan.id}/versions/2`, { content: v2 })).statusCode).toBe(200);
    const r = await leader.get(`${P}/${plan.id}/compare?from=1&to=2`);
    expect(r.statusCode, r.body).toBe(200);
    const diff = r.json();
    expect(diff.fields.map((f: { field: string }) => f.field)).toEqual(['general']);
    const section = (name: string) => diff.sections.find((s: { section: string }) => s.section === name);
    expect(section('roles').added.map((a: { key: string }) => a.key)).toEqual(['pr_officer']);
    expect(section('steps').removed.map((a: { key: string }) => a.key)).toEqual(['first_contact']);
    expect(section('steps').changed).toEqual([expect.objectContaining({ key: 'notify_leader', fields: ['offsetMinutes'] })]);
    expect(section('templates')).toBeUndefined();
    expect((await leader.get(`${P}/${plan.id}/compare?from=1&to=9`)).statusCode).toBe(404);
  });
});

describe('category mapping', () => {
  it('names a plan and a bilingual response strategy for a category; only managers set it', async () => {
    const plan = await createPlan('category_test');
    const made = await admin.post('/api/v1/categories', { code: 'canteen', nameZh: '食堂', nameEn: 'Canteen' });
    expect(made.statusCode, made.body).toBe(201);
    const cat = made.json() as { id: string };
    const url = `/api/v1/contingency/categories/${cat.id}`;
    expect((await leader.get(url)).json()).toMatchObject({ categoryId: cat.id, planId: null, responseStrategy: null });
    const strategy = { zh: '先安抚，后调查。', en: 'Reassure first, then investigate.' };
    expect((await put(handler, url, { planId: plan.id, responseStrategy: strategy })).statusCode).toBe(403);
    expect((await put(leader, url, { planId: 'nope', responseStrategy: null })).json().code).toBe('unknown_plan');
    const r = await put(leader, url, { planId: plan.id, responseStrategy: strategy });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ planId: plan.id, planKey: 'category_test', publishedVersion: null, responseStrategy: strategy });
    await leader.post(`${P}/${plan.id}/versions/1/approve`);
    await leader.post(`${P}/${plan.id}/versions/1/publish`);
    expect((await handler.get(url)).json().publishedVersion).toBe(1);
    expect((await leader.get('/api/v1/contingency/categories')).json().items).toContainEqual(expect.objectContaining({ categoryId: cat.id, planId: plan.id }));
    expect((await leader.get('/api/v1/contingency/categories/nope')).statusCode).toBe(404);
  });
});
