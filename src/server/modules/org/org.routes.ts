import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { requirePermission } from '../../platform/auth/authenticate.js';
import { OrgService } from './org.service.js';
import { CategoryBody, CategoryPatch, CreateUserBody, DepartmentBody, DepartmentPatch, IdParams, TokenBody, UpdateUserBody } from './org.schema.js';

export async function orgRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const org = new OrgService(ctx);

  r.get('/users', { schema: { tags: ['users'] } }, async (req) => {
    requirePermission(req, 'user.read');
    return { items: await org.listUsers() };
  });
  r.post('/users', { schema: { tags: ['users'], body: CreateUserBody } }, async (req, reply) => {
    const actor = requirePermission(req, 'user.manage');
    return reply.status(201).send(await org.createUser(actor.id, req.body));
  });
  r.patch('/users/:id', { schema: { tags: ['users'], params: IdParams, body: UpdateUserBody } }, async (req) => {
    const actor = requirePermission(req, 'user.manage');
    return org.updateUser(actor.id, req.params.id, req.body);
  });

  // Departments and categories are reference data every signed-in user reads (pickers, labels).
  r.get('/departments', { schema: { tags: ['departments'] } }, async (req) => {
    requirePermission(req, 'complaint.read');
    return { items: await org.listDepartments() };
  });
  r.post('/departments', { schema: { tags: ['departments'], body: DepartmentBody } }, async (req, reply) => {
    const actor = requirePermission(req, 'department.manage');
    return reply.status(201).send(await org.createDepartment(actor.id, req.body));
  });
  r.patch('/departments/:id', { schema: { tags: ['departments'], params: IdParams, body: DepartmentPatch } }, async (req) => {
    const actor = requirePermission(req, 'department.manage');
    return org.updateDepartment(actor.id, req.params.id, req.body);
  });

  r.get('/categories', { schema: { tags: ['categories'] } }, async (req) => {
    requirePermission(req, 'complaint.read');
    return { items: await org.listCategories() };
  });
  r.post('/categories', { schema: { tags: ['categories'], body: CategoryBody } }, async (req, reply) => {
    const actor = requirePermission(req, 'category.manage');
    return reply.status(201).send(await org.createCategory(actor.id, req.body));
  });
  r.patch('/categories/:id', { schema: { tags: ['categories'], params: IdParams, body: CategoryPatch } }, async (req) => {
    const actor = requirePermission(req, 'category.manage');
    return org.updateCategory(actor.id, req.params.id, req.body);
  });

  r.get('/tokens', { schema: { tags: ['tokens'] } }, async (req) => {
    requirePermission(req, 'token.manage');
    return { items: await org.listTokens() };
  });
  r.post('/tokens', { schema: { tags: ['tokens'], summary: 'Create an API token (shown once)', body: TokenBody } }, async (req, reply) => {
    const actor = requirePermission(req, 'token.manage');
    return reply.status(201).send(await org.createToken(actor.id, req.body.email, req.body.name, req.body.scopes));
  });
  r.delete('/tokens/:id', { schema: { tags: ['tokens'], params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
    const actor = requirePermission(req, 'token.manage');
    await org.revokeToken(actor.id, req.params.id);
    return reply.status(204).send();
  });
}
