import crypto from 'node:crypto';
import { deriveKey } from './keys.js';

/** AES-256-GCM field encryption and HMAC blind indexes for complainants' personal data. */
export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;
  /** Attachment files: content encryption and keyed storage names (attachment.storage.ts). */
  readonly attachmentKeys: { content: Buffer; name: Buffer };

  constructor(master: Buffer) {
    this.encKey = deriveKey(master, 'field-encryption');
    this.indexKey = deriveKey(master, 'blind-index');
    this.attachmentKeys = { content: deriveKey(master, 'attachment-encryption'), name: deriveKey(master, 'attachment-name') };
  }

  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return null;
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
  }

  decrypt(stored: string | null | undefined): string | null {
    if (!stored) return null;
    if (!stored.startsWith('v1:')) throw new Error('Unknown ciphertext version');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash of a normalised value: equal inputs find each other without decryption. */
  blindIndex(kind: 'phone' | 'email', value: string | null | undefined): string | null {
    const norm = kind === 'phone' ? normalizePhone(value) : normalizeEmail(value);
    if (!norm) return null;
    return crypto.createHmac('sha256', this.indexKey).update(`${kind}:${norm}`).digest('base64url');
  }
}

export function normalizePhone(v: string | null | undefined): string | null {
  if (!v) return null;
  let digits = v.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length >= 5 ? digits : null;
}

export function normalizeEmail(v: string | null | undefined): string | null {
  const e = v?.trim().toLowerCase();
  return e && e.includes('@') ? e : null;
}
