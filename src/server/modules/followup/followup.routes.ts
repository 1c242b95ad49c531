import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { loadVisible } from '../complaints/complaint.access.js';
import { IdParams } from '../complaints/complaint.schema.js';
import { answerSurvey } from './followup.service.js';
import { latestSurvey, surveysOf } from './followup.repo.js';
import { PhoneResultBody, PhoneResultOut, presentSurvey, SurveyListOut } from './followup.schema.js';

const tags = ['follow-up'];

/** Staff side of follow-up (回访): the surveys of a complaint, and a result recorded from a phone call. */
export async function followupRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/complaints/:id/follow-up', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'Follow-up surveys (回访) of the complaint, one per handling cycle', params: IdParams, response: { 200: SurveyListOut } } }, async (req) => {
    await loadVisible(ctx, actorOf(req), req.params.id);
    return { items: (await surveysOf(ctx.db, req.params.id)).map(presentSurvey) };
  });

  r.post('/complaints/:id/follow-up', { config: { permission: 'complaint.follow_up_record', errors: [409] }, schema: { tags, summary: 'Record a follow-up result from a phone call (satisfied / basically / dissatisfied); a dissatisfied one may reopen the complaint per policy', params: IdParams, body: PhoneResultBody, response: { 201: PhoneResultOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    await loadVisible(ctx, actor, req.params.id);
    const b = req.body;
    await answerSurvey(ctx, req.params.id, null, { source: 'phone', result: b.result, satisfaction: null, resolved: b.resolved ?? null, comment: b.comment?.trim() || null, recordedBy: actor.id, actorId: actor.id });
    return reply.status(201).send({ survey: presentSurvey((await latestSurvey(ctx.db, req.params.id))!) });
  });
}
