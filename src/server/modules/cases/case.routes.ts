/** Case library routes (案例库): preview a closed complaint's redactions, approve a case, list, search and read cases. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { CaseListOut, CaseListQuery, CaseOut, CaseParams, CreateCaseBody, PreviewOut, PreviewParams, TagListOut } from './case.schema.js';
import { caseService } from './case.service.js';

const tags = ['cases'];

export async function caseRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const svc = caseService(ctx);

  r.get('/cases/preview/:complaintId', { config: { permission: 'case.create' }, schema: { tags, summary: 'The anonymised fields and free text of a closed complaint, with every redaction found (409 complaint_not_closed otherwise)', params: PreviewParams, response: { 200: PreviewOut } } }, async (req) =>
    svc.preview(actorOf(req), req.params.complaintId));

  r.post('/cases', { config: { permission: 'case.create' }, schema: { tags, summary: 'Make a case from a closed complaint with the approved redactions; only redacted text is stored (409 complaint_not_closed, case_exists)', body: CreateCaseBody, response: { 201: CaseOut } } }, async (req, reply) =>
    reply.code(201).send(await svc.create(actorOf(req), req.body)));

  r.get('/cases', { config: { permission: 'case.read' }, schema: { tags, summary: 'Cases, newest first; q searches titles, tags, lessons and text with the complaints’ Chinese search (two characters match)', querystring: CaseListQuery, response: { 200: CaseListOut } } }, async (req) =>
    svc.list(actorOf(req), req.query));

  r.get('/cases/tags', { config: { permission: 'case.read' }, schema: { tags, summary: 'Tags in use, most used first', response: { 200: TagListOut } } }, async () => svc.tags());

  r.get('/cases/:id', { config: { permission: 'case.read' }, schema: { tags, summary: 'One case; the source complaint id only for those who may see it', params: CaseParams, response: { 200: CaseOut } } }, async (req) =>
    svc.get(actorOf(req), req.params.id));
}
