// Wiring of incidents (应急事件): the activation subscribers and the timer jobs (every process that
// delivers events and runs jobs needs them), and the HTTP routes.
import type { AppContext } from '../../context.js';
import { IncidentClusterFollow } from './incident.clusters.js';
import { IncidentTimers } from './incident.timers.js';
import { IncidentTriggers } from './incident.triggers.js';

const registered = new WeakSet<AppContext>();

/** Subscribes activation to triage/complaint/opinion events and registers the incident timers. Idempotent per context. */
export function registerIncidents(ctx: AppContext): void {
  if (registered.has(ctx)) return;
  registered.add(ctx);
  new IncidentTriggers(ctx).register();
  new IncidentTimers(ctx).register();
  new IncidentClusterFollow(ctx).register();
}

export { incidentRoutes } from './incident.routes.js';
export { activateIncident, linkToIncident, type ActivationInput, type Activation, type AfterCommit } from './incident.activation.js';
export { addCloseRequirement, canClose, type CloseCheck, type CloseRequirement } from './incident.policy.js';
export { recordIncident, type IncidentActivity } from './incident.timeline.js';
export { TASK_DUE_JOB, SITREP_DUE_JOB } from './incident.timers.js';
