import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createTestEnv, sampleComplaint, TEST_PASSWORD, type TestClient, type TestEnv } from '../../test/harness.js';
import { loadConfig } from '../../config.js';
import { createContext } from '../../context.js';
import { OrgService } from '../../modules/org/org.service.js';
import { appendAudit, hashRow, verifyAudit } from './audit.js';
import { decodeKey } from '../../config.js';
import { deriveKey } from '../crypto/keys.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

describe('audit log', () => {
  let env: TestEnv;
  let admin: TestClient;
  let agent: TestClient;
  let auditor: TestClient;

  beforeAll(async () => {
    env = await createTestEnv();
    [admin, agent, auditor] = await Promise.all([env.client(['admin']), env.client(['intake_agent']), env.client(['auditor'])]);
  });
  afterAll(() => env.close());

  const maxSeq = async () => Number((await env.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m ?? 0);
  /** Rows appended after `seq` (a write may also trigger follow-up entries, e.g. automatic triage). */
  const since = (seq: number) => env.ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();

  it('every write and every sign-in appends a row naming the actor and the action', async () => {
    const steps: Array<[string, () => Promise<unknown>, string | null]> = [
      ['auth.login', () => env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: agent.email, password: TEST_PASSWORD } }), agent.userId],
      ['auth.login_failed', () => env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: agent.email, password: 'not the password' } }), null],
      ['complaint.created', () => agent.post('/api/v1/complaints', sampleComplaint()), agent.userId],
      ['department.create', () => admin.post('/api/v1/departments', { nameZh: '环保局', nameEn: 'Environment' }), admin.userId],
      ['user.create', () => admin.post('/api/v1/users', { email: `u${Date.now()}@example.com`, name: 'New', password: 'long enough pw', roles: ['analyst'] }), admin.userId],
      ['user.preferences', () => agent.patch('/api/v1/auth/me', { locale: 'en' }), agent.userId],
    ];
    for (const [action, run, actorId] of steps) {
      const before = await maxSeq();
      await run();
      const rows = await since(before);
      expect(rows[0], action).toMatchObject({ action, actor_id: actorId, seq: before + 1 });
    }
    const id = (await agent.get('/api/v1/complaints')).json().items[0].id;
    for (const [action, run] of [
      ['complaint.status_changed', () => agent.post(`/api/v1/complaints/${id}/actions`, { action: 'triage' })],
      ['complaint.note', () => agent.post(`/api/v1/complaints/${id}/notes`, { body: '备注' })],
      ['complaint.updated', () => agent.patch(`/api/v1/complaints/${id}`, { level: 3, reason: '重新定级' })],
    ] as const) {
      const before = await maxSeq();
      const r = await run();
      expect(r.statusCode, r.body).toBeLessThan(300);
      expect((await since(before))[0], action).toMatchObject({ action, actor_id: agent.userId, entity_type: 'complaint', entity_id: id });
    }
    // Reads write nothing.
    const before = await env.count('audit_log');
    await agent.get(`/api/v1/complaints/${id}`);
    await agent.get('/api/v1/complaints');
    expect(await env.count('audit_log')).toBe(before);
  });

  it('auditors read it through the API, filtered; others may not', async () => {
    const r = await auditor.get('/api/v1/audit?action=auth.login&limit=2');
    expect(r.statusCode).toBe(200);
    const { items, nextBefore } = r.json();
    expect(items).toHaveLength(2);
    expect(items.every((i: { action: string }) => i.action === 'auth.login')).toBe(true);
    expect(items[0].seq).toBeGreaterThan(items[1].seq);
    expect(nextBefore).toBe(items[1].seq);
    expect((await agent.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await auditor.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('concurrent appends — sign-ins, failed sign-ins and creates at once — keep one unbroken chain', async () => {
    const n = await env.count('audit_log');
    await Promise.all([
      ...Array.from({ length: 6 }, () => env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.com', password: 'wrong wrong' } })),
      ...Array.from({ length: 4 }, () => env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } })),
      ...Array.from({ length: 10 }, () => agent.post('/api/v1/complaints', sampleComplaint())),
      ...Array.from({ length: 10 }, (_, i) => appendAudit(env.ctx.db, { actorId: null, action: 'test.direct', entityType: 'test', entityId: String(i) })),
      // several entries in one append take consecutive places in the chain
      ...Array.from({ length: 5 }, (_, i) => appendAudit(env.ctx.db, [0, 1, 2].map((k) => ({ actorId: null, action: 'test.batch', entityType: 'test', entityId: `${i}.${k}` })))),
    ]);
    const total = await env.count('audit_log');
    expect(total).toBeGreaterThanOrEqual(n + 45);
    const batch = await env.ctx.db.selectFrom('audit_log').select(['seq', 'entity_id']).where('action', '=', 'test.batch').orderBy('seq').execute();
    for (let i = 0; i < 5; i++) {
      const mine = batch.filter((r) => r.entity_id!.startsWith(`${i}.`));
      expect(mine.map((r) => r.entity_id)).toEqual([`${i}.0`, `${i}.1`, `${i}.2`]);
      expect(Number(mine[2].seq) - Number(mine[0].seq)).toBe(2);
    }
    const v = await verifyAudit(env.ctx.db);
    expect(v.broken).toBeUndefined();
    expect(v).toMatchObject({ ok: true, checked: total });
  });

  describe('verifyAudit finds tampering', () => {
    // Each case breaks the chain, checks the verdict, and puts the row back.
    const rowAt = (seq: number) => env.ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

    it('a changed row is named', async () => {
      const seq = Math.floor((await env.count('audit_log')) / 2);
      const original = await rowAt(seq);
      await env.ctx.db.updateTable('audit_log').set({ data: JSON.stringify({ reason: 'nothing to see' }) }).where('seq', '=', seq).execute();
      expect(await verifyAudit(env.ctx.db)).toMatchObject({ ok: false, checked: seq - 1, broken: { seq, reason: expect.stringContaining('changed') } });
      // Also the actor, or the time.
      await env.ctx.db.updateTable('audit_log').set({ data: original.data, actor_id: admin.userId === original.actor_id ? agent.userId : admin.userId }).where('seq', '=', seq).execute();
      expect((await verifyAudit(env.ctx.db)).broken?.seq).toBe(seq);
      await env.ctx.db.updateTable('audit_log').set({ actor_id: original.actor_id, at: original.at + 1 }).where('seq', '=', seq).execute();
      expect((await verifyAudit(env.ctx.db)).broken?.seq).toBe(seq);
      // Put back as it was, the chain holds again.
      await env.ctx.db.updateTable('audit_log').set({ at: original.at }).where('seq', '=', seq).execute();
      expect((await verifyAudit(env.ctx.db)).ok).toBe(true);
    });

    it('a rewritten row with a recomputed hash breaks the link of the next row', async () => {
      // Even with the chain key (which only the secret key yields).
      const key = deriveKey(decodeKey(env.config.secretKey!)!, 'audit-chain');
      const seq = 3;
      const original = await rowAt(seq);
      const forged = { ...original, data: JSON.stringify({ forged: true }) };
      await env.ctx.db.updateTable('audit_log').set({ data: forged.data, hash: hashRow(forged, key) }).where('seq', '=', seq).execute();
      expect(await verifyAudit(env.ctx.db)).toMatchObject({ ok: false, broken: { seq: seq + 1 } });
      await env.ctx.db.updateTable('audit_log').set({ data: original.data, hash: original.hash }).where('seq', '=', seq).execute();
      expect((await verifyAudit(env.ctx.db)).ok).toBe(true);
    });

    it('a deleted row in the middle is named', async () => {
      const seq = 5;
      const original = await rowAt(seq);
      await env.ctx.db.deleteFrom('audit_log').where('seq', '=', seq).execute();
      expect(await verifyAudit(env.ctx.db)).toMatchObject({ ok: false, checked: seq - 1, broken: { seq, reason: expect.stringContaining('missing') } });
      await env.ctx.db.insertInto('audit_log').values(original).execute();
      expect((await verifyAudit(env.ctx.db)).ok).toBe(true);
    });

    it('deleted rows at the tail are found through the chain head', async () => {
      const total = await env.count('audit_log');
      const tail = await env.ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', total - 2).orderBy('seq').execute();
      expect(tail).toHaveLength(2);
      await env.ctx.db.deleteFrom('audit_log').where('seq', '>', total - 2).execute();
      const v = await verifyAudit(env.ctx.db);
      expect(v).toMatchObject({ ok: false, checked: total - 2, broken: { seq: total - 1, reason: expect.stringContaining('deleted') } });
      await env.ctx.db.insertInto('audit_log').values(tail).execute();
      expect((await verifyAudit(env.ctx.db)).ok).toBe(true);
    });

    it('works across batch boundaries', async () => {
      expect((await verifyAudit(env.ctx.db, 3)).ok).toBe(true);
      const seq = 7;
      const original = await rowAt(seq);
      await env.ctx.db.updateTable('audit_log').set({ entity_id: 'tampered' }).where('seq', '=', seq).execute();
      expect((await verifyAudit(env.ctx.db, 3)).broken?.seq).toBe(seq);
      await env.ctx.db.updateTable('audit_log').set({ entity_id: original.entity_id }).where('seq', '=', seq).execute();
    });
  });
});

