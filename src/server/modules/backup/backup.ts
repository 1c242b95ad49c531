import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import type { Config } from '../../config.js';
import { createDb, type Db } from '../../platform/db/index.js';
import { checkToolMatchesServer, pgDump } from './pg-tools.js';
import { BackupError, keyFingerprint, listAttachments, MANIFEST_NAME, readKey, sha256File, type BackupManifest } from './manifest.js';

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  /** Where the key is (never inside the archive): the operator backs it up separately. */
  keyLocation: string;
  bytes: number;
  ms: number;
}

export function defaultBackupName(now = new Date()): string {
  return `redress-backup-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar`;
}

function redressVersion(): string {
  for (const up of ['../../../../package.json', '../../../package.json']) {
    const f = new URL(up, import.meta.url);
    if (fs.existsSync(f)) return (JSON.parse(fs.readFileSync(f, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

async function dbFacts(db: Db): Promise<{ migrations: string[]; counts: BackupManifest['counts'] }> {
  const migrations = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
  const n = async (t: 'complaints' | 'users' | 'audit_log') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { migrations, counts: { complaints: await n('complaints'), users: await n('users'), auditEntries: await n('audit_log') } };
}

/**
 * One archive (plain tar): manifest.json, the database (an online SQLite backup, consistent while the
 * server runs, or pg_dump's custom format) and the attachment files. The key is named and
 * fingerprinted in the manifest, never copied: a stolen backup alone reveals no personal data.
 */
export async function createBackup(config: Config, out = defaultBackupName()): Promise<BackupResult> {
  const started = Date.now();
  const target = path.resolve(out);
  const key = readKey(config);
  if (fs.existsSync(target)) throw new BackupError(`${target} exists; choose another --out`);
  const keyFile = key.source === 'file' ? path.resolve(key.name) : undefined;
  if (keyFile && target === keyFile) throw new BackupError('The backup may not overwrite the key file');
  if (config.dialect === 'sqlite' && !fs.existsSync(config.databaseUrl)) throw new BackupError(`No database at ${config.databaseUrl}`);

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.redress-backup-'));
  const partial = `${target}.partial`;
  try {
    const dbFile = config.dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
    const dumpPath = path.join(staging, dbFile);
    let versions: { tool: string; server: string } | undefined;
    if (config.dialect === 'postgres') versions = await checkToolMatchesServer('pg_dump', config.databaseUrl);
    const handle = await createDb(config.databaseUrl, { poolSize: 2 });
    let facts: Awaited<ReturnType<typeof dbFacts>>;
    try {
      facts = await dbFacts(handle.db);
      if (handle.sqlite) await handle.sqlite.backup(dumpPath);
      else await pgDump(config.databaseUrl, dumpPath);
    } finally {
      await handle.close();
    }
    // After the dump: every attachment the dumped rows refer to is already on disk (files are written before their rows).
    const files = listAttachments(config.dataDir);
    const manifest: BackupManifest = {
      format: 'redress-backup',
      formatVersion: 1,
      redressVersion: redressVersion(),
      createdAt: new Date().toISOString(),
      database: {
        kind: config.dialect,
        file: dbFile,
        sha256: sha256File(dumpPath),
        migrations: facts.migrations,
        ...(versions ? { serverVersion: versions.server, pgDumpVersion: versions.tool } : {}),
      },
      counts: facts.counts,
      attachments: { count: files.length, files },
      key: { source: key.source, name: key.source === 'file' ? path.basename(key.name) : key.name, fingerprint: keyFingerprint(key.key) },
    };
    fs.writeFileSync(path.join(staging, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + '\n');
    await tar.create({ file: partial, cwd: staging, portable: true }, [MANIFEST_NAME, dbFile]);
    if (files.length) await tar.replace({ file: partial, cwd: config.dataDir, portable: true }, files.map((f) => f.path));
    fs.chmodSync(partial, 0o600); // personal data, like the database itself
    fs.renameSync(partial, target);
    return { file: target, manifest, keyLocation: key.source === 'file' ? key.name : 'the REDRESS_SECRET_KEY environment variable', bytes: fs.statSync(target).size, ms: Date.now() - started };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}
