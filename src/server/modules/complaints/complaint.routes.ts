import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { AppError, badRequest } from '../../platform/http/problem.js';
import { ComplaintService } from './complaint.service.js';
import { ContactService } from './contact.service.js';
import { ActionBody, CallBody, CreateComplaintBody, IdParams, ListQuery, NoteBody, PlanBody, PlanDecisionBody, RevealBody, UpdateComplaintBody } from './complaint.schema.js';
import { AttachmentFileOut, AttachmentListOut, AttachmentOut, ComplainantOut, ComplaintDetailOut, ComplaintListOut, CreatedComplaintOut, PlanListOut, TimelineOut } from './complaint.responses.js';
import { checkType, MAX_ATTACHMENT_BYTES, multipartStep, openAttachment, storeUpload } from './attachment.storage.js';

const tags = ['complaints'];
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

export async function complaintRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = new ComplaintService(ctx);
  const contact = new ContactService(ctx);

  r.post('/complaints', { config: { permission: 'complaint.create' }, schema: { tags, summary: 'Register a complaint', body: CreateComplaintBody, headers: IdempotencyHeaders, response: { 201: CreatedComplaintOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    const result = await service.create(actor, req.body, req.headers['idempotency-key']);
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.status(201).send({ ...result.complaint, ...(result.accessCode ? { accessCode: result.accessCode } : {}) });
  });

  r.get('/complaints', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'List and search complaints', querystring: ListQuery, response: { 200: ComplaintListOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.list(actor, req.query);
  });

  r.get('/complaints/:id', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'One complaint with its masked complainant, plan and available actions', params: IdParams, response: { 200: ComplaintDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.get(actor, req.params.id);
  });

  r.patch('/complaints/:id', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Correct a complaint’s fields', params: IdParams, body: UpdateComplaintBody, response: { 200: ComplaintDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.update(actor, req.params.id, req.body);
  });

  r.post('/complaints/:id/actions', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Move a complaint through its lifecycle', params: IdParams, body: ActionBody, response: { 200: ComplaintDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.act(actor, req.params.id, req.body);
  });

  r.get('/complaints/:id/timeline', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'The complaint’s timeline (internal and public entries), oldest first', params: IdParams, response: { 200: TimelineOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.timeline(actor, req.params.id);
  });

  r.post('/complaints/:id/notes', { config: { permission: 'complaint.note' }, schema: { tags, summary: 'Add an internal or public note', params: IdParams, body: NoteBody, response: { 201: TimelineOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await service.addNote(actor, req.params.id, req.body));
  });

  r.get('/complaints/:id/plans', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Handling plans of the complaint', params: IdParams, response: { 200: PlanListOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.plans(actor, req.params.id);
  });

  r.post('/complaints/:id/plans', { config: { permission: 'plan.submit' }, schema: { tags, summary: 'Submit a handling plan for approval', params: IdParams, body: PlanBody, response: { 201: ComplaintDetailOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await service.submitPlan(actor, req.params.id, req.body));
  });

  r.post('/complaints/:id/plans/decision', { config: { permission: 'plan.decide' }, schema: { tags, summary: 'Approve the pending plan or send it back', params: IdParams, body: PlanDecisionBody, response: { 200: ComplaintDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.decidePlan(actor, req.params.id, req.body);
  });

  r.post('/complaints/:id/complainant/reveal', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Reveal personal data with a reason (audited): everything for roles with pii.reveal; name and phone for the owner and the department’s handlers calling back', params: IdParams, body: RevealBody, response: { 200: ComplainantOut } } }, async (req) => {
    const actor = actorOf(req);
    return contact.reveal(actor, req.params.id, req.body.reason);
  });

  r.post('/complaints/:id/calls', { config: { permission: 'complaint.note' }, schema: { tags, summary: 'Record a call with the complainant (outcome, duration, note) on the timeline', params: IdParams, body: CallBody, response: { 201: TimelineOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await contact.recordCall(actor, req.params.id, req.body));
  });

  r.get('/complaints/:id/attachments', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Attachments of the complaint', params: IdParams, response: { 200: AttachmentListOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.attachments(actor, req.params.id);
  });

  r.post('/complaints/:id/attachments', { config: { permission: 'complaint.attach' }, schema: { tags, summary: 'Upload evidence (multipart/form-data, field "file")', params: IdParams, consumes: ['multipart/form-data'], response: { 201: AttachmentOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    await service.loadForAttachment(actor, req.params.id);
    if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Upload the file as multipart/form-data');
    const file = await multipartStep(() => req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }));
    if (!file) throw badRequest('file_required', 'Send the file in a form field');
    const filename = path.basename(file.filename || 'file').slice(0, 200);
    checkType(filename, file.mimetype);
    const stored = await multipartStep(() => storeUpload(ctx.config.dataDir, file.file, ctx.fieldCrypto.attachmentKeys));
    const out = await service.recordAttachment(actor, req.params.id, { id: uuidv7(), filename, mime: file.mimetype, ...stored });
    return reply.status(201).send(out);
  });

  r.get('/complaints/:id/attachments/:attachmentId', { config: { permission: 'complaint.read' }, schema: { tags, params: Type.Object({ id: Type.String({ maxLength: 64 }), attachmentId: Type.String({ maxLength: 64 }) }), response: { 200: AttachmentFileOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    const a = await service.getAttachment(actor, req.params.id, req.params.attachmentId);
    reply.header('Content-Type', a.mime);
    reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    reply.header('X-Content-Type-Options', 'nosniff');
    return reply.send(openAttachment(ctx.config.dataDir, a.storage_path, ctx.fieldCrypto.attachmentKeys));
  });
}
