import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { can } from '../../platform/auth/actor.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import type { ReplyTemplateTable } from '../../platform/db/schema.js';
import * as repo from './template.repo.js';
import { TemplateBody, TemplateIdParams, TemplateList, TemplateListQuery, TemplateOut, TemplatePatch, type TemplateKind } from './template.schema.js';

const tags = ['templates'];

const present = (t: Selectable<ReplyTemplateTable>) => ({
  id: t.id,
  nameZh: t.name_zh,
  nameEn: t.name_en,
  kind: t.kind as TemplateKind, // written only through TemplateBody/TemplatePatch
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

  r.get('/reply-templates', { config: { permission: 'complaint.note' }, schema: { tags, summary: 'Reply and note templates (inactive ones for template managers with ?all=1)', querystring: TemplateListQuery, response: { 200: TemplateList } } }, async (req) => {
    const actor = actorOf(req);
    return { items: (await repo.listTemplates(ctx.db, !!req.query.all && can(actor, 'template.manage'))).map(present) };
  });

  r.post('/reply-templates', { config: { permission: 'template.manage' }, schema: { tags, summary: 'Add a reply or note template', body: TemplateBody, response: { 201: TemplateOut } } }, async (req, reply) => {
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

  r.patch('/reply-templates/:id', { config: { permission: 'template.manage' }, schema: { tags, summary: 'Change a template (active: false retires it)', params: TemplateIdParams, body: TemplatePatch, response: { 200: TemplateOut } } }, async (req) => {
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
