import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { forbidden, notFound } from '../../platform/http/problem.js';
import * as repo from './complaint.repo.js';
import { presentAttachment } from './complaint.presenter.js';
import { recordActivity } from './activity.js';
import { loadVisible } from './complaint.access.js';

export async function listAttachments(ctx: AppContext, actor: Actor, id: string) {
  await loadVisible(ctx, actor, id);
  return { items: (await repo.listAttachments(ctx.db, id)).map(presentAttachment) };
}

export async function loadForAttachment(ctx: AppContext, actor: Actor, id: string) {
  const c = await loadVisible(ctx, actor, id);
  if (!can(actor, 'complaint.attach')) throw forbidden('Your role may not add attachments');
  return c;
}

export async function recordAttachment(ctx: AppContext, actor: Actor, id: string, a: { id: string; filename: string; mime: string; size: number; sha256: string; storagePath: string }) {
  const now = Date.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertAttachment(trx, { id: a.id, complaint_id: id, filename: a.filename, mime: a.mime, size: a.size, sha256: a.sha256, storage_path: a.storagePath, uploaded_by: actor.id, created_at: now });
    await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'attachment', body: a.filename, data: { attachmentId: a.id, size: a.size, sha256: a.sha256, mime: a.mime }, at: now });
  });
  const row = await repo.getAttachment(ctx.db, id, a.id);
  return presentAttachment(row!);
}

export async function getAttachment(ctx: AppContext, actor: Actor, id: string, attachmentId: string) {
  await loadVisible(ctx, actor, id);
  const a = await repo.getAttachment(ctx.db, id, attachmentId);
  if (!a) throw notFound('Attachment');
  return a;
}
