import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { requirePermission } from '../../platform/auth/authenticate.js';
import { WebhookService } from './webhook.service.js';
import { CreateWebhookBody, DeliveriesQuery, IdParams, UpdateWebhookBody } from './notification.schema.js';

const tags = ['webhooks'];

export async function webhookRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = new WebhookService(ctx);

  r.get('/webhooks', { schema: { tags, summary: 'Webhook endpoints' } }, async (req) => {
    requirePermission(req, 'webhook.manage');
    return service.list();
  });

  r.post('/webhooks', { schema: { tags, summary: 'Add an endpoint; the answer carries its signing secret (once)', body: CreateWebhookBody } }, async (req, reply) => {
    const actor = requirePermission(req, 'webhook.manage');
    return reply.status(201).send(await service.create(actor, req.body));
  });

  r.get('/webhooks/:id', { schema: { tags, params: IdParams } }, async (req) => {
    requirePermission(req, 'webhook.manage');
    return service.get(req.params.id);
  });

  r.patch('/webhooks/:id', { schema: { tags, summary: 'Change an endpoint (rotateSecret: true returns a new secret once)', params: IdParams, body: UpdateWebhookBody } }, async (req) => {
    const actor = requirePermission(req, 'webhook.manage');
    return service.update(actor, req.params.id, req.body);
  });

  r.delete('/webhooks/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    const actor = requirePermission(req, 'webhook.manage');
    await service.remove(actor, req.params.id);
    return reply.status(204).send();
  });

  r.get('/webhooks/:id/deliveries', { schema: { tags, summary: 'Delivery attempts, newest first', params: IdParams, querystring: DeliveriesQuery } }, async (req) => {
    requirePermission(req, 'webhook.manage');
    return service.deliveries(req.params.id, req.query);
  });
}
