import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ResourceService } from './resources.service.js';
import { CreateResourceBody, IdParams, ResourceListQuery, ResourceOut, ResourcePage, RevealBody, UpdateResourceBody } from './resources.schema.js';

const tags = ['resources'];

/** The resource library (应急资源): /resources. On-call schedules are in oncall.routes.ts. */
export async function resourceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = new ResourceService(ctx);

  r.get(
    '/resources',
    { config: { permission: 'contingency.read' }, schema: { tags, summary: 'Search the resource library by text (Chinese substrings too), kind, tag, department or low stock; contacts masked', querystring: ResourceListQuery, response: { 200: ResourcePage } } },
    async (req) => service.list(req.query),
  );

  r.post('/resources', { config: { permission: 'resource.manage' }, schema: { tags, summary: 'Add a resource (contact details stored encrypted)', body: CreateResourceBody, response: { 201: ResourceOut } } }, async (req, reply) => {
    return reply.status(201).send(await service.create(actorOf(req), req.body));
  });

  r.get('/resources/:id', { config: { permission: 'contingency.read' }, schema: { tags, summary: 'One resource, contact masked', params: IdParams, response: { 200: ResourceOut } } }, async (req) => service.get(req.params.id));

  r.patch('/resources/:id', { config: { permission: 'resource.manage' }, schema: { tags, summary: 'Change a resource (active: false retires it)', params: IdParams, body: UpdateResourceBody, response: { 200: ResourceOut } } }, async (req) => {
    return service.update(actorOf(req), req.params.id, req.body);
  });

  r.post(
    '/resources/:id/contact/reveal',
    { config: { permission: 'pii.reveal' }, schema: { tags, summary: 'Show a resource’s contact details in clear, with a reason (audited)', params: IdParams, body: RevealBody, response: { 200: ResourceOut } } },
    async (req) => service.reveal(actorOf(req), req.params.id, req.body.reason),
  );
}
