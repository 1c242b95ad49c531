import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { IncidentParams } from './incident.schema.js';
import { addAction, completeAction, completeReview, saveReview } from './incident.review.service.js';
import { getReview } from './incident.review.queries.js';
import * as S from './incident.review.schema.js';

const tags = ['incidents'];

/**
 * The post-incident review (复盘) and its improvement actions. Reading needs contingency.read (and an
 * incident the caller may see); writing is for whoever commands the incident (checked by the
 * service, 403), like the other command routes; an action's owner may complete it.
 */
export async function incidentReviewRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'contingency.read' as const };
  const command = { permission: 'contingency.read' as const, errors: [409] };
  const R = '/incidents/:id/review';

  r.get(R, { config: read, schema: { tags, summary: 'The review: metrics computed from the timeline, findings, improvement actions', params: IncidentParams, response: { 200: S.ReviewOut } } }, async (req) =>
    getReview(ctx, actorOf(req), req.params.id),
  );

  r.put(R, { config: command, schema: { tags, summary: 'Save the review’s findings as a draft (metrics recomputed)', params: IncidentParams, body: S.ReviewBody, response: { 200: S.ReviewOut } } }, async (req) => {
    const actor = actorOf(req);
    await saveReview(ctx, actor, req.params.id, req.body);
    return getReview(ctx, actor, req.params.id);
  });

  r.post(
    `${R}/complete`,
    { config: command, schema: { tags, summary: 'Complete the review (findings required, incident resolved); the incident may then close', params: IncidentParams, body: S.ReviewBody, response: { 200: S.ReviewOut } } },
    async (req) => {
      const actor = actorOf(req);
      await completeReview(ctx, actor, req.params.id, req.body);
      return getReview(ctx, actor, req.params.id);
    },
  );

  r.post(
    `${R}/actions`,
    { config: command, schema: { tags, summary: 'Add an improvement action (owner, due date, type); revise_plan opens a new draft version of the plan', params: IncidentParams, body: S.ActionBody, response: { 201: S.ReviewOut } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await addAction(ctx, actor, req.params.id, req.body);
      return reply.status(201).send(await getReview(ctx, actor, req.params.id));
    },
  );

  r.post(
    `${R}/actions/:actionId/done`,
    { config: command, schema: { tags, summary: 'Mark an improvement action done (its owner, or whoever commands the incident)', params: S.ActionParams, body: S.ActionDoneBody, response: { 200: S.ReviewOut } } },
    async (req) => {
      const actor = actorOf(req);
      await completeAction(ctx, actor, req.params.id, req.params.actionId, req.body.note);
      return getReview(ctx, actor, req.params.id);
    },
  );
}
