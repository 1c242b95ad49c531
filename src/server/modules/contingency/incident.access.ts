// Loading an incident for a request: visibility (404 for one the caller may not see, like
// complaints), the command check (403), and one transaction whose events and timers take effect
// after its commit.
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/schema.js';
import { conflict, forbidden, notFound } from '../../platform/http/problem.js';
import { canCommand, canSeeIncident, isRunning } from './incident.policy.js';
import type { AfterCommit } from './incident.activation.js';
import * as repo from './incident.repo.js';

type Trx = Transaction<Database>;

export async function visibleIncident(db: AppContext['db'] | Trx, actor: Actor, id: string, row?: repo.IncidentRow): Promise<repo.IncidentRow> {
  const incident = row ?? (await repo.findIncident(db, id));
  if (!incident || !canSeeIncident(actor, incident, await repo.isMember(db, incident.id, actor.id))) throw notFound('Incident');
  return incident;
}

/** The incident locked for a change the caller may see; 404 otherwise. */
export async function lockVisible(ctx: AppContext, trx: Trx, actor: Actor, id: string): Promise<repo.IncidentRow> {
  const row = await repo.lockIncident(trx, ctx.dialect, id);
  return visibleIncident(trx, actor, id, row ?? undefined);
}

export function requireCommand(actor: Actor, incident: repo.IncidentRow): void {
  if (!canCommand(actor, incident)) throw forbidden('Only the incident’s commander or a leader may incident.command');
}

export function requireRunning(incident: repo.IncidentRow): void {
  if (!isRunning(incident.status)) throw conflict('incident_not_active', `The incident is ${incident.status}`, { state: incident.status });
}

/** Runs a change in one transaction; flushes its events and wakes the runner for its timers after commit. */
export async function inTransaction<T>(ctx: AppContext, fn: (trx: Trx, after: AfterCommit) => Promise<T>): Promise<T> {
  const after: AfterCommit = { emitted: false, wakeAt: Infinity };
  const out = await ctx.db.transaction().execute((trx) => fn(trx, after));
  if (after.emitted) ctx.events.flush();
  if (after.wakeAt < Infinity) ctx.jobs.wake(after.wakeAt);
  return out;
}
