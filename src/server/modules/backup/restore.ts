import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import type { Config } from '../../config.js';
import { openAttachment } from '../complaints/attachment.storage.js';
import { bindAuditKey, verifyAudit } from '../../platform/audit/audit.js';
import { FieldCrypto } from '../../platform/crypto/fields.js';
import { createDb } from '../../platform/db/index.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { BackupError, keyFingerprint, MANIFEST_NAME, readKey, safeAttachmentPath, sha256File, type BackupManifest } from './manifest.js';
import { checkToolMatchesServer, pgRestore } from './pg-tools.js';
import { isEmpty, sqliteInUse, targetState } from './target.js';

export interface RestoreSummary {
  ok: boolean;
  manifest: BackupManifest;
  /** Migrations applied after the restore (a backup from an older version is brought up to date). */
  migrated: string[];
  complaints: number;
  users: number;
  attachments: { restored: number; verified: number; rowsChecked: number };
  personalDataChecked: number;
  audit: { ok: boolean; checked: number; broken?: string };
  problems: string[];
  ms: number;
}

function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, MANIFEST_NAME);
  if (!fs.existsSync(file)) throw new BackupError('Not a Redress backup: the archive has no manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (m.format !== 'redress-backup' || m.formatVersion !== 1) throw new BackupError(`Unsupported backup format ${m.format} ${m.formatVersion}`);
  for (const f of m.attachments.files) if (!safeAttachmentPath(f.path)) throw new BackupError(`The manifest names an unsafe path: ${f.path}`);
  return m;
}

async function plainSha256(dataDir: string, storagePath: string, keys: FieldCrypto['attachmentKeys']): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(openAttachment(dataDir, storagePath, keys), hash);
  return hash.digest('hex');
}

/** Places a file by copy + rename: a reader never sees half a file. */
function placeFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  const tmp = `${to}.restoring`;
  fs.copyFileSync(from, tmp);
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, to);
}

/**
 * Restores an archive written by createBackup into the configured database and data directory, then
 * checks what an operator relies on: attachment files as in the manifest (and each row's file decrypts
 * to its recorded hash), personal data decrypts with the configured key, the audit chain verifies.
 * Refuses before touching anything when the key is not the backup's, the archive is damaged, a server
 * has the SQLite file open, or the target holds data (unless force).
 */
