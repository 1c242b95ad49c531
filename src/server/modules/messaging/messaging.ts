// Wiring of messages to the complainant: event subscriptions and the send job (every process that
// runs jobs needs them), and the gateway's receipt route.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { listMessages } from './message.repo.js';
import { presentMessage } from './message.presenter.js';
import { MessagingService } from './message.service.js';
import { messagingRoutes } from './messaging.routes.js';

export { SEND_JOB } from './message.service.js';

const services = new WeakMap<AppContext, MessagingService>();

/** Subscribes to public updates and registers the send job. Idempotent per context. */
export function registerMessaging(ctx: AppContext): MessagingService {
  let s = services.get(ctx);
  if (!s) {
    services.set(ctx, (s = new MessagingService(ctx)));
    s.register();
  }
  return s;
}

export async function registerMessagingRoutes(api: FastifyInstance, ctx: AppContext): Promise<void> {
  await messagingRoutes(api, ctx, registerMessaging(ctx));
}

/** The complaint's messages, oldest first, destinations masked (complaint detail). */
export async function messagesOf(ctx: AppContext, complaintId: string) {
  return (await listMessages(ctx.db, complaintId)).map((m) => presentMessage(m, ctx.fieldCrypto));
}
