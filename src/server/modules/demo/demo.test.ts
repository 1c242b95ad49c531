import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { loadDemo } from './demo.js';
import { measureSuggestions } from './suggestions.js';

// A small Chinese demo on a fresh database (SQLite, or PostgreSQL with TEST_DATABASE_URL): it
// completes, a second run changes nothing, and the desk shows every state a supervisor expects.
describe('redress demo', () => {
  let env: TestEnv;
  const out: string[] = [];
  let code: number;

  beforeAll(async () => {
    env = await createTestEnv();
    code = await loadDemo(env.ctx, (s) => out.push(s), { locale: 'zh', size: 26 });
  }, 180_000);
  afterAll(() => env?.close());

  it('loads on a fresh database and says so', () => {
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/Complaints: 26/);
    expect(out.join('\n')).toMatch(/coordinator@demo\.redress/);
  });

  it('a second run says it is already loaded and changes nothing', async () => {
    const before = await env.count('complaints');
    const again: string[] = [];
    expect(await loadDemo(env.ctx, (s) => again.push(s), { locale: 'zh', size: 26 })).toBe(0);
    expect(again.join('\n')).toMatch(/already loaded/);
    expect(await env.count('complaints')).toBe(before);
  });

  it('shows every state: fresh, overdue, extended, supervised, mass cluster, plan awaiting approval, closed after follow-up, answered on the call', async () => {
    const db = env.ctx.db;
    const statuses = new Set((await db.selectFrom('complaints').select('status').execute()).map((r) => r.status));
    expect(statuses).toContain('received');
    expect(statuses).toContain('in_progress');
    expect(statuses).toContain('closed');
    const now = Date.now();
    const overdue = await db.selectFrom('sla_clocks').select('complaint_id').where('kind', '=', 'resolution').where('state', '=', 'running').where('due_at', '<=', now).execute();
    expect(overdue.length).toBeGreaterThan(0);
    expect(await db.selectFrom('sla_extensions').select('id').where('status', '=', 'approved').execute()).not.toHaveLength(0);
    expect(await db.selectFrom('sla_supervisions').select('id').execute()).not.toHaveLength(0);
    expect(await db.selectFrom('clusters').select('id').where('mass', '=', 1).execute()).not.toHaveLength(0);
    expect(await db.selectFrom('handling_plans').select('id').where('status', '=', 'submitted').execute()).not.toHaveLength(0);
    const followedUp = await db.selectFrom('timeline').select('complaint_id').where('kind', '=', 'status_changed').where('data', 'like', '%"action":"follow_up"%').execute();
    const closed = new Set((await db.selectFrom('complaints').select('id').where('status', '=', 'closed').execute()).map((r) => r.id));
    expect(followedUp.some((f) => closed.has(f.complaint_id))).toBe(true);
    // Consultations are closed on the spot (即时办结), not recorded as 不予受理.
    expect(await db.selectFrom('timeline').select('id').where('kind', '=', 'status_changed').where('data', 'like', '%"action":"resolve_on_call"%').execute()).not.toHaveLength(0);
    const rejections = await db.selectFrom('timeline').select('body').where('kind', '=', 'status_changed').where('data', 'like', '%"action":"reject"%').execute();
    expect(rejections.filter((r) => /咨询/.test(r.body ?? ''))).toHaveLength(0);
  });

  it('the mass cluster opened an incident by itself, with its roles filled from the on-call rotas, and the leader drove it', async () => {
    const db = env.ctx.db;
    expect(await db.selectFrom('contingency_category_plans').select('category_id').execute()).not.toHaveLength(0);
    const incidents = await db.selectFrom('incidents').selectAll().where('trigger_kind', '=', 'mass_cluster').execute();
    expect(incidents.length).toBeGreaterThan(0);
    const inc = incidents[0];
    expect(inc.trigger_key).toMatch(/^cluster:/);
    expect(inc.status).toBe('active');
    // Plans start on clusters and the fast path of their own categories, not on each complaint: a
    // few incidents at most, never one per mapped complaint.
    const kinds = (await db.selectFrom('incidents').select('trigger_kind').execute()).map((r) => r.trigger_kind);
    expect(kinds.filter((k) => k !== 'mass_cluster' && k !== 'fast_path'), kinds.join()).toEqual([]);
    expect(kinds.length).toBeLessThanOrEqual(3);
    const roles = await db.selectFrom('incident_roles').select(['role_key', 'user_id', 'source']).where('incident_id', '=', inc.id).execute();
    expect(roles.find((r) => r.role_key === 'incident_commander')?.user_id).toBeTruthy();
    expect(roles.filter((r) => r.source === 'oncall').length).toBeGreaterThan(0);
    expect(await db.selectFrom('incident_complaints').select('complaint_id').where('incident_id', '=', inc.id).execute()).not.toHaveLength(0);
    expect(await db.selectFrom('incident_tasks').select('id').where('incident_id', '=', inc.id).where('status', '=', 'done').execute()).not.toHaveLength(0);
    expect(await db.selectFrom('incident_sitreps').select('id').where('incident_id', '=', inc.id).execute()).toHaveLength(1);
    // A leader opening the workspace sees it.
    const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'leader@demo.redress', password: 'redress-demo-2025' } });
    const cookie = login.cookies.find((c) => c.name === 'redress_session')!;
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: { cookie: `redress_session=${cookie.value}` } });
    expect(r.statusCode).toBe(200);
    expect(r.json().items.map((i: { id: string }) => i.id)).toContain(inc.id);
  });

  it("the leader's dashboard counts every loaded complaint", async () => {
    const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'leader@demo.redress', password: 'redress-demo-2025' } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'redress_session')!;
    const from = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const r = await env.app.inject({ method: 'GET', url: `/api/v1/stats/overview?from=${from}&to=${to}`, headers: { cookie: `redress_session=${cookie.value}` } });
    expect(r.statusCode).toBe(200);
    expect(r.json().total).toBe(26);
    expect(r.json().closed).toBeGreaterThan(0);
  });

  it('publishes the top-level categories as Open311 services, but none of its complaints (taken by phone, not through Open311)', async () => {
    const services = (await env.app.inject({ method: 'GET', url: '/open311/v2/services.json' })).json() as { service_code: string }[];
    expect(services.length).toBeGreaterThan(5);
    const from = encodeURIComponent(new Date(Date.now() - 200 * 86_400_000).toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
    const requests = await env.app.inject({ method: 'GET', url: `/open311/v2/requests.json?start_date=${from}&end_date=${to}` });
    expect(requests.statusCode).toBe(200);
    expect(requests.json()).toEqual([]);
  });

  it("the coordinator's inbox holds only Chinese hotline messages, with suggestions from a trained model", async () => {
    const m = await measureSuggestions(env.ctx, 'coordinator', 'zh');
    expect(m.total).toBe(26);
    expect(m.foreign).toBe(0);
    expect(m.byModel).toBeGreaterThan(0);
  });
});
