import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeKey } from '../../config.js';

/** The master secret: REDRESS_SECRET_KEY, else a key file created once in the data directory (0600). */
export function loadMasterKey(secretKey: string | undefined, dataDir: string): Buffer {
  if (secretKey) {
    const k = decodeKey(secretKey);
    if (!k) throw new Error('REDRESS_SECRET_KEY must be 32 bytes (64 hex characters or base64)');
    return k;
  }
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const k = decodeKey(fs.readFileSync(file, 'utf8'));
  if (!k) throw new Error(`${file} does not hold a 32-byte key`);
  return k;
}

/** Separate subkeys per purpose, so a blind index never reveals anything about the cipher key. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `redress:${purpose}`, 32));
}
