import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createContext, type AppContext } from '../../context.js';
import { buildApp } from '../../app.js';
import { bindAuditKey, verifyAudit } from '../../platform/audit/audit.js';
import { createDb } from '../../platform/db/index.js';
import { OrgService } from '../org/org.service.js';
import { sampleComplaint, TEST_PASSWORD, usingPostgres } from '../../test/harness.js';
import { backupCli, restoreCli } from './backup.cli.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The restore drill on the database the suite runs on: data with encrypted personal data, attachments
 * and audit entries → `redress backup` (the real CLI, while the server's connection is open) → wipe
 * (throwaway PostgreSQL database dropped and recreated; SQLite file and attachments deleted) →
 * `redress restore` → every complaint, its decrypted personal data, attachment and the audit chain as before.
 */
describe(`backup and restore drill (${usingPostgres() ? 'postgres' : 'sqlite'})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-backup-'));
  const archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'redress-archive-')), 'drill.tar');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const dbName = `redress_restore_${crypto.randomBytes(4).toString('hex')}`;
  const adminUrl = process.env.TEST_DATABASE_URL;
  const env: NodeJS.ProcessEnv = { ...process.env, REDRESS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDRESS_SECRET_KEY: '' };
  if (adminUrl) {
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  } else env.DATABASE_URL = '';
  const config = () => loadConfig(env);

  /** What a user would see again after the restore: per complaint, its decrypted complainant and attachment hashes. */
  type Snapshot = Record<string, { subject: string; name: string | null; phone: string | null; email: string | null; files: string[] }>;
  let before: Snapshot;
  let auditBefore: number;

  const admin = async (sqlText: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sqlText);
    } finally {
      await c.end();
    }
  };

  async function snapshot(ctx: AppContext): Promise<Snapshot> {
    const app = await buildApp(ctx, { logger: false, webDir: path.join(dataDir, 'no-web'), responseContract: false });
    await app.ready();
    try {
      const email = (await ctx.db.selectFrom('users').select('email').orderBy('email').executeTakeFirstOrThrow()).email;
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      const headers = { cookie: `redress_session=${login.cookies.find((c) => c.name === 'redress_session')!.value}`, 'x-csrf-token': login.json().csrfToken as string };
      const rows = await ctx.db
        .selectFrom('complaints')
        .innerJoin('complainants', 'complainants.id', 'complaints.complainant_id')
        .select(['complaints.id', 'complaints.subject', 'complainants.name_enc', 'complainants.phone_enc', 'complainants.email_enc'])
        .execute();
      const out: Snapshot = {};
      for (const r of rows) {
        const list = await app.inject({ method: 'GET', url: `/api/v1/complaints/${r.id}/attachments`, headers });
        const files: string[] = [];
        for (const a of list.json().items as { id: string }[]) {
          const dl = await app.inject({ method: 'GET', url: `/api/v1/complaints/${r.id}/attachments/${a.id}`, headers });
          expect(dl.statusCode).toBe(200);
          files.push(crypto.createHash('sha256').update(dl.rawPayload).digest('hex'));
        }
        out[r.id] = { subject: r.subject, name: ctx.fieldCrypto.decrypt(r.name_enc), phone: ctx.fieldCrypto.decrypt(r.phone_enc), email: ctx.fieldCrypto.decrypt(r.email_enc), files: files.sort() };
      }
      return out;
    } finally {
      await app.close();
    }
  }

  const quietContext = () => createContext(config(), { log: pino({ level: 'silent' }) });

  beforeAll(async () => {
    if (adminUrl) await admin(`CREATE DATABASE ${dbName}`);
    fs.writeFileSync(path.join(dataDir, 'secret.key'), keyHex + '\n', { mode: 0o600 });
    const ctx = await quietContext();
    const app = await buildApp(ctx, { logger: false, webDir: path.join(dataDir, 'no-web'), responseContract: false });
    await app.ready();
    try {
      await new OrgService(ctx).createUser(null, { email: 'admin@example.com', name: 'Admin', password: TEST_PASSWORD, roles: ['admin'] });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@example.com', password: TEST_PASSWORD } });
      const headers = { cookie: `redress_session=${login.cookies.find((c) => c.name === 'redress_session')!.value}`, 'x-csrf-token': login.json().csrfToken as string };
      const people = [
        { name: '张三', phone: '13812345678', email: 'zhang@example.com' },
        { name: '李四', phone: '13987654321', email: 'li@example.com' },
        { name: 'Mary Major', phone: '+1 555 0100', email: 'mary@example.org' },
      ];
      for (const [i, complainant] of people.entries()) {
        const c = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers, payload: sampleComplaint({ subject: `投诉 ${i}：食堂`, complainant }) });
        expect(c.statusCode, c.body).toBe(201);
        for (const content of [`小票 ${i}\n`, 'same evidence in every complaint\n']) {
          const boundary = `----b${crypto.randomBytes(6).toString('hex')}`;
          const payload = Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\n`),
            Buffer.from(content),
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]);
          const up = await app.inject({ method: 'POST', url: `/api/v1/complaints/${c.json().id}/attachments`, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
          expect(up.statusCode, up.body).toBe(201);
        }
      }
    } finally {
      await app.close();
    }
    before = await snapshot(ctx);
    bindAuditKey(ctx.db, Buffer.from(keyHex, 'hex'));
    auditBefore = (await verifyAudit(ctx.db)).checked;
    // The backup runs while this "server" still holds its database connection: SQLite's online backup, pg_dump.
    const r = await run(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'backup', '--out', archive], { cwd: ROOT, env });
    expect(r.stdout).toContain(`Backup written to ${archive}`);
    expect(r.stdout).toContain(`NOT in the archive. It is ${path.join(dataDir, 'secret.key')}`);
    await ctx.close();
  }, 60_000);

  afterAll(async () => {
    if (adminUrl) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(path.dirname(archive), { recursive: true, force: true });
  });

  it('writes one archive: manifest, database dump, attachments — and never the key', async () => {
    expect(Object.keys(before)).toHaveLength(3);
    expect(auditBefore).toBeGreaterThan(3);
    const entries: string[] = [];
    await tar.list({ file: archive, onReadEntry: (e) => entries.push(e.path) });
    expect(entries.slice(0, 2)).toEqual(['manifest.json', usingPostgres() ? 'database.pgdump' : 'database.sqlite']);
    // Six uploads, four distinct contents: content-addressed files.
    expect(entries.filter((e) => e.startsWith('attachments/'))).toHaveLength(4);
    expect(entries.some((e) => e.includes('secret.key'))).toBe(false);
    const bytes = fs.readFileSync(archive);
    expect(bytes.includes(Buffer.from(keyHex))).toBe(false);
    expect(bytes.includes(Buffer.from(keyHex, 'hex'))).toBe(false);
    expect(fs.statSync(archive).mode & 0o077).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-manifest-'));
    await tar.extract({ file: archive, cwd: dir }, ['manifest.json']);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    fs.rmSync(dir, { recursive: true });
    expect(m).toMatchObject({ format: 'redress-backup', database: { kind: usingPostgres() ? 'postgres' : 'sqlite' }, counts: { complaints: 3, users: 1 }, attachments: { count: 4 }, key: { source: 'file', name: 'secret.key' } });
    expect(m.database.migrations.length).toBeGreaterThan(20);
    expect(m.key.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(m)).not.toContain(keyHex);
  });

  it('refuses to restore into a database that holds data, unless --force', async () => {
    const errs: string[] = [];
    expect(await restoreCli([archive], { env, print: () => undefined, printErr: (l) => errs.push(l) })).toBe(1);
    expect(errs.join('\n')).toMatch(/not empty \(3 complaints, 1 users\).*--force/);
  });

  it.skipIf(usingPostgres())('refuses to replace the SQLite file while a server has it open, even with --force', async () => {
    const handle = await createDb(config().databaseUrl);
    try {
      const errs: string[] = [];
      expect(await restoreCli([archive, '--force'], { env, print: () => undefined, printErr: (l) => errs.push(l) })).toBe(1);
      expect(errs.join('\n')).toContain('in use by a running Redress server');
    } finally {
      await handle.close();
    }
  });

  it('detects the wrong key before touching anything', async () => {
    const errs: string[] = [];
    const wrong = { ...env, REDRESS_SECRET_KEY: crypto.randomBytes(32).toString('hex') };
    expect(await restoreCli([archive, '--force'], { env: wrong, print: () => undefined, printErr: (l) => errs.push(l) })).toBe(1);
    expect(errs.join('\n')).toMatch(/Wrong key.*would be unreadable/);
  });

  it('refuses a damaged archive before touching anything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-damaged-'));
    try {
      await tar.extract({ file: archive, cwd: dir });
      const victim = path.join(dir, 'attachments', fs.readdirSync(path.join(dir, 'attachments'))[0]!);
      const file = path.join(victim, fs.readdirSync(victim)[0]!);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 1] ^= 1;
      fs.writeFileSync(file, bytes);
      const damaged = path.join(dir, 'damaged.tar');
      await tar.create({ file: damaged, cwd: dir }, fs.readdirSync(dir).filter((e) => e !== 'damaged.tar'));
      const errs: string[] = [];
      expect(await restoreCli([damaged, '--force'], { env, print: () => undefined, printErr: (l) => errs.push(l) })).toBe(1);
      expect(errs.join('\n')).toMatch(/archive is damaged: attachments\/.* does not match its manifest hash/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(usingPostgres())('names a missing or mismatched pg_dump clearly', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-bin-'));
    const savedPath = process.env.PATH;
    try {
      const errs: string[] = [];
      process.env.PATH = bin;
      expect(await backupCli(['--out', path.join(bin, 'x.tar')], { env, print: () => undefined, printErr: (l) => errs.push(l) })).toBe(1);
      expect(errs.join('\n')).toContain('pg_dump is not installed');
      fs.writeFileSync(path.join(bin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n', { mode: 0o755 });
      process.env.PATH = `${bin}:${savedPath}`;
      expect(await backupCli(['--out', path.join(bin, 'x.tar')], { env, print: () => undefined, printErr: (l) => errs.push(l) })).toBe(1);
      expect(errs.join('\n')).toMatch(/pg_dump is version 9 but the server is PostgreSQL \d+/);
      expect(fs.existsSync(path.join(bin, 'x.tar'))).toBe(false);
    } finally {
      process.env.PATH = savedPath;
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('restores after a wipe: every complaint, its personal data, attachment and the audit chain as before', async () => {
    // Wipe: the database and the attachment files are gone; the key file (kept apart) is not.
    if (adminUrl) {
      await admin(`DROP DATABASE ${dbName} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${dbName}`);
    } else for (const f of ['redress.sqlite', 'redress.sqlite-wal', 'redress.sqlite-shm']) fs.rmSync(path.join(dataDir, f), { force: true });
    fs.rmSync(path.join(dataDir, 'attachments'), { recursive: true, force: true });

    const r = await run(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'restore', archive], { cwd: ROOT, env });
    expect(r.stdout).toContain('3 complaints, 1 users');
    expect(r.stdout).toContain('attachments: 4/4 files match the manifest; 6 attachment rows decrypt to their recorded hash');
    expect(r.stdout).toContain(`audit chain: intact, ${auditBefore} entries verified`);

    const ctx = await quietContext();
    try {
      expect(await snapshot(ctx)).toEqual(before);
      expect(before[Object.keys(before)[0]!]!.name).toBeTruthy();
      bindAuditKey(ctx.db, Buffer.from(keyHex, 'hex'));
      expect((await verifyAudit(ctx.db)).ok).toBe(true);
    } finally {
      await ctx.close();
    }
    const audit = await run(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'audit', 'verify'], { cwd: ROOT, env });
    expect(audit.stdout).toContain('Audit log intact');
  }, 60_000);

  it('with --force, restores over a populated target and verifies again', async () => {
    const out: string[] = [];
    expect(await restoreCli([archive, '--force'], { env, print: (l) => out.push(l), printErr: (l) => out.push(l) })).toBe(0);
    expect(out.join('\n')).toContain('3 complaints, 1 users');
  }, 30_000);
});
