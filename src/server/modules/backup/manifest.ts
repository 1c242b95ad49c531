import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeKey, type Config } from '../../config.js';
import { deriveKey } from '../../platform/crypto/keys.js';

/** What `redress backup` writes first into the archive (manifest.json). Never holds the key itself. */
export interface BackupManifest {
  format: 'redress-backup';
  formatVersion: 1;
  redressVersion: string;
  createdAt: string;
  database: {
    kind: 'sqlite' | 'postgres';
    /** The dump's name inside the archive. */
    file: string;
    sha256: string;
    /** Applied migrations (kysely_migration), in name order; the last one is the schema level. */
    migrations: string[];
    /** PostgreSQL: versions of the server dumped and of pg_dump. */
    serverVersion?: string;
    pgDumpVersion?: string;
  };
  counts: { complaints: number; users: number; auditEntries: number };
  attachments: { count: number; files: AttachmentFile[] };
  /** Where the key was and a fingerprint to recognise it by; the key is stored separately. */
  key: { source: 'file' | 'environment'; name: string; fingerprint: string };
}

export interface AttachmentFile {
  /** Relative to the data directory, e.g. attachments/ab/abcd….enc. */
  path: string;
  size: number;
  /** SHA-256 of the stored bytes (encrypted on disk). */
  sha256: string;
}

export const MANIFEST_NAME = 'manifest.json';

export interface KeyInfo {
  source: 'file' | 'environment';
  /** The key file's path, or the environment variable's name. */
  name: string;
  key: Buffer;
}

export class BackupError extends Error {}

/**
 * The configured master key, read without creating one (loadMasterKey would write a fresh key file
 * on a machine where the key has not been restored yet, and every encrypted field would be lost).
 */
export function readKey(config: Pick<Config, 'secretKey' | 'dataDir'>): KeyInfo {
  if (config.secretKey) {
    const key = decodeKey(config.secretKey);
    if (!key) throw new BackupError('REDRESS_SECRET_KEY must be 32 bytes (64 hex characters or base64)');
    return { source: 'environment', name: 'REDRESS_SECRET_KEY', key };
  }
  const file = path.join(config.dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    throw new BackupError(`No key: ${file} does not exist and REDRESS_SECRET_KEY is not set. Restore the key file (kept apart from backups) first.`);
  }
  const key = decodeKey(fs.readFileSync(file, 'utf8'));
  if (!key) throw new BackupError(`${file} does not hold a 32-byte key`);
  return { source: 'file', name: file, key };
}

/** A one-way fingerprint: recognises the key without revealing anything usable about it. */
export function keyFingerprint(key: Buffer): string {
  return deriveKey(key, 'backup-fingerprint').subarray(0, 16).toString('hex');
}

export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** Every stored attachment file under <dataDir>/attachments (uploads in progress, in tmp/, excluded). */
export function listAttachments(dataDir: string): AttachmentFile[] {
  const root = path.join(dataDir, 'attachments');
  const out: AttachmentFile[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (dir === root && e.name === 'tmp') continue;
        walk(abs);
      } else if (e.isFile()) {
        out.push({ path: path.relative(dataDir, abs).split(path.sep).join('/'), size: fs.statSync(abs).size, sha256: sha256File(abs) });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** A manifest path is only ever attachments/…, never absolute or climbing out of the data directory. */
export function safeAttachmentPath(p: string): boolean {
  return /^attachments\/[A-Za-z0-9._/-]+$/.test(p) && !p.split('/').includes('..');
}
