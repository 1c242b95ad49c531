import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
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

/**
 * Streams an upload to the data directory, hashing as it goes; the file is stored under its SHA-256
 * (content-addressed, so the same evidence uploaded twice is kept once).
 */
export async function storeUpload(dataDir: string, stream: Readable & { truncated?: boolean }): Promise<{ sha256: string; size: number; storagePath: string }> {
  const tmpDir = path.join(dataDir, 'attachments', 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, crypto.randomUUID());
  const hash = crypto.createHash('sha256');
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  try {
    await pipeline(stream, fs.createWriteStream(tmp, { mode: 0o600 }));
    if (stream.truncated) throw new AppError(413, 'attachment_too_large', `Attachments are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    if (size === 0) throw new AppError(400, 'attachment_empty', 'The file is empty');
    const sha256 = hash.digest('hex');
    const rel = path.join('attachments', sha256.slice(0, 2), sha256);
    fs.mkdirSync(path.dirname(path.join(dataDir, rel)), { recursive: true });
    fs.renameSync(tmp, path.join(dataDir, rel));
    return { sha256, size, storagePath: rel };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
