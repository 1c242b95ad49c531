// Wiring of the deadlines module: event subscriptions and job handlers (every process that runs
// jobs needs them), and the HTTP routes.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { SLA_TIMER_JOB, SUPERVISION_JOB, SlaService } from './sla.service.js';
import { slaRoutes } from './sla.routes.js';

const services = new WeakMap<AppContext, SlaService>();

/** The context's SLA service (created by registerSla). */
export function slaService(ctx: AppContext): SlaService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new SlaService(ctx)));
  return s;
}

/** Subscribes the SLA clocks to complaint events and registers the timer jobs. Idempotent per context. */
export function registerSla(ctx: AppContext): SlaService {
  if (services.has(ctx)) return services.get(ctx)!;
  const sla = slaService(ctx);
  for (const type of ['complaint.created', 'complaint.status_changed', 'complaint.updated', 'complaint.note_added']) {
    ctx.events.on(type, (event, delivery) => sla.onComplaintEvent(event, delivery));
  }
  ctx.jobs.register(SLA_TIMER_JOB, (payload) => sla.onTimer(payload));
  ctx.jobs.register(SUPERVISION_JOB, (payload) => sla.onSupervisionReminder(payload));
  return sla;
}

export async function registerSlaRoutes(api: FastifyInstance, ctx: AppContext): Promise<void> {
  await slaRoutes(api, ctx, registerSla(ctx));
}
