// The authorization matrix: every API route declares who may call it (config.permission, or
// config.public), the authentication hook enforces that declaration, and every route × every role
// answers 403 exactly for the roles src/shared/permissions.ts leaves out. Complaint record routes
// also answer 404 for a department-bound role from another department. Real database (SQLite, or
// PostgreSQL with TEST_DATABASE_URL).
import crypto from 'node:crypto';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { ROLES, type Role } from '../../../shared/enums.js';
import { PERMISSIONS, rolesAllow, type Permission } from '../../../shared/permissions.js';
import { OrgService } from '../../modules/org/org.service.js';
import { installAuthentication, type ApiRoute } from './authenticate.js';
import { canteenPlan, publishPlan } from '../../modules/contingency/incident.testkit.js';

let env: TestEnv;
let routes: ApiRoute[];
/** One signed-in user per role in department A (`own`) and one in department B (`other`). */
const own = new Map<Role, TestClient>();
const other = new Map<Role, TestClient>();
let complaintId: string;
let departmentA: string;

const fill = (url: string, id: string) => url.replace(/:[A-Za-z]+/g, id);
const isRoleRefusal = (status: number, body: string, permission: Permission) => status === 403 && body.includes(`Your role may not ${permission}`);
// Routes whose success would end the test's sessions or hold the connection open: checked for refusals only.
const REFUSALS_ONLY = new Set(['POST /api/v1/auth/logout', 'GET /api/v1/events']);

beforeAll(async () => {
  env = await createTestEnv();
  routes = env.app.apiRoutes;
  const [a, b] = [await env.department('甲局', 'Bureau A'), await env.department('乙局', 'Bureau B')];
  departmentA = a;
  for (const role of ROLES) {
    own.set(role, await env.client([role], [a]));
    other.set(role, await env.client([role], [b]));
  }
  const admin = own.get('admin')!;
  const r = await admin.post('/api/v1/complaints', sampleComplaint({ departmentId: a }));
  expect(r.statusCode, r.body).toBe(201);
  complaintId = r.json().id;
  const assigned = await admin.post(`/api/v1/complaints/${complaintId}/actions`, { action: 'assign', departmentId: a });
  expect(assigned.statusCode, assigned.body).toBe(200);
});
afterAll(() => env?.close());

describe('route declarations', () => {
  it('every API route declares a known permission or says it is public', () => {
    expect(routes.length).toBeGreaterThan(70);
    for (const route of routes) {
      const label = `${route.method} ${route.url}`;
      expect(!!route.permission !== !!route.public, label).toBe(true);
      if (route.permission) expect(Object.keys(PERMISSIONS), label).toContain(route.permission);
    }
    // Besides signing in, only the public notice page (published statements of real incidents) and the
    // complainants' portal (authority from a bot check, a tracking number with its access code, or a survey token) are open.
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/v1/portal/categories',
      'GET /api/v1/portal/challenge',
      'GET /api/v1/portal/surveys/:token',
      'GET /api/v1/public/notices',
      'GET /api/v1/public/notices/:id',
      'POST /api/v1/auth/login',
      'POST /api/v1/messaging/receipts', // the SMS/WeChat gateway's delivery receipts: authority from its HMAC signature
      'POST /api/v1/opinion/mentions', // crawlers' and gateways' pushed mentions: authority from the source's HMAC signature
      'POST /api/v1/portal/attachments',
      'POST /api/v1/portal/complaints',
      'POST /api/v1/portal/surveys/:token',
      'POST /api/v1/portal/track',
      'POST /api/v1/portal/track/info',
      'POST /api/v1/portal/track/survey',
    ]);
  });

  it('an API route that declares nothing is refused when it is registered', async () => {
    const app = Fastify();
    await app.register(cookie);
    installAuthentication(app, env.ctx.db);
    expect(() => app.get('/api/v1/forgotten', async () => ({}))).toThrow(/declares neither/);
    app.get('/api/v1/declared', { config: { permission: 'audit.read' } }, async () => ({}));
    app.get('/elsewhere', async () => ({})); // not the API: the web app's files
    await app.ready();
    expect(app.apiRoutes.map((r) => r.url)).toEqual(['/api/v1/declared']);
    await app.close();
  });
});

