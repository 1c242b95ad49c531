import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createTestEnv, testConfig, usingPostgres, type TestEnv } from '../../test/harness.js';
import { createContext } from '../../context.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { decodeKey } from '../../config.js';
import { appendAudit, hashRow, verifyAudit, KEYED_MARKER } from './audit.js';
import { appendCheckpointFile, CHECKPOINT_FILE, readCheckpoints, takeCheckpoint, verifyWithCheckpoints } from './checkpoint.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

describe('audit chain keyed with the secret key', () => {
  let env: TestEnv;
  let master: Buffer;
  beforeAll(async () => {
    env = await createTestEnv();
    master = decodeKey(env.config.secretKey!)!;
    for (let i = 0; i < 20; i++) await appendAudit(env.ctx.db, { actorId: null, action: 'test.keyed', entityType: 'test', entityId: String(i) });
  });
  afterAll(() => env.close());

  const rows = () => env.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

  it('audit chain rewritten and re-hashed with plain SHA-256 from a row on is detected', async () => {
    // Someone who can write the database rewrites row 10 and recomputes every later hash and the head.
    const all = await rows();
    const from = 10;
    const saved = all.filter((r) => r.seq >= from);
    let prev = all[from - 2].hash;
    for (const r of saved) {
      const forged = { ...r, prev_hash: prev, data: r.seq === from ? JSON.stringify({ rewritten: true }) : r.data };
      prev = hashRow(forged);
      await env.ctx.db.updateTable('audit_log').set({ data: forged.data, prev_hash: forged.prev_hash, hash: prev }).where('seq', '=', r.seq).execute();
    }
    await env.ctx.db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
    expect(await verifyAudit(env.ctx.db)).toMatchObject({ ok: false, broken: { seq: from, reason: expect.stringContaining('changed') } });
    for (const r of saved) await env.ctx.db.updateTable('audit_log').set({ data: r.data, prev_hash: r.prev_hash, hash: r.hash }).where('seq', '=', r.seq).execute();
    await env.ctx.db.updateTable('audit_head').set({ hash: saved.at(-1)!.hash }).where('id', '=', 1).execute();
    expect(await verifyAudit(env.ctx.db)).toMatchObject({ ok: true, keyedFrom: 1 });
  });

  it('audit checkpoint catches a cut tail with a rewound head, which the chain alone cannot see', async () => {
    const cp = await takeCheckpoint(env.ctx.db, master);
    expect((await verifyWithCheckpoints(env.ctx.db, master, [cp])).ok).toBe(true);
    const all = await rows();
    const tail = all.slice(-3);
    const newHead = all.at(-4)!;
    await env.ctx.db.deleteFrom('audit_log').where('seq', '>', newHead.seq).execute();
    await env.ctx.db.updateTable('audit_head').set({ seq: newHead.seq, hash: newHead.hash }).where('id', '=', 1).execute();
    expect((await verifyAudit(env.ctx.db)).ok).toBe(true);
    expect(await verifyWithCheckpoints(env.ctx.db, master, [cp])).toMatchObject({ ok: false, broken: { seq: cp.seq, reason: expect.stringContaining('deleted') } });
    // A checkpoint not signed with this key proves nothing.
    const forged = { ...cp, seq: newHead.seq, hash: newHead.hash };
    expect((await verifyWithCheckpoints(env.ctx.db, master, [forged])).broken?.reason).toMatch(/not signed/);
    await env.ctx.db.insertInto('audit_log').values(tail).execute();
    await env.ctx.db.updateTable('audit_head').set({ seq: cp.seq, hash: cp.hash }).where('id', '=', 1).execute();
    expect((await verifyWithCheckpoints(env.ctx.db, master, [cp])).ok).toBe(true);
  });

  it('audit checkpoints are written on the scheduler to a file in the data directory (0600)', async () => {
    const file = path.join(env.dataDir, CHECKPOINT_FILE);
    env.ctx.jobs.start();
    try {
      for (let i = 0; i < 400 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await env.ctx.jobs.stop();
    }
    const cps = readCheckpoints(file);
    expect(cps.length).toBeGreaterThanOrEqual(1);
    expect((await verifyWithCheckpoints(env.ctx.db, master, cps)).ok).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const job = await env.ctx.db.selectFrom('jobs').select(['status', 'run_at']).where('dedupe_key', '=', 'audit.checkpoint').executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it('audit verify under continuous appends: 0 false alarms in 1,000 runs', async () => {
    let stop = false;
    let appended = 0;
    // Four appenders, so on SQLite appends also land inside the walk (one would queue behind it).
    const appender = Promise.all(
      [0, 1, 2, 3].map(async () => {
        while (!stop) {
          await appendAudit(env.ctx.db, { actorId: null, action: 'test.append', entityType: 'test', entityId: String(appended) });
          appended++;
        }
      }),
    );
    const alarms: unknown[] = [];
    const started = Date.now();
    try {
      // At least 1,000 runs, and on until the appenders have written 100 rows meanwhile: on a busy
      // machine SQLite's 1,000 quick walks could finish before the appenders got that far.
      for (let run = 0; run < 1000 || (appended <= 100 && Date.now() - started < 60_000); run++) {
        const v = await verifyAudit(env.ctx.db);
        if (!v.ok) alarms.push(v.broken);
      }
    } finally {
      stop = true;
      await appender;
    }
    expect(appended, 'appends kept running while verifying').toBeGreaterThan(100);
    expect(alarms).toEqual([]);
    expect((await verifyAudit(env.ctx.db)).ok).toBe(true);
    // Bounded: the chain stays small enough that 1,000 verifications take seconds.
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 180_000);
});

describe('audit chain from a database written before keying', () => {
  it('audit legacy rows verify as an unkeyed prefix; keyed rows follow the marker', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-audit-legacy-'));
    const config = testConfig(dataDir);
    const schema = usingPostgres() ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
    const raw = await createDb(config.databaseUrl, { schema });
    await migrateToLatest(raw);
    // Three rows chained the old way (plain SHA-256), as an existing installation has them.
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= 3; seq++) {
      const row = { seq, at: Date.now(), actor_id: null, action: 'legacy.row', entity_type: 'test', entity_id: String(seq), data: '{}', prev_hash: prev };
      prev = hashRow(row);
      await raw.db.insertInto('audit_log').values({ ...row, hash: prev }).execute();
    }
    await raw.db.updateTable('audit_head').set({ seq: 3, hash: prev }).where('id', '=', 1).execute();
    await raw.close();

    const ctx = await createContext(config, { log: pino({ level: 'silent' }), schema });
    try {
      await appendAudit(ctx.db, { actorId: null, action: 'after.keying', entityType: 'test' });
      const marker = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', KEYED_MARKER.action).execute();
      expect(marker.map((m) => m.seq)).toEqual([4]);
      expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true, checked: 5, keyedFrom: 4 });
      // Restarting does not write a second marker.
      await ctx.close();
      const again = await createContext(config, { log: pino({ level: 'silent' }), schema });
      expect((await again.db.selectFrom('audit_log').select('seq').where('action', '=', KEYED_MARKER.action).execute()).length).toBe(1);
      // A keyed row re-hashed the legacy way is caught.
      const r5 = await again.db.selectFrom('audit_log').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
      await again.db.updateTable('audit_log').set({ hash: hashRow(r5) }).where('seq', '=', 5).execute();
      expect((await verifyAudit(again.db)).broken?.seq).toBe(5);
      await again.db.updateTable('audit_log').set({ hash: r5.hash }).where('seq', '=', 5).execute();
      expect((await verifyAudit(again.db)).ok).toBe(true);
      await again.close();
    } finally {
      if (schema) {
        const pg = await createDb(process.env.TEST_DATABASE_URL!);
        await pg.db.schema.dropSchema(schema).ifExists().cascade().execute();
        await pg.close();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('redress audit verify --checkpoint (the CLI)', () => {
  it('audit verify --checkpoint passes on an intact log and fails after the tail is cut and the head rewound', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-audit-cp-'));
    const secret = crypto.randomBytes(32).toString('hex');
    const cliEnv = { ...process.env, REDRESS_DATA_DIR: dir, DATABASE_URL: `sqlite:${path.join(dir, 'audit.sqlite')}`, REDRESS_SECRET_KEY: secret, LOG_LEVEL: 'silent' };
    const config = testConfig(dir, { databaseUrl: path.join(dir, 'audit.sqlite'), dialect: 'sqlite', secretKey: secret });
    const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    for (let i = 0; i < 5; i++) await appendAudit(ctx.db, { actorId: null, action: 'test.cli', entityType: 'test', entityId: String(i) });
    const exported = path.join(dir, 'exported.jsonl');
    appendCheckpointFile(dir, await takeCheckpoint(ctx.db, decodeKey(secret)!));
    fs.copyFileSync(path.join(dir, CHECKPOINT_FILE), exported);
    const run = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'audit', 'verify', '--checkpoint', exported], { cwd: ROOT, env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    try {
      const ok = await run();
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/intact: \d+ entries verified against 1 checkpoint/);
      const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(3).execute();
      await ctx.db.deleteFrom('audit_log').where('seq', '>', rows[2].seq).execute();
      await ctx.db.updateTable('audit_head').set({ seq: rows[2].seq, hash: rows[2].hash }).where('id', '=', 1).execute();
      await ctx.close();
      const bad = await run();
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/BROKEN at entry \d+: the log ends at row/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
