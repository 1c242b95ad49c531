import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { OrgService } from './org.service.js';
import {
  CategoryBody,
  CategoryList,
  CategoryOut,
  CategoryPatch,
  CreateUserBody,
  DepartmentBody,
  DepartmentList,
  DepartmentOut,
  DepartmentPatch,
  IdParams,
  NoContent,
  TokenBody,
  TokenCreated,
  TokenList,
  UpdateUserBody,
  UserList,
  UserOut,
} from './org.schema.js';

export async function orgRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const org = new OrgService(ctx);

  r.get('/users', { config: { permission: 'user.read' }, schema: { tags: ['users'], response: { 200: UserList } } }, async () => {
    return { items: await org.listUsers() };
  });
  r.post('/users', { config: { permission: 'user.manage' }, schema: { tags: ['users'], body: CreateUserBody, response: { 201: UserOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await org.createUser(actor.id, req.body));
  });
  r.patch('/users/:id', { config: { permission: 'user.manage' }, schema: { tags: ['users'], params: IdParams, body: UpdateUserBody, response: { 200: UserOut } } }, async (req) => {
    const actor = actorOf(req);
    return org.updateUser(actor.id, req.params.id, req.body);
  });

  // Departments and categories are reference data every signed-in user reads (pickers, labels).
  r.get('/departments', { config: { permission: 'complaint.read' }, schema: { tags: ['departments'], response: { 200: DepartmentList } } }, async () => {
    return { items: await org.listDepartments() };
  });
  r.post('/departments', { config: { permission: 'department.manage' }, schema: { tags: ['departments'], body: DepartmentBody, response: { 201: DepartmentOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await org.createDepartment(actor.id, req.body));
  });
  r.patch('/departments/:id', { config: { permission: 'department.manage' }, schema: { tags: ['departments'], params: IdParams, body: DepartmentPatch, response: { 200: DepartmentOut } } }, async (req) => {
    const actor = actorOf(req);
    return org.updateDepartment(actor.id, req.params.id, req.body);
  });

  r.get('/categories', { config: { permission: 'complaint.read' }, schema: { tags: ['categories'], response: { 200: CategoryList } } }, async () => {
    return { items: await org.listCategories() };
  });
  r.post('/categories', { config: { permission: 'category.manage' }, schema: { tags: ['categories'], body: CategoryBody, response: { 201: CategoryOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await org.createCategory(actor.id, req.body));
  });
  r.patch('/categories/:id', { config: { permission: 'category.manage' }, schema: { tags: ['categories'], params: IdParams, body: CategoryPatch, response: { 200: CategoryOut } } }, async (req) => {
    const actor = actorOf(req);
    return org.updateCategory(actor.id, req.params.id, req.body);
  });

  r.get('/tokens', { config: { permission: 'token.manage' }, schema: { tags: ['tokens'], response: { 200: TokenList } } }, async () => {
    return { items: await org.listTokens() };
  });
  r.post('/tokens', { config: { permission: 'token.manage' }, schema: { tags: ['tokens'], summary: 'Create an API token (shown once)', body: TokenBody, response: { 201: TokenCreated } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await org.createToken(actor.id, req.body.email, req.body.name, req.body.scopes));
  });
  r.delete('/tokens/:id', { config: { permission: 'token.manage' }, schema: { tags: ['tokens'], params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 204: NoContent } } }, async (req, reply) => {
    const actor = actorOf(req);
    await org.revokeToken(actor.id, req.params.id);
    return reply.status(204).send(null);
  });
}
