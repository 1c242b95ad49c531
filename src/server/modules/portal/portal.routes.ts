import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { MultipartValue } from '@fastify/multipart';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import { AppError, badRequest, conflict } from '../../platform/http/problem.js';
import { checkType, MAX_ATTACHMENT_BYTES, multipartStep, storeUpload } from '../complaints/attachment.storage.js';
import * as complaints from '../complaints/complaint.repo.js';
import { recordActivity } from '../complaints/activity.js';
import { PortalService } from './portal.service.js';
import { portalActor } from './portal.actor.js';
import * as repo from './portal.repo.js';
import {
  CategoryListOut, ChallengeOut, InfoBody, PortalAttachmentOut, SubmitBody, SubmittedOut, SurveyAnsweredOut, SurveyBody, SurveyByCodeBody, SurveyTokenParams, SurveyViewOut, TrackBody, TrackOut,
} from './portal.schema.js';

const tags = ['portal'];
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });
/** Attachments one complaint may receive from the portal. */
export const MAX_PORTAL_ATTACHMENTS = 10;

/**
 * The public portal (no sign-in): every route is `config.public`, so the authenticate hook never
 * reads a session cookie or asks for a CSRF token here — authority comes only from a solved bot
 * check (submit), a tracking number with its access code, or a survey link's token.
 */
export async function portalRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const portal = new PortalService(ctx);
  const pub = (errors: number[] = []) => ({ public: true, errors });

  r.get('/portal/categories', { config: pub(), schema: { tags, summary: 'Categories a complaint can be filed under on the portal', response: { 200: CategoryListOut } } }, async () => ({
    items: (await repo.publicCategories(ctx.db)).map((c) => ({ id: c.id, parentId: c.parent_id, code: c.code, nameZh: c.name_zh, nameEn: c.name_en })),
  }));

  r.get('/portal/challenge', { config: pub([429]), schema: { tags, summary: 'A proof-of-work bot check to solve before submitting (ALTCHA format)', response: { 200: ChallengeOut } } }, async (req) => portal.challenge(req.ip));

  r.post('/portal/complaints', { config: pub([409, 422, 429]), schema: { tags, summary: 'Submit a complaint (needs a solved bot check and consent); answers the tracking number and access code', body: SubmitBody, headers: IdempotencyHeaders, response: { 201: SubmittedOut } } }, async (req, reply) => {
    const { replayed, ...out } = await portal.submit(req.ip, req.body, req.headers['idempotency-key']);
    if (replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(201).send(out);
  });

  r.post('/portal/track', { config: pub([429]), schema: { tags, summary: 'Status, public replies and timeline of a complaint, by tracking number and access code', body: TrackBody, response: { 200: TrackOut } } }, async (req) => portal.track(req.ip, req.body));

  r.post('/portal/track/info', { config: pub([409, 429]), schema: { tags, summary: 'Add information to a complaint, by tracking number and access code', body: InfoBody, response: { 201: TrackOut } } }, async (req, reply) =>
    reply.status(201).send(await portal.addInfo(req.ip, req.body)),
  );

  r.post('/portal/track/survey', { config: pub([409, 429]), schema: { tags, summary: 'Answer the follow-up survey (回访), by tracking number and access code', body: SurveyByCodeBody, response: { 201: SurveyAnsweredOut } } }, async (req, reply) =>
    reply.status(201).send(await portal.answerByCode(req.ip, req.body)),
  );

  r.get('/portal/surveys/:token', { config: pub([429]), schema: { tags, summary: 'The follow-up survey a link opens', params: SurveyTokenParams, response: { 200: SurveyViewOut } } }, async (req) => portal.surveyView(req.ip, req.params.token));

  r.post('/portal/surveys/:token', { config: pub([409, 429]), schema: { tags, summary: 'Answer the follow-up survey a link opens', params: SurveyTokenParams, body: SurveyBody, response: { 201: SurveyAnsweredOut } } }, async (req, reply) =>
    reply.status(201).send(await portal.answerByToken(req.ip, req.params.token, req.body)),
  );

  r.post('/portal/attachments', { config: pub([409, 429]), schema: { tags, summary: 'Attach a file to a complaint (multipart/form-data: fields trackingNo and accessCode, then the field "file"); same size and type limits as staff uploads', consumes: ['multipart/form-data'], response: { 201: PortalAttachmentOut } } }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Upload the file as multipart/form-data');
    const file = await multipartStep(() => req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } }));
    if (!file) throw badRequest('file_required', 'Send the file in a form field');
    const field = (name: string) => {
      const f = file.fields[name] as MultipartValue<unknown> | MultipartValue<unknown>[] | undefined;
      const v = Array.isArray(f) ? undefined : f?.value;
      return typeof v === 'string' ? v : undefined;
    };
    const trackingNo = field('trackingNo');
    const accessCode = field('accessCode');
    try {
      if (!trackingNo || !accessCode || trackingNo.length > 40 || accessCode.length > 40) throw badRequest('code_required', 'Send the fields trackingNo and accessCode before the file');
      const c = await portal.open(req.ip, trackingNo, accessCode);
      if (c.status === 'merged' || c.status === 'rejected') throw conflict('complaint_closed_for_additions', `A complaint in state "${c.status}" takes no additions`);
      const actor = await portalActor(ctx.db);
      if ((await repo.countPortalAttachments(ctx.db, c.id, actor.id)) >= MAX_PORTAL_ATTACHMENTS) throw conflict('too_many_attachments', `At most ${MAX_PORTAL_ATTACHMENTS} files per complaint from the portal`);
      const filename = path.basename(file.filename || 'file').slice(0, 200);
      checkType(filename, file.mimetype);
      const stored = await multipartStep(() => storeUpload(ctx.config.dataDir, file.file, ctx.fieldCrypto.attachmentKeys));
      const id = uuidv7();
      const now = Date.now();
      await ctx.db.transaction().execute(async (trx) => {
        await complaints.insertAttachment(trx, { id, complaint_id: c.id, filename, mime: file.mimetype, size: stored.size, sha256: stored.sha256, storage_path: stored.storagePath, uploaded_by: actor.id, created_at: now });
        await recordActivity(trx, { complaintId: c.id, actorId: actor.id, kind: 'attachment', visibility: 'public', body: filename, data: { attachmentId: id, size: stored.size, sha256: stored.sha256, mime: file.mimetype, source: 'portal' }, at: now });
        await ctx.events.emit(trx, 'complaint.info_added', { complaintId: c.id, kind: 'attachment' });
      });
      ctx.events.flush();
      return reply.status(201).send({ id, filename, size: stored.size, createdAt: new Date(now).toISOString() });
    } finally {
      // A refused upload's file is never read: drain it so the connection is free.
      if (!file.file.destroyed && !file.file.readableEnded) file.file.resume();
    }
  });
}
