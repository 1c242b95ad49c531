import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import { isProblem, resolveWebhookTarget } from '../../platform/notify/webhook-target.js';
import * as repo from './notification.repo.js';
import { presentDelivery, presentEndpoint } from './notification.presenter.js';
import type { CreateWebhookBody, UpdateWebhookBody } from './notification.schema.js';

/** Admin-managed webhook endpoints. Secrets are encrypted at rest and shown only when set or rotated. */
export class WebhookService {
  constructor(private readonly ctx: AppContext) {}

  /** Refuses unsafe targets up front; a host that does not resolve yet is checked again at delivery. */
  private async checkUrl(url: string): Promise<void> {
    const t = await resolveWebhookTarget(url, { allowPrivate: this.ctx.config.webhookAllowPrivate });
    if (isProblem(t) && t.code !== 'webhook_url_unresolvable') throw badRequest(t.code, t.message);
  }

  private checkSecret(secret: string): void {
    if (new Set(secret).size < 6) throw badRequest('webhook_secret_weak', 'Use a random secret of at least 16 characters');
  }

  async list() {
    return { items: (await repo.listEndpoints(this.ctx.db)).map((e) => presentEndpoint(e)) };
  }

  async get(id: string) {
    const e = await repo.getEndpoint(this.ctx.db, id);
    if (!e) throw notFound('Webhook');
    return presentEndpoint(e);
  }

  async create(actor: Actor, body: CreateWebhookBody) {
    await this.checkUrl(body.url);
    if (body.secret) this.checkSecret(body.secret);
    const secret = body.secret ?? crypto.randomBytes(32).toString('base64url');
    const now = Date.now();
    const row = {
      id: uuidv7(),
      url: body.url,
      secret_enc: this.ctx.fieldCrypto.encrypt(secret)!,
      event_types: JSON.stringify(body.eventTypes),
      description: body.description ?? null,
      active: body.active === false ? 0 : 1,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertEndpoint(trx, row);
      await appendAudit(trx, { actorId: actor.id, action: 'webhook.create', entityType: 'webhook', entityId: row.id, data: { url: body.url, eventTypes: body.eventTypes } });
    });
    return { ...presentEndpoint(row), secret };
  }

  async update(actor: Actor, id: string, body: UpdateWebhookBody) {
    const e = await repo.getEndpoint(this.ctx.db, id);
    if (!e) throw notFound('Webhook');
    if (body.url !== undefined) await this.checkUrl(body.url);
    if (body.secret && body.rotateSecret) throw badRequest('webhook_secret_conflict', 'Send a secret or rotateSecret, not both');
    if (body.secret) this.checkSecret(body.secret);
    const secret = body.secret ?? (body.rotateSecret ? crypto.randomBytes(32).toString('base64url') : undefined);
    const patch = {
      ...(body.url !== undefined ? { url: body.url } : {}),
      ...(body.eventTypes ? { event_types: JSON.stringify(body.eventTypes) } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.active !== undefined ? { active: body.active ? 1 : 0 } : {}),
      ...(secret ? { secret_enc: this.ctx.fieldCrypto.encrypt(secret)! } : {}),
      updated_at: Date.now(),
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.updateEndpoint(trx, id, patch);
      const { secret: _s, ...logged } = body;
      await appendAudit(trx, { actorId: actor.id, action: 'webhook.update', entityType: 'webhook', entityId: id, data: { ...logged, ...(body.secret ? { secretChanged: true } : {}) } });
    });
    return { ...presentEndpoint((await repo.getEndpoint(this.ctx.db, id))!), ...(secret ? { secret } : {}) };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.deleteEndpoint(trx, id))) throw notFound('Webhook');
      await appendAudit(trx, { actorId: actor.id, action: 'webhook.delete', entityType: 'webhook', entityId: id });
    });
  }

  async deliveries(id: string, q: { cursor?: string; limit?: number }) {
    if (!(await repo.getEndpoint(this.ctx.db, id))) throw notFound('Webhook');
    const limit = q.limit ?? 50;
    const rows = await repo.listDeliveries(this.ctx.db, id, { beforeId: decodeCursor(q.cursor), limit });
    const items = rows.slice(0, limit).map(presentDelivery);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
  }
}
