import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ContingencyPlanService } from './contingency.plans.service.js';
import { exportVersion, type ExportFormat } from './contingency.plans.exports.js';
import { categoryPlan, categoryPlans, setCategoryPlan } from './contingency.plans.categories.js';
import * as S from './contingency.plans.schema.js';

// Emergency plans (应急预案): read with contingency.read, everything that changes one with
// contingency.manage. Version numbers in paths are the plan's own (1, 2, …), not row ids.
const tags = ['contingency'];
const read = { permission: 'contingency.read' } as const;
const manage = { permission: 'contingency.manage' } as const;
/** Changes that can meet a version's state or a taken key: 409 (documented in /openapi.json). */
const manage409 = { permission: 'contingency.manage' as const, errors: [409] };
const P = '/contingency/plans';
const V = `${P}/:planId/versions/:version`;
const Text = Type.String();

export async function contingencyPlanRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const plans = new ContingencyPlanService(ctx);
  const langOf = (actor: Actor, q?: 'zh-CN' | 'en') => q ?? (actor.locale === 'en' ? 'en' : actor.locale === 'zh-CN' ? 'zh-CN' : ctx.config.locale);

  r.get(P, { config: read, schema: { tags, summary: 'Emergency plans with their newest and published versions and whether a review is due', response: { 200: S.PlanListOut } } }, async () => plans.list());

  r.post(
    P,
    { config: manage409, schema: { tags, summary: 'Create a plan; its version 1 is a draft', body: S.CreatePlanBody, response: { 201: S.PlanDetailOut } } },
    async (req, reply) => reply.status(201).send(await plans.create(actorOf(req), req.body)),
  );

  r.get(`${P}/:planId`, { config: read, schema: { tags, summary: 'A plan and all its versions', params: S.PlanParams, response: { 200: S.PlanDetailOut } } }, async (req) => plans.get(req.params.planId));

  r.patch(
    `${P}/:planId`,
    { config: manage, schema: { tags, summary: 'Change a plan’s owner (reminded of its review) or department', params: S.PlanParams, body: S.UpdatePlanBody, response: { 200: S.PlanDetailOut } } },
    async (req) => plans.updatePlan(actorOf(req), req.params.planId, req.body),
  );

  r.post(
    `${P}/:planId/versions`,
    {
      config: manage409,
      schema: { tags, summary: 'Open the next version as a draft copied from the newest (one draft at a time: 409 plan_draft_exists)', params: S.PlanParams, body: S.NewDraftBody, response: { 201: S.VersionOut } },
    },
    async (req, reply) => reply.status(201).send(await plans.newDraft(actorOf(req), req.params.planId, req.body.changeNote ?? null)),
  );

  r.get(V, { config: read, schema: { tags, summary: 'One version with its content', params: S.VersionParams, response: { 200: S.VersionOut } } }, async (req) => plans.version(req.params.planId, req.params.version));

  r.put(
    V,
    {
      config: manage409,
      schema: {
        tags,
        summary: 'Replace a draft’s content (any other status: 409 plan_version_immutable)',
        description: 'Besides the schema: step owners and notified roles must be plan roles (plan_unknown_role), keys unique (plan_duplicate_key), every level in scope needs a response (plan_level_response_missing; an empty scope list means every level), categories must exist (unknown_category).',
        params: S.VersionParams,
        body: S.UpdateDraftBody,
        response: { 200: S.VersionOut },
      },
    },
    async (req) => plans.updateDraft(actorOf(req), req.params.planId, req.params.version, req.body),
  );

  for (const action of ['approve', 'publish', 'retire'] as const) {
    const summary = {
      approve: 'Approve a draft',
      publish: 'Publish an approved version; the published one before it is retired and the review date is set',
      retire: 'Retire an approved or published version',
    }[action];
    r.post(
      `${V}/${action}`,
      { config: manage409, schema: { tags, summary, params: S.VersionParams, response: { 200: S.VersionOut } } },
      async (req) => plans[action](actorOf(req), req.params.planId, req.params.version),
    );
  }

  r.get(
    `${P}/:planId/compare`,
    { config: read, schema: { tags, summary: 'What changed between two versions, per section and by key', params: S.PlanParams, querystring: S.CompareQuery, response: { 200: S.CompareOut } } },
    async (req) => plans.compare(req.params.planId, req.query.from, req.query.to),
  );

  const send = async (reply: FastifyReply, actor: Actor, planId: string, version: number, format: ExportFormat, lang?: 'zh-CN' | 'en') => {
    const out = await exportVersion(ctx, plans, planId, version, format, langOf(actor, lang));
    const disposition = format === 'html' ? 'inline' : 'attachment';
    reply.header('Content-Disposition', `${disposition}; filename="${out.filename}"`);
    if (out.kind === 'json') return reply.send(out.body);
    return reply.type(out.contentType).send(out.body);
  };
  r.get(`${V}/export.json`, { config: read, schema: { tags, summary: 'The version as JSON (content as stored)', params: S.VersionParams, response: { 200: S.ExportJsonOut } } }, async (req, reply) =>
    send(reply, actorOf(req), req.params.planId, req.params.version, 'json'),
  );
  r.get(
    `${V}/export.md`,
    { config: read, schema: { tags, summary: 'The version as Markdown, one section per chapter', params: S.VersionParams, querystring: S.LangQuery, produces: ['text/markdown'], response: { 200: Text } } },
    async (req, reply) => send(reply, actorOf(req), req.params.planId, req.params.version, 'markdown', req.query.lang),
  );
  r.get(
    `${V}/export.docx`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The version as a Word document (.docx), one heading per chapter',
        params: S.VersionParams,
        querystring: S.LangQuery,
        produces: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        response: { 200: Type.String({ format: 'binary' }) },
      },
    },
    async (req, reply) => send(reply, actorOf(req), req.params.planId, req.params.version, 'docx', req.query.lang),
  );
  r.get(
    `${V}/print`,
    { config: read, schema: { tags, summary: 'A printable HTML page of the version (static, print CSS, no scripts)', params: S.VersionParams, querystring: S.LangQuery, produces: ['text/html'], response: { 200: Text } } },
    async (req, reply) => send(reply, actorOf(req), req.params.planId, req.params.version, 'html', req.query.lang),
  );

  r.get('/contingency/categories', { config: read, schema: { tags, summary: 'Categories mapped to a plan or with a response strategy (应对策略)', response: { 200: S.CategoryPlanListOut } } }, async () => ({
    items: await categoryPlans(ctx),
  }));
  r.get(
    '/contingency/categories/:categoryId',
    { config: read, schema: { tags, summary: 'The plan and response strategy of a category', params: S.CategoryParams, response: { 200: S.CategoryPlanOut } } },
    async (req) => categoryPlan(ctx, req.params.categoryId),
  );
  r.put(
    '/contingency/categories/:categoryId',
    { config: manage, schema: { tags, summary: 'Set the plan (or null) and response strategy (or null) of a category', params: S.CategoryParams, body: S.CategoryPlanBody, response: { 200: S.CategoryPlanOut } } },
    async (req) => setCategoryPlan(ctx, actorOf(req), req.params.categoryId, req.body),
  );
}