export async function restoreBackup(config: Config, file: string, opts: { force?: boolean } = {}): Promise<RestoreSummary> {
  const started = Date.now();
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = fs.mkdtempSync(path.join(config.dataDir, '.restore-'));
  try {
    try {
      await tar.extract({ file, cwd: staging, strict: true });
    } catch (e) {
      throw new BackupError(`Cannot read ${file} as a backup archive: ${(e as Error).message}`);
    }
    const manifest = readManifest(staging);
    if (manifest.database.kind !== config.dialect) {
      throw new BackupError(`This backup holds a ${manifest.database.kind} database but DATABASE_URL selects ${config.dialect}`);
    }

    // The key first: with the wrong one every encrypted field and attachment would be unreadable.
    const key = readKey(config);
    const fingerprint = keyFingerprint(key.key);
    if (fingerprint !== manifest.key.fingerprint) {
      throw new BackupError(
        `Wrong key: the configured key (${key.name}, fingerprint ${fingerprint}) is not the one this backup was made with ` +
          `(${manifest.key.name}, fingerprint ${manifest.key.fingerprint}). Encrypted personal data and attachments would be unreadable; ` +
          'restore the matching key file (kept apart from backups) or set REDRESS_SECRET_KEY, then run restore again.',
      );
    }

    // The archive is whole: the dump and every attachment as the manifest recorded them.
    const dump = path.join(staging, manifest.database.file);
    if (!fs.existsSync(dump) || sha256File(dump) !== manifest.database.sha256) throw new BackupError('The archive is damaged: the database dump does not match its manifest hash');
    for (const f of manifest.attachments.files) {
      const p = path.join(staging, f.path);
      if (!fs.existsSync(p) || sha256File(p) !== f.sha256) throw new BackupError(`The archive is damaged: ${f.path} does not match its manifest hash`);
    }

    if (config.dialect === 'sqlite' && sqliteInUse(config.databaseUrl)) {
      throw new BackupError(`${config.databaseUrl} is in use by a running Redress server; stop it before restoring`);
    }
    const before = await targetState(config);
    if (!isEmpty(before) && !opts.force) {
      throw new BackupError(`The target database is not empty (${before.complaints} complaints, ${before.users} users); restore refuses to overwrite it without --force`);
    }

    if (config.dialect === 'sqlite') {
      const db = config.databaseUrl;
      fs.mkdirSync(path.dirname(db), { recursive: true, mode: 0o700 });
      const tmp = `${db}.restoring`;
      try {
        fs.copyFileSync(dump, tmp);
        fs.chmodSync(tmp, 0o600);
        // The old file's WAL would be replayed onto the new file: it goes first (no process has it open).
        for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
        fs.renameSync(tmp, db);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    } else {
      await checkToolMatchesServer('pg_restore', config.databaseUrl);
      await pgRestore(config.databaseUrl, dump);
    }
    for (const f of manifest.attachments.files) placeFile(path.join(staging, f.path), path.join(config.dataDir, f.path));

    return { ...(await verifyRestored(config, manifest, key.key)), ms: Date.now() - started };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function verifyRestored(config: Config, manifest: BackupManifest, key: Buffer): Promise<Omit<RestoreSummary, 'ms'>> {
  const problems: string[] = [];
  let verified = 0;
  for (const f of manifest.attachments.files) {
    const p = path.join(config.dataDir, f.path);
    if (fs.existsSync(p) && sha256File(p) === f.sha256) verified++;
    else problems.push(`attachment file ${f.path} does not match the manifest`);
  }
  const handle = await createDb(config.databaseUrl, { poolSize: 2 });
  try {
    const migrated = await migrateToLatest(handle);
    const db = handle.db;
    const crypto = new FieldCrypto(key);
    let rowsChecked = 0;
    for (const a of await db.selectFrom('attachments').select(['id', 'storage_path', 'sha256']).execute()) {
      rowsChecked++;
      try {
        if ((await plainSha256(config.dataDir, a.storage_path, crypto.attachmentKeys)) !== a.sha256) problems.push(`attachment ${a.id}: content does not match its recorded hash`);
      } catch (e) {
        problems.push(`attachment ${a.id}: ${(e as Error).message}`);
      }
    }
    let personalDataChecked = 0;
    const sample = await db.selectFrom('complainants').select(['id', 'name_enc', 'phone_enc']).orderBy('id').limit(1000).execute();
    for (const c of sample) {
      try {
        crypto.decrypt(c.name_enc);
        crypto.decrypt(c.phone_enc);
        personalDataChecked++;
      } catch {
        problems.push(`complainant ${c.id}: personal data does not decrypt with the configured key`);
      }
    }
    bindAuditKey(db, key);
    const audit = await verifyAudit(db);
    if (!audit.ok) problems.push(`audit chain broken at entry ${audit.broken!.seq}: ${audit.broken!.reason}`);
    const count = async (t: 'complaints' | 'users') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const complaints = await count('complaints');
    const users = await count('users');
    if (complaints !== manifest.counts.complaints) problems.push(`${complaints} complaints restored, the backup recorded ${manifest.counts.complaints}`);
    return {
      ok: problems.length === 0,
      manifest,
      migrated,
      complaints,
      users,
      attachments: { restored: manifest.attachments.count, verified, rowsChecked },
      personalDataChecked,
      audit: { ok: audit.ok, checked: audit.checked, broken: audit.broken ? `${audit.broken.seq}: ${audit.broken.reason}` : undefined },
      problems,
    };
  } finally {
    await handle.close();
  }
}