describe('redress audit verify (the CLI)', () => {
  // The CLI against a real SQLite file, whichever database the other suites use.
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-audit-cli-'));
    const secret = crypto.randomBytes(32).toString('hex');
    env = { ...process.env, REDRESS_DATA_DIR: dir, DATABASE_URL: `sqlite:${path.join(dir, 'audit.sqlite')}`, REDRESS_SECRET_KEY: secret, LOG_LEVEL: 'silent' };
    const ctx = await createContext(loadConfig(env), { log: pino({ level: 'silent' }) });
    const org = new OrgService(ctx);
    const dept = await org.createDepartment(null, { nameZh: '部门', nameEn: 'Dept' });
    for (let i = 0; i < 4; i++) await org.createDepartment(null, { nameZh: `科室${i}`, nameEn: `Unit ${i}`, parentId: dept.id });
    await ctx.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = () =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'audit', 'verify'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('exits 0 on an intact log, and non-zero naming the row after one row is changed', async () => {
    const ok = await run();
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('6 entries verified'); // the keying marker and five departments

    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(dir, 'audit.sqlite'));
    db.prepare(`UPDATE audit_log SET data = '{"nameZh":"改"}' WHERE seq = 3`).run();
    db.close();

    const bad = await run();
    expect(bad.code).not.toBe(0);
    expect(bad.code).not.toBe(2); // 2 is a crash or usage error, not a verdict
    expect(bad.stderr).toMatch(/BROKEN at entry 3\b/);
    expect(bad.stderr).toMatch(/row 3 was changed/);
  }, 120_000); // two process starts: seconds each, more on a loaded CI runner
});
