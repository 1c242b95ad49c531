// The one timeline of an incident (应急事件) and its audit entries — the same pattern as a complaint's
// activity (complaints/activity.ts): every change to an incident is recorded here, in the caller's
// transaction, so the timeline and the audit chain never disagree.
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../platform/db/schema.js';
import { appendAudit } from '../../platform/audit/audit.js';

export interface IncidentActivity {
  incidentId: string;
  actorId: string | null;
  /**
   * activated, role_assigned, role_unfilled, tasks_planned, task_started, task_done, task_blocked,
   * task_assigned, task_overdue, sitrep, sitrep_due, decision, level_changed, status_changed,
   * complaint_linked, cluster_merged, cluster_split
   */
  kind: string;
  data?: Record<string, unknown>;
  at?: number;
}

/** Appends timeline entries and the matching audit entries (action `incident.<kind>`). Call late in the transaction: the audit head stays locked until commit. */
export async function recordIncident(trx: Transaction<Database>, activities: IncidentActivity | IncidentActivity[]): Promise<void> {
  const list = Array.isArray(activities) ? activities : [activities];
  if (!list.length) return;
  const now = Date.now();
  await trx
    .insertInto('incident_timeline')
    .values(list.map((a) => ({ id: uuidv7(), incident_id: a.incidentId, kind: a.kind, actor_id: a.actorId, data: JSON.stringify(a.data ?? {}), created_at: a.at ?? now })))
    .execute();
  await appendAudit(
    trx,
    list.map((a) => ({ actorId: a.actorId, action: `incident.${a.kind}`, entityType: 'incident', entityId: a.incidentId, data: a.data, at: a.at ?? now })),
  );
}
