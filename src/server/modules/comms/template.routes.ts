import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Selectable } from 'kysely';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { can } from '../../platform/auth/actor.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { Id } from '../../platform/http/schemas.js';
import type { ReplyTemplateTable } from '../../platform/db/schema.js';
import * as repo from './template.repo.js';

// Bilingual reply and note templates for the composer. Bodies may hold placeholders the web app
// fills from the complaint ({{trackingNo}}, {{subject}}, {{dueAt}}); the server stores them as text.
const tags = ['templates'];
const Kind = Type.Union([Type.Literal('reply'), Type.Literal('note')]);
const Body = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Kind,
    bodyZh: Type.String({ minLength: 1, maxLength: 10_000 }),
    bodyEn: Type.String({ minLength: 1, maxLength: 10_000 }),
    categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
const Patch = Type.Partial(Type.Object({ ...Body.properties, active: Type.Boolean() }), { additionalProperties: false, minProperties: 1 });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const present = (t: Selectable<ReplyTemplateTable>) => ({
  id: t.id,
  nameZh: t.name_zh,
  nameEn: t.name_en,
  kind: t.kind,
  bodyZh: t.body_zh,
  bodyEn: t.body_en,
  categoryId: t.category_id,
  active: !!t.active,
  updatedAt: new Date(t.updated_at).toISOString(),
});

export async function templateRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const checkCategory = async (id: string | null | undefined) => {
    if (id && !(await ctx.db.selectFrom('categories').select('id').where('id', '=', id).executeTakeFirst())) throw badRequest('unknown_category', `No category ${id}`);
  };

  r.get('/reply-templates', { config: { permission: 'complaint.note' }, schema: { tags, summary: 'Reply and note templates (inactive ones for template managers with ?all=1)', querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }) } }, async (req) => {
    const actor = actorOf(req);
    return { items: (await repo.listTemplates(ctx.db, !!req.query.all && can(actor, 'template.manage'))).map(present) };
  });

  r.post('/reply-templates', { config: { permission: 'template.manage' }, schema: { tags, body: Body } }, async (req, reply) => {
    const actor = actorOf(req);
    await checkCategory(req.body.categoryId);
    const now = Date.now();
    const id = uuidv7();
    await ctx.db.transaction().execute(async (trx) => {
      await repo.insertTemplate(trx, { id, name_zh: req.body.nameZh, name_en: req.body.nameEn, kind: req.body.kind, body_zh: req.body.bodyZh, body_en: req.body.bodyEn, category_id: req.body.categoryId ?? null, active: 1, created_by: actor.id, created_at: now, updated_at: now });
      await appendAudit(trx, { actorId: actor.id, action: 'template.create', entityType: 'reply_template', entityId: id, data: { nameZh: req.body.nameZh, kind: req.body.kind } });
    });
    return reply.status(201).send(present((await repo.findTemplate(ctx.db, id))!));
  });

  r.patch('/reply-templates/:id', { config: { permission: 'template.manage' }, schema: { tags, params: IdParams, body: Patch } }, async (req) => {
    const actor = actorOf(req);
    if (!(await repo.findTemplate(ctx.db, req.params.id))) throw notFound('Template');
    const b = req.body;
    await checkCategory(b.categoryId);
    await ctx.db.transaction().execute(async (trx) => {
      await repo.updateTemplate(trx, req.params.id, {
        ...(b.nameZh !== undefined ? { name_zh: b.nameZh } : {}),
        ...(b.nameEn !== undefined ? { name_en: b.nameEn } : {}),
        ...(b.kind !== undefined ? { kind: b.kind } : {}),
        ...(b.bodyZh !== undefined ? { body_zh: b.bodyZh } : {}),
        ...(b.bodyEn !== undefined ? { body_en: b.bodyEn } : {}),
        ...(b.categoryId !== undefined ? { category_id: b.categoryId } : {}),
        ...(b.active !== undefined ? { active: b.active ? 1 : 0 } : {}),
        updated_at: Date.now(),
      });
      await appendAudit(trx, { actorId: actor.id, action: 'template.update', entityType: 'reply_template', entityId: req.params.id, data: { fields: Object.keys(b) } });
    });
    return present((await repo.findTemplate(ctx.db, req.params.id))!);
  });
}
