import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { WebhookService } from './webhook.service.js';
import { CreateWebhookBody, DeliveriesQuery, DeliveryPage, IdParams, NoContent, UpdateWebhookBody, WebhookCreatedOut, WebhookList, WebhookOut, WebhookUpdatedOut } from './notification.schema.js';

const tags = ['webhooks'];

export async function webhookRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = new WebhookService(ctx);

  r.get('/webhooks', { config: { permission: 'webhook.manage' }, schema: { tags, summary: 'Webhook endpoints', response: { 200: WebhookList } } }, async () => {
    return service.list();
  });

  r.post('/webhooks', { config: { permission: 'webhook.manage' }, schema: { tags, summary: 'Add an endpoint; the answer carries its signing secret (once)', body: CreateWebhookBody, response: { 201: WebhookCreatedOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return reply.status(201).send(await service.create(actor, req.body));
  });

  r.get('/webhooks/:id', { config: { permission: 'webhook.manage' }, schema: { tags, summary: 'One webhook endpoint (without its secret)', params: IdParams, response: { 200: WebhookOut } } }, async (req) => {
    return service.get(req.params.id);
  });

  r.patch('/webhooks/:id', { config: { permission: 'webhook.manage' }, schema: { tags, summary: 'Change an endpoint (rotateSecret: true returns a new secret once)', params: IdParams, body: UpdateWebhookBody, response: { 200: WebhookUpdatedOut } } }, async (req) => {
    const actor = actorOf(req);
    return service.update(actor, req.params.id, req.body);
  });

  r.delete('/webhooks/:id', { config: { permission: 'webhook.manage' }, schema: { tags, summary: 'Remove a webhook endpoint', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    const actor = actorOf(req);
    await service.remove(actor, req.params.id);
    return reply.status(204).send(null);
  });

  r.get('/webhooks/:id/deliveries', { config: { permission: 'webhook.manage' }, schema: { tags, summary: 'Delivery attempts, newest first', params: IdParams, querystring: DeliveriesQuery, response: { 200: DeliveryPage } } }, async (req) => {
    return service.deliveries(req.params.id, req.query);
  });
}
