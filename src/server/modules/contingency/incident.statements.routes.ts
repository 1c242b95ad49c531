import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { IncidentParams } from './incident.schema.js';
import { approveStatement, draftStatement, editStatement, publishStatement, submitStatement, withdrawStatement } from './incident.statements.service.js';
import { getNotice, getStatement, listNotices, listStatements, statementHistory } from './incident.statements.queries.js';
import * as S from './incident.statements.schema.js';

const tags = ['incidents'];
const S_ = '/incidents/:id/statements';
const ONE = `${S_}/:statementId`;

/**
 * Public statements (公开声明) of an incident, and the public notice page. Each write route needs its
 * statement.* permission and an incident the caller may see (404 otherwise); approval needs both a
 * pr_officer and a leader (two people). The notice routes are public: published statements of real
 * incidents only, no internal data; answers may be cached for a minute.
 */
export async function incidentStatementRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'contingency.read' as const };
  const draft = { permission: 'statement.draft' as const, errors: [409] };

  r.get(S_, { config: read, schema: { tags, summary: 'The incident’s statements with the approvals standing on their current text', params: IncidentParams, response: { 200: S.StatementListOut } } }, async (req) =>
    listStatements(ctx, actorOf(req), req.params.id),
  );

  r.post(
    S_,
    { config: draft, schema: { tags, summary: 'Draft a statement (bilingual); title/body default to the plan’s public template', params: IncidentParams, body: S.DraftStatementBody, response: { 201: S.StatementOut } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = await draftStatement(ctx, actor, req.params.id, req.body);
      return reply.status(201).send(await getStatement(ctx, actor, req.params.id, id));
    },
  );

  r.put(
    ONE,
    { config: draft, schema: { tags, summary: 'Replace an unpublished statement’s text: a new revision; standing approvals are voided and it returns to draft', params: S.StatementParams, body: S.EditStatementBody, response: { 200: S.StatementOut } } },
    async (req) => {
      const actor = actorOf(req);
      await editStatement(ctx, actor, req.params.id, req.params.statementId, req.body);
      return getStatement(ctx, actor, req.params.id, req.params.statementId);
    },
  );

  r.post(
    `${ONE}/submit`,
    { config: draft, schema: { tags, summary: 'Submit a draft for approval (the PR officers and leaders are told)', params: S.StatementParams, response: { 200: S.StatementOut } } },
    async (req) => {
      const actor = actorOf(req);
      await submitStatement(ctx, actor, req.params.id, req.params.statementId);
      return getStatement(ctx, actor, req.params.id, req.params.statementId);
    },
  );

  r.post(
    `${ONE}/approve`,
    { config: { permission: 'statement.approve', errors: [409] }, schema: { tags, summary: 'Approve as PR officer or as leader (both needed, two different people, any order)', params: S.StatementParams, response: { 200: S.StatementOut } } },
    async (req) => {
      const actor = actorOf(req);
      await approveStatement(ctx, actor, req.params.id, req.params.statementId);
      return getStatement(ctx, actor, req.params.id, req.params.statementId);
    },
  );

  r.post(
    `${ONE}/publish`,
    { config: { permission: 'statement.publish', errors: [409] }, schema: { tags, summary: 'Publish an approved statement: public notice page and incident.statement_published (drills: internal only)', params: S.StatementParams, response: { 200: S.StatementOut } } },
    async (req) => {
      const actor = actorOf(req);
      await publishStatement(ctx, actor, req.params.id, req.params.statementId);
      return getStatement(ctx, actor, req.params.id, req.params.statementId);
    },
  );

  r.post(
    `${ONE}/withdraw`,
    { config: { permission: 'statement.publish', errors: [409] }, schema: { tags, summary: 'Withdraw a published statement (or discard an unpublished one); its history stays', params: S.StatementParams, body: S.WithdrawStatementBody, response: { 200: S.StatementOut } } },
    async (req) => {
      const actor = actorOf(req);
      await withdrawStatement(ctx, actor, req.params.id, req.params.statementId, req.body.reason);
      return getStatement(ctx, actor, req.params.id, req.params.statementId);
    },
  );

  r.get(`${ONE}/history`, { config: read, schema: { tags, summary: 'Every revision of the statement’s text and every approval given', params: S.StatementParams, response: { 200: S.StatementHistoryOut } } }, async (req) =>
    statementHistory(ctx, actorOf(req), req.params.id, req.params.statementId),
  );

  const publicTags = ['public'];
  r.get('/public/notices', { config: { public: true }, schema: { tags: publicTags, summary: 'Published public statements (公开声明), newest first', response: { 200: S.NoticeListOut } } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return listNotices(ctx);
  });
  r.get('/public/notices/:id', { config: { public: true }, schema: { tags: publicTags, summary: 'One published public statement', params: S.NoticeParams, response: { 200: S.NoticeOut } } }, async (req, reply) => {
    const n = await getNotice(ctx, req.params.id);
    reply.header('cache-control', 'public, max-age=60');
    return n;
  });
}
