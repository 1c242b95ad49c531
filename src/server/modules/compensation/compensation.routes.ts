import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { CompensationService } from './compensation.service.js';
import { CompensationList, CompensationOut, DecisionBody, IdParams, LimitsBody, LimitsOut, PaymentBody, ProposeBody } from './compensation.schema.js';

const tags = ['compensation'];

/** Compensation decisions on complaints and incidents, their approval within limits, and payment. */
export async function compensationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = new CompensationService(ctx);

  r.get('/complaints/:id/compensations', { config: { permission: 'complaint.read' }, schema: { tags, summary: 'A complaint’s compensation decisions, CNY totals and the caller’s approval limit', params: IdParams, response: { 200: CompensationList } } }, async (req) => {
    return service.list(actorOf(req), 'complaint', req.params.id);
  });

  r.post(
    '/complaints/:id/compensations',
    { config: { permission: 'compensation.propose', errors: [409] }, schema: { tags, summary: 'Propose a compensation on a complaint (kind, amount in fen, reason)', params: IdParams, body: ProposeBody, response: { 201: CompensationOut } } },
    async (req, reply) => reply.status(201).send(await service.propose(actorOf(req), 'complaint', req.params.id, req.body)),
  );

  r.get('/incidents/:id/compensations', { config: { permission: 'contingency.read' }, schema: { tags, summary: 'An incident’s compensation decisions, CNY totals and the caller’s approval limit', params: IdParams, response: { 200: CompensationList } } }, async (req) => {
    return service.list(actorOf(req), 'incident', req.params.id);
  });

  r.post(
    '/incidents/:id/compensations',
    { config: { permission: 'compensation.propose', errors: [409] }, schema: { tags, summary: 'Propose a compensation on an incident', params: IdParams, body: ProposeBody, response: { 201: CompensationOut } } },
    async (req, reply) => reply.status(201).send(await service.propose(actorOf(req), 'incident', req.params.id, req.body)),
  );

  r.post(
    '/compensations/:id/decision',
    {
      config: { permission: 'compensation.decide', errors: [409] },
      schema: { tags, summary: 'Approve (within your limit: else 403 compensation_over_limit), refuse or cancel a compensation', params: IdParams, body: DecisionBody, response: { 200: CompensationOut } },
    },
    async (req) => service.decide(actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/compensations/:id/payment',
    { config: { permission: 'compensation.pay', errors: [409] }, schema: { tags, summary: 'Record that an approved compensation was paid (date, reference)', params: IdParams, body: PaymentBody, response: { 200: CompensationOut } } },
    async (req) => service.pay(actorOf(req), req.params.id, req.body),
  );

  r.get('/compensations/limits', { config: { permission: 'contingency.read' }, schema: { tags, summary: 'Approval limits per role (fen of CNY; null = unlimited)', response: { 200: LimitsOut } } }, async () => service.limits());

  r.put('/compensations/limits', { config: { permission: 'rules.manage' }, schema: { tags, summary: 'Change approval limits (roles left out keep theirs)', body: LimitsBody, response: { 200: LimitsOut } } }, async (req) => service.setLimits(actorOf(req), req.body));
}
