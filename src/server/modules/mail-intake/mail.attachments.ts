import path from 'node:path';
import { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/problem.js';
import { ALLOWED_TYPES, checkType, MAX_ATTACHMENT_BYTES, storeUpload } from '../complaints/attachment.storage.js';
import * as complaintRepo from '../complaints/complaint.repo.js';
import type { Activity } from '../complaints/activity.js';
import type { MailAttachment } from './mail.parse.js';

/** Most attachments kept from one mail; the rest are dropped with a note. */
export const MAX_MAIL_ATTACHMENTS = 20;

export interface StoredAttachment {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storagePath: string;
}

export interface DroppedAttachment {
  filename: string;
  contentType: string;
  size: number;
  reason: string;
}

/** application/octet-stream (many mail clients) → the type the file name says, if it is one we accept. */
function typeOf(a: MailAttachment): string {
  if (a.contentType !== 'application/octet-stream') return a.contentType;
  const ext = path.extname(a.filename).toLowerCase();
  return Object.entries(ALLOWED_TYPES).find(([, exts]) => exts.includes(ext))?.[0] ?? a.contentType;
}

/**
 * Stores the mail's attachments with the complaint attachment storage (its type list and size limit,
 * encrypted, content-addressed: storing again after a failed delivery writes nothing new). What the
 * limits refuse is dropped, not the mail.
 */
export async function storeMailAttachments(ctx: AppContext, list: MailAttachment[]): Promise<{ stored: StoredAttachment[]; dropped: DroppedAttachment[] }> {
  const stored: StoredAttachment[] = [];
  const dropped: DroppedAttachment[] = [];
  for (const [i, a] of list.entries()) {
    const mime = typeOf(a);
    const drop = (reason: string) => dropped.push({ filename: a.filename.slice(0, 200), contentType: a.contentType, size: a.content.length, reason });
    if (i >= MAX_MAIL_ATTACHMENTS) {
      drop('too_many_attachments');
      continue;
    }
    if (a.content.length > MAX_ATTACHMENT_BYTES) {
      drop('attachment_too_large');
      continue;
    }
    if (a.content.length === 0) {
      drop('attachment_empty');
      continue;
    }
    try {
      checkType(a.filename, mime);
    } catch (e) {
      if (e instanceof AppError) {
        drop(e.code);
        continue;
      }
      throw e;
    }
    const file = await storeUpload(ctx.config.dataDir, Readable.from(a.content), ctx.fieldCrypto.attachmentKeys);
    stored.push({ id: uuidv7(), filename: a.filename.slice(0, 200), mime, ...file });
  }
  return { stored, dropped };
}

/** Attachment rows and their timeline entries (uploaded, dropped), in the caller's transaction. */
export async function recordMailAttachments(trx: Transaction<Database>, complaintId: string, actorId: string, r: { stored: StoredAttachment[]; dropped: DroppedAttachment[] }, now: number): Promise<Activity[]> {
  const activities: Activity[] = [];
  for (const a of r.stored) {
    await complaintRepo.insertAttachment(trx, { id: a.id, complaint_id: complaintId, filename: a.filename, mime: a.mime, size: a.size, sha256: a.sha256, storage_path: a.storagePath, uploaded_by: actorId, created_at: now });
    activities.push({ complaintId, actorId, kind: 'attachment', body: a.filename, data: { attachmentId: a.id, size: a.size, sha256: a.sha256, mime: a.mime, via: 'email' }, at: now });
  }
  for (const d of r.dropped) {
    activities.push({ complaintId, actorId, kind: 'attachment_dropped', visibility: 'internal', body: d.filename, data: { reason: d.reason, contentType: d.contentType, size: d.size, via: 'email' }, at: now });
  }
  return activities;
}