describe('every route × every role', () => {
  it('answers 403 to the roles without the declared permission, before looking at the input, and never to those with it', async () => {
    const wrong: string[] = [];
    // Logout last: it ends the session it is called with.
    const ordered = [...routes.filter((r) => r.permission)].sort((x, y) => Number(x.url.endsWith('/logout')) - Number(y.url.endsWith('/logout')));
    for (const route of ordered) {
      const permission = route.permission!;
      const key = `${route.method} ${route.url}`;
      for (const role of ROLES) {
        const allowed = rolesAllow([role], permission);
        if (allowed && REFUSALS_ONLY.has(key)) continue;
        const res = await own.get(role)!.request({
          method: route.method as 'GET',
          url: fill(route.url, crypto.randomUUID()),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const refused = isRoleRefusal(res.statusCode, res.body, permission);
        if (refused === allowed) wrong.push(`${key} as ${role}: ${res.statusCode} ${allowed ? 'refused though the role may' : 'not refused though the role may not'} ${permission}`);
        if (!allowed && res.statusCode !== 403) wrong.push(`${key} as ${role}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('API token scopes', () => {
  it('an admin’s token scoped to complaint.read is refused on every route declaring another permission', async () => {
    const t = await new OrgService(env.ctx).createToken(null, own.get('admin')!.email, 'read only', ['complaint.read']);
    const token = env.bearer(t.token);
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.permission && !REFUSALS_ONLY.has(`${r.method} ${r.url}`))) {
      const res = await token.request({ method: route.method as 'GET', url: fill(route.url, crypto.randomUUID()), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
      const refused = isRoleRefusal(res.statusCode, res.body, route.permission!);
      if (refused !== (route.permission !== 'complaint.read')) wrong.push(`${route.method} ${route.url}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('complaint records: own department vs another', () => {
  it('roles bound to their departments read their own department’s complaint (2xx) and get 404 for another’s; roles that read all get 2xx', async () => {
    const records = routes.filter((r) => r.method === 'GET' && /^\/api\/v1\/complaints\/:id(\/[a-z]+)?$/.test(r.url));
    expect(records.length).toBeGreaterThanOrEqual(6);
    const wrong: string[] = [];
    for (const route of records) {
      for (const role of ROLES) {
        if (!rolesAllow([role], route.permission!)) continue;
        const readsAll = rolesAllow([role], 'complaint.read_all');
        const url = fill(route.url, complaintId);
        const mine = await own.get(role)!.get(url);
        const theirs = await other.get(role)!.get(url);
        if (mine.statusCode !== 200) wrong.push(`${route.url} as ${role} of the complaint's department: ${mine.statusCode}`);
        if (theirs.statusCode !== (readsAll ? 200 : 404)) wrong.push(`${route.url} as ${role} of another department: ${theirs.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a cluster of the department’s complaints: 200 for its own department-bound roles, 404 for another department’s; roles that read all get 200', async () => {
    const text = (i: number) => `清溪苑小区门口的垃圾站已经${['三', '四'][i]}天没人清运了，垃圾堆到路边，臭气熏天，请尽快处理`;
    const posted = [];
    for (const i of [0, 1]) {
      const r = await own.get('admin')!.post('/api/v1/complaints', sampleComplaint({ subject: '清溪苑垃圾', description: text(i), complainant: undefined, departmentId: departmentA }));
      expect(r.statusCode, r.body).toBe(201);
      posted.push(r.json());
    }
    const clusterId = posted[1].triage.cluster?.id as string;
    expect(clusterId).toBe(posted[0].id);
    const wrong: string[] = [];
    for (const role of ROLES) {
      if (!rolesAllow([role], 'complaint.read')) continue;
      const mine = await own.get(role)!.get(`/api/v1/clusters/${clusterId}`);
      const theirs = await other.get(role)!.get(`/api/v1/clusters/${clusterId}`);
      if (mine.statusCode !== 200) wrong.push(`as ${role} of the complaints' department: ${mine.statusCode}`);
      if (theirs.statusCode !== (rolesAllow([role], 'complaint.read_all') ? 200 : 404)) wrong.push(`as ${role} of another department: ${theirs.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every write on a complaint is 404 for a department-bound role of another department, and writes nothing', async () => {
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    // A valid body per write route, so the refusal comes from the record policy, not validation.
    const bodies: Record<string, unknown> = {
      'PATCH /api/v1/complaints/:id': { subject: '改动标题' },
      'POST /api/v1/complaints/:id/actions': { action: 'sign' },
      'POST /api/v1/complaints/:id/notes': { body: '已联系' },
      'POST /api/v1/complaints/:id/plans': { findings: '线路老化', measures: '更换线路' },
      'POST /api/v1/complaints/:id/plans/decision': { decision: 'approve' },
      'POST /api/v1/complaints/:id/complainant/reveal': { reason: '回访核实' },
      'POST /api/v1/complaints/:id/calls': { outcome: 'reached' },
      'POST /api/v1/complaints/:id/extensions': { reason: '需要检测', newDueAt: later },
      'POST /api/v1/complaints/:id/supervision': { dueAt: later, note: '督办' },
      'POST /api/v1/complaints/:id/triage': { categoryId: crypto.randomUUID(), level: 3 },
      'POST /api/v1/complaints/:id/triage/rerun': undefined,
      'POST /api/v1/complaints/:id/compensations': { kind: 'refund', amount: 10_000, reason: '餐费退还' },
      'POST /api/v1/complaints/:id/follow-up': { result: 'satisfied' },
    };
    const writes = routes.filter((r) => r.method !== 'GET' && /^\/api\/v1\/complaints\/:id\//.test(r.url + '/'));
    const uncovered = writes.map((r) => `${r.method} ${r.url}`).filter((k) => !(k in bodies) && !k.includes(':eid') && !k.endsWith('/attachments'));
    expect(uncovered, 'write routes without a body in this test').toEqual([]);
    const admin = own.get('admin')!;
    const timeline = async () => (await admin.get(`/api/v1/complaints/${complaintId}/timeline`)).json().items.length as number;
    const before = await timeline();
    const wrong: string[] = [];
    let tried = 0;
    for (const [key, body] of Object.entries(bodies)) {
      const [method, url] = key.split(' ');
      const permission = routes.find((r) => r.method === method && r.url === url)!.permission!;
      for (const role of ROLES) {
        if (rolesAllow([role], 'complaint.read_all') || !rolesAllow([role], permission)) continue;
        const res = await other.get(role)!.request({ method: method as 'POST', url: fill(url, complaintId), ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
        tried++;
        if (res.statusCode !== 404) wrong.push(`${key} as ${role} of another department: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(12); // handler and department head across the write routes
    expect(await timeline()).toBe(before);
  });

  it('a note on another department’s complaint is 404 for a handler, 201 on their own', async () => {
    expect((await other.get('handler')!.post(`/api/v1/complaints/${complaintId}/notes`, { body: '已联系', visibility: 'internal' })).statusCode).toBe(404);
    const mine = await own.get('handler')!.post(`/api/v1/complaints/${complaintId}/notes`, { body: '已联系', visibility: 'internal' });
    expect(mine.statusCode, mine.body).toBe(201);
  });
});

describe('extensions and attachments: own department vs another', () => {
  it('deciding an extension, uploading and downloading an attachment are 404 for a department-bound role of another department, and write nothing', async () => {
    const admin = own.get('admin')!;
    // A pending extension on the complaint (requested straight in the table: this suite runs no
    // deadline clocks, and the rule under test is who may see the record, not the SLA arithmetic).
    const ext = { id: crypto.randomUUID() };
    await env.ctx.db
      .insertInto('sla_extensions')
      .values({ id: ext.id, complaint_id: complaintId, requested_by: admin.userId, reason: '需要第三方检测', current_due_at: Date.now(), new_due_at: Date.now() + 3 * 86_400_000, status: 'pending', decided_by: null, decided_at: null, decision_comment: null, created_at: Date.now() })
      .execute();
    const boundary = 'matrix-boundary';
    const file = (name: string) => ({
      payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n现场照片说明\r\n--${boundary}--\r\n`),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const up = await admin.request({ method: 'POST', url: `/api/v1/complaints/${complaintId}/attachments`, ...file('a.txt') });
    expect(up.statusCode, up.body).toBe(201);
    const attachmentId = up.json().id as string;
    const count = async () => (await admin.get(`/api/v1/complaints/${complaintId}/attachments`)).json().items.length as number;
    const before = await count();
    const wrong: string[] = [];
    for (const role of ROLES) {
      if (rolesAllow([role], 'complaint.read_all')) continue;
      const them = other.get(role)!;
      if (rolesAllow([role], 'complaint.extension_decide')) {
        const r = await them.post(`/api/v1/complaints/${complaintId}/extensions/${ext.id}/decision`, { decision: 'approve' });
        if (r.statusCode !== 404) wrong.push(`extension decision as ${role} of another department: ${r.statusCode}`);
      }
      if (rolesAllow([role], 'complaint.attach')) {
        const r = await them.request({ method: 'POST', url: `/api/v1/complaints/${complaintId}/attachments`, ...file('b.txt') });
        if (r.statusCode !== 404) wrong.push(`upload as ${role} of another department: ${r.statusCode}`);
      }
      const down = await them.get(`/api/v1/complaints/${complaintId}/attachments/${attachmentId}`);
      if (down.statusCode !== 404) wrong.push(`download as ${role} of another department: ${down.statusCode}`);
      const mine = await own.get(role)!.get(`/api/v1/complaints/${complaintId}/attachments/${attachmentId}`);
      if (mine.statusCode !== 200) wrong.push(`download as ${role} of the complaint's department: ${mine.statusCode}`);
    }
    expect(wrong).toEqual([]);
    expect(await count()).toBe(before);
    const still = (await admin.get(`/api/v1/complaints/${complaintId}/extensions`)).json().items.find((e: { id: string }) => e.id === ext.id);
    expect(still.status).toBe('pending');
    // The same decision by the complaint's own department head is not hidden from them.
    const ownHead = await own.get('dept_head')!.post(`/api/v1/complaints/${complaintId}/extensions/${ext.id}/decision`, { decision: 'reject', comment: '不同意' });
    expect(ownHead.statusCode, ownHead.body).not.toBe(404);
  });
});

describe('incident records: own department vs another', () => {
  it('every incident read route: 404 for a department-bound role of another department (unless on the team), never 404 for its own department', async () => {
    const category = await own.get('admin')!.post('/api/v1/categories', { code: 'canteen-matrix', nameZh: '食堂', nameEn: 'Canteen' });
    expect(category.statusCode, category.body).toBe(201);
    const { planId } = await publishPlan(env, 'matrix-canteen', own.get('admin')!.userId, canteenPlan(category.json().id));
    const made = await own.get('leader')!.post('/api/v1/incidents', { planId, departmentId: departmentA, level: 3, title: '矩阵测试事件' });
    expect(made.statusCode, made.body).toBe(201);
    const incident = made.json() as { id: string; roles: { userId: string | null }[] };
    const team = new Set(incident.roles.map((r) => r.userId).filter(Boolean));
    const reads = routes.filter((r) => r.method === 'GET' && /^\/api\/v1\/incidents\/:id(\/|$)/.test(r.url) && !r.url.includes(':statementId'));
    expect(reads.length).toBeGreaterThanOrEqual(4);
    const wrong: string[] = [];
    for (const route of reads) {
      for (const role of ROLES) {
        if (!rolesAllow([role], route.permission!)) continue;
        const url = fill(route.url, incident.id);
        const mine = await own.get(role)!.get(url);
        if (mine.statusCode === 404) wrong.push(`${route.url} as ${role} of the incident's department: 404`);
        const them = other.get(role)!;
        const expected = rolesAllow([role], 'complaint.read_all') || team.has(them.userId) ? 'seen' : 404;
        const theirs = await them.get(url);
        if ((expected === 404) !== (theirs.statusCode === 404)) wrong.push(`${route.url} as ${role} of another department: ${theirs.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
