// Organisation administration over HTTP: what each answer carries (every response here is also checked
// against its route's declared schema by the harness's response contract).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_PASSWORD, type TestClient, type TestEnv } from '../../test/harness.js';

describe('organisation administration', () => {
  let env: TestEnv;
  let admin: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    admin = await env.client(['admin']);
  });
  afterAll(() => env.close());

  it('moves and renames a department, and the list shows it where it now is', async () => {
    const parent = (await admin.post('/api/v1/departments', { nameZh: '城管局', nameEn: 'Urban management' })).json();
    const created = await admin.post('/api/v1/departments', { nameZh: '执法一队', nameEn: 'Squad 1', parentId: parent.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(String), parentId: parent.id, nameZh: '执法一队', nameEn: 'Squad 1' });

    const moved = await admin.patch(`/api/v1/departments/${created.json().id}`, { nameEn: 'Enforcement squad 1', parentId: null });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ id: created.json().id, parentId: null, nameZh: '执法一队', nameEn: 'Enforcement squad 1' });
    const listed = (await admin.get('/api/v1/departments')).json().items.find((d: { id: string }) => d.id === created.json().id);
    expect(listed).toEqual(moved.json());
  });

  it('creates a category with its default department and retires it; the list keeps it as inactive', async () => {
    const dept = await env.department();
    const created = await admin.post('/api/v1/categories', { code: 'noise.night', nameZh: '夜间噪音', nameEn: 'Night noise', defaultDepartmentId: dept, keywords: ['噪音', '施工'] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'noise.night', parentId: null, defaultDepartmentId: dept, keywords: ['噪音', '施工'], active: true });

    const retired = await admin.patch(`/api/v1/categories/${created.json().id}`, { active: false, defaultDepartmentId: null });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ id: created.json().id, active: false, defaultDepartmentId: null });
    const listed = (await admin.get('/api/v1/categories')).json().items.find((c: { id: string }) => c.id === created.json().id);
    expect(listed).toEqual(retired.json());
  });

  it('shows a new user without any password material, and lists when the account was created', async () => {
    const dept = await env.department();
    const email = `clerk-${Date.now()}@example.com`;
    const created = await admin.post('/api/v1/users', { email, name: '王五', password: TEST_PASSWORD, roles: ['handler'], departmentIds: [dept], locale: 'en' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(String), email, name: '王五', roles: ['handler'], locale: 'en', active: true, preferences: {}, departmentIds: [dept] });
    expect(created.body).not.toContain('password');

    const listed = (await admin.get('/api/v1/users')).json().items.find((u: { id: string }) => u.id === created.json().id);
    expect(Date.parse(listed.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const changed = await admin.patch(`/api/v1/users/${created.json().id}`, { roles: ['handler', 'coordinator'], active: false });
    expect(changed.json()).toMatchObject({ roles: ['handler', 'coordinator'], active: false });
  });

  it('shows an API token’s value once: the list and the token’s own /auth/me never carry it', async () => {
    const user = await env.client(['analyst']);
    const created = await admin.post('/api/v1/tokens', { email: user.email, name: 'BI export', scopes: ['stats.read', 'self.read'] });
    expect(created.statusCode, created.body).toBe(201);
    const { token, id } = created.json();
    expect(created.json()).toEqual({ id: expect.any(String), name: 'BI export', token: expect.any(String), scopes: ['stats.read', 'self.read'], userId: user.userId });

    const list = await admin.get('/api/v1/tokens');
    expect(list.body).not.toContain(token);
    expect(list.json().items.find((t: { id: string }) => t.id === id)).toMatchObject({ user: { id: user.userId, email: user.email }, lastUsedAt: null, revokedAt: null });

    const me = await env.bearer(token).get('/api/v1/auth/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ via: 'token', csrfToken: null, user: { id: user.userId } });
    expect(me.body).not.toContain(token);

    expect((await admin.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(204);
    const revoked = (await admin.get('/api/v1/tokens')).json().items.find((t: { id: string }) => t.id === id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.lastUsedAt).not.toBeNull();
    expect((await env.bearer(token).get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('pages the audit log newest first with nextBefore, and the chain verifies', async () => {
    const first = (await admin.get('/api/v1/audit?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0].seq).toBeGreaterThan(first.items[1].seq);
    expect(first.nextBefore).toBe(first.items[1].seq);
    const second = (await admin.get(`/api/v1/audit?limit=2&before=${first.nextBefore}`)).json();
    expect(second.items[0].seq).toBeLessThan(first.nextBefore);

    const verified = (await admin.get('/api/v1/audit/verify')).json();
    expect(verified).toMatchObject({ ok: true, head: { seq: expect.any(Number) } });
    expect(verified.checked).toBe(verified.head.seq);
  });
});
