import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pipeline as streamPipeline, Transform, type Readable } from 'node:stream';
import { AppError } from '../../platform/http/problem.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Types staff and complainants send as evidence; anything else (executables, HTML, SVG with script) is refused. */
export const ALLOWED_TYPES: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'application/pdf': ['.pdf'],
  'text/plain': ['.txt', '.log'],
  'text/csv': ['.csv'],
  'audio/mpeg': ['.mp3'],
  'audio/wav': ['.wav'],
  'audio/amr': ['.amr'],
  'video/mp4': ['.mp4'],
  'application/msword': ['.doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.ms-excel': ['.xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
};

export function checkType(filename: string, mime: string): void {
  const exts = ALLOWED_TYPES[mime];
  if (!exts) throw new AppError(415, 'attachment_type_not_allowed', `Files of type ${mime} are not accepted`);
  if (!exts.includes(path.extname(filename).toLowerCase())) throw new AppError(415, 'attachment_type_mismatch', `The file name ${filename} does not match its type ${mime}`);
}

/** Attachment keys, derived from the secret key like the field keys (FieldCrypto). */
export interface AttachmentKeys {
  /** AES-256-GCM content key. */
  content: Buffer;
  /** HMAC key for storage names: the plain SHA-256 of a file is not visible on disk. */
  name: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ENCRYPTED_SUFFIX = '.enc';

/** IV, then the AES-256-GCM ciphertext, then the 16-byte tag. */
function encryptor(key: Buffer): Transform {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!started) {
        started = true;
        this.push(iv);
      }
      cb(null, cipher.update(chunk));
    },
    flush(cb) {
      if (!started) this.push(iv);
      this.push(cipher.final());
      cb(null, cipher.getAuthTag());
    },
  });
}

/**
 * Streams an upload to the data directory, hashing and encrypting as it goes. The file is stored
 * under a keyed name of its SHA-256 (the same evidence uploaded twice is kept once), encrypted with
 * the attachment key; the plain SHA-256 goes to the database only.
 */
export async function storeUpload(dataDir: string, stream: Readable & { truncated?: boolean }, keys: AttachmentKeys): Promise<{ sha256: string; size: number; storagePath: string }> {
  const tmpDir = path.join(dataDir, 'attachments', 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const tmp = path.join(tmpDir, crypto.randomUUID());
  const hash = crypto.createHash('sha256');
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  try {
    await pipeline(stream, encryptor(keys.content), fs.createWriteStream(tmp, { mode: 0o600 }));
    if (stream.truncated) throw new AppError(413, 'attachment_too_large', `Attachments are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    if (size === 0) throw new AppError(400, 'attachment_empty', 'The file is empty');
    const sha256 = hash.digest('hex');
    const name = crypto.createHmac('sha256', keys.name).update(sha256).digest('hex');
    const rel = path.join('attachments', name.slice(0, 2), name + ENCRYPTED_SUFFIX);
    fs.mkdirSync(path.dirname(path.join(dataDir, rel)), { recursive: true, mode: 0o700 });
    fs.renameSync(tmp, path.join(dataDir, rel));
    return { sha256, size, storagePath: rel };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The stored file as plain bytes: decrypted, or as it is for attachments stored before encryption. */
export function openAttachment(dataDir: string, storagePath: string, keys: AttachmentKeys): Readable {
  const file = path.join(dataDir, storagePath);
  if (!storagePath.endsWith(ENCRYPTED_SUFFIX)) return fs.createReadStream(file);
  const fd = fs.openSync(file, 'r');
  try {
    const { size } = fs.fstatSync(fd);
    const iv = Buffer.alloc(IV_BYTES);
    const tag = Buffer.alloc(TAG_BYTES);
    fs.readSync(fd, iv, 0, IV_BYTES, 0);
    fs.readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
    const decipher = crypto.createDecipheriv('aes-256-gcm', keys.content, iv);
    decipher.setAuthTag(tag);
    // The tag is checked at the end: a changed file ends the response with an error.
    return streamPipeline(fs.createReadStream(file, { fd, start: IV_BYTES, end: size - TAG_BYTES - 1 }), decipher, () => undefined);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/**
 * Runs a step that reads the multipart body. A body the parser cannot read (no boundary, cut off,
 * bad part headers) is the client's error: 400, not 500. Errors of our own (AppError, disk errors
 * with an errno) pass through.
 */
export async function multipartStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    const e = err as Error & { statusCode?: number; errno?: number };
    if (err instanceof AppError || e.statusCode || e.errno !== undefined) throw err;
    throw new AppError(400, 'multipart_malformed', `The multipart body cannot be read: ${e.message}`);
  }
}
