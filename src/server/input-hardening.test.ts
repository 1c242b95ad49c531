import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from './test/harness.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('input hardening (probe findings: 500s and stored garbage)', () => {
  let env: TestEnv;
  let admin: TestClient;
  let agent: TestClient;
  let dept: string;
  let complaintId: string;

  beforeAll(async () => {
    env = await createTestEnv();
    dept = await env.department();
    [admin, agent] = await Promise.all([env.client(['admin']), env.client(['intake_agent'])]);
    complaintId = (await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept }))).json().id;
  });
  afterAll(() => env.close());

  const expect400 = (r: { statusCode: number; body: string }, what: string) => expect(r.statusCode, `${what}: ${r.body}`).toBe(400);

  it('empty id fields ("") are a 400 validation error, not a 500 from a foreign key', async () => {
    const cases: Array<[string, () => Promise<{ statusCode: number; body: string }>]> = [
      ['department parentId', () => admin.post('/api/v1/departments', { nameZh: '空', nameEn: 'Empty', parentId: '' })],
      ['user defaultDepartmentId', () => admin.post('/api/v1/users', { email: `e${Date.now()}@example.com`, name: 'E', password: 'long enough pw', roles: ['analyst'], defaultDepartmentId: '' })],
      ['user departmentIds', () => admin.post('/api/v1/users', { email: `f${Date.now()}@example.com`, name: 'F', password: 'long enough pw', roles: ['handler'], departmentIds: [''] })],
      ['complaint categoryId', () => agent.post('/api/v1/complaints', sampleComplaint({ categoryId: '' }))],
      ['complaint departmentId', () => agent.post('/api/v1/complaints', sampleComplaint({ departmentId: '' }))],
      ['patch categoryId', () => agent.patch(`/api/v1/complaints/${complaintId}`, { categoryId: '' })],
      ['assign ownerId', () => agent.post(`/api/v1/complaints/${complaintId}/actions`, { action: 'assign', departmentId: dept, ownerId: '' })],
      ['assign departmentId', () => agent.post(`/api/v1/complaints/${complaintId}/actions`, { action: 'assign', departmentId: '' })],
    ];
    for (const [what, run] of cases) {
      const r = await run();
      expect400(r, what);
      expect(JSON.parse(r.body).code, what).toBe('validation_failed');
    }
  });

  it('deeply nested or 3.9 MB preferences in PATCH /auth/me are a 400', async () => {
    const deep = `${'{"d":'.repeat(20_000)}true${'}'.repeat(20_000)}`;
    let r = await agent.request({ method: 'PATCH', url: '/api/v1/auth/me', payload: `{"preferences":{"x":${deep}}}`, headers: { 'content-type': 'application/json' } });
    expect400(r, 'deep');
    r = await agent.patch('/api/v1/auth/me', { preferences: { blob: 'x'.repeat(3.9 * 1024 * 1024) } });
    expect400(r, '3.9 MB');
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'.repeat(900)]));
    expect400(await agent.patch('/api/v1/auth/me', { preferences: many }), 'many keys');
    // Ordinary preferences still save.
    r = await agent.patch('/api/v1/auth/me', { preferences: { inboxColumns: ['level', 'status'], compact: true } });
    expect(r.statusCode, r.body).toBe(200);
  });

  it('a truncated multipart body and multipart without a boundary are a 400', async () => {
    const url = `/api/v1/complaints/${complaintId}/attachments`;
    const boundary = 'redressboundary1234';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
    let r = await agent.request({ method: 'POST', url, payload: Buffer.concat([Buffer.from(head), PNG.subarray(0, 20)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect400(r, 'truncated');
    r = await agent.request({ method: 'POST', url, payload: Buffer.concat([Buffer.from(head), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': 'multipart/form-data' } });
    expect400(r, 'no boundary');
    expect(await env.count('attachments')).toBe(0);
  });

  it('a lone surrogate ("\\ud800") is rejected with 400 rather than stored', async () => {
    const before = await env.count('complaints');
    const body = JSON.stringify(sampleComplaint()).replace('某高校', '某\\ud800高校');
    const r = await agent.request({ method: 'POST', url: '/api/v1/complaints', payload: body, headers: { 'content-type': 'application/json' } });
    expect400(r, 'lone surrogate');
    expect(r.json().code).toBe('invalid_unicode');
    expect(await env.count('complaints')).toBe(before);
    // A proper pair (an emoji written as escapes) is text and is kept.
    const ok = await agent.request({ method: 'POST', url: '/api/v1/complaints', payload: JSON.stringify(sampleComplaint()).replace('某高校', '某\\ud83d\\ude00高校'), headers: { 'content-type': 'application/json' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().complaint?.subject ?? ok.json().subject).toContain('😀');
  });

  it('a valid JSON body with a "__proto__" key is data: not malformed, and nothing is polluted', async () => {
    const r = await agent.request({ method: 'PATCH', url: '/api/v1/auth/me', payload: '{"preferences":{"__proto__":{"polluted":"yes"},"theme":"dark"}}', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode, r.body).not.toBe(500);
    expect(r.json().code).not.toBe('malformed_json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    // Where the schema does not name it, it is an unknown property like any other.
    const s = await agent.request({ method: 'POST', url: '/api/v1/complaints', payload: JSON.stringify(sampleComplaint()).replace('{', '{"__proto__":{"isAdmin":true},'), headers: { 'content-type': 'application/json' } });
    expect(s.statusCode, s.body).toBe(400);
    expect(s.json().code).toBe('validation_failed');
  });

  it('attachments are encrypted at rest; attachments stored before encryption stay readable', async () => {
    const secret = Buffer.from('身份证复印件：110101199001011234 — 只给办案人员看', 'utf8');
    const boundary = 'redressboundary5678';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="证件.txt"\r\nContent-Type: text/plain\r\n\r\n`),
      secret,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await agent.request({ method: 'POST', url: `/api/v1/complaints/${complaintId}/attachments`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(r.statusCode, r.body).toBe(201);
    const row = await env.ctx.db.selectFrom('attachments').selectAll().where('id', '=', r.json().id).executeTakeFirstOrThrow();
    const onDisk = fs.readFileSync(path.join(env.dataDir, row.storage_path));
    expect(onDisk.includes(secret)).toBe(false);
    expect(onDisk.includes(Buffer.from('110101199001011234'))).toBe(false);
    expect(row.storage_path).not.toContain(row.sha256); // the name does not reveal the content hash
    expect((await agent.get(`/api/v1/complaints/${complaintId}/attachments/${row.id}`)).rawPayload.equals(secret)).toBe(true);
    // An attachment written by an earlier version: plain file under its SHA-256.
    const legacy = Buffer.from('旧版本保存的明文附件', 'utf8');
    const sha = crypto.createHash('sha256').update(legacy).digest('hex');
    const rel = path.join('attachments', sha.slice(0, 2), sha);
    fs.mkdirSync(path.dirname(path.join(env.dataDir, rel)), { recursive: true });
    fs.writeFileSync(path.join(env.dataDir, rel), legacy);
    const id = crypto.randomUUID();
    await env.ctx.db.insertInto('attachments').values({ ...row, id, filename: 'old.txt', size: legacy.length, sha256: sha, storage_path: rel }).execute();
    expect((await agent.get(`/api/v1/complaints/${complaintId}/attachments/${id}`)).rawPayload.equals(legacy)).toBe(true);
  });
});
