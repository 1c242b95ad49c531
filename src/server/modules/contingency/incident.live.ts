// Incidents and emergency plans on the live stream (GET /events): the subject kinds the composition
// root registers with the platform's live log (platform/notify/live-subjects.ts). Incident events
// (and compensation decided on an incident) are seen by whoever may see the incident — the same
// rule as GET /incidents/:id (canSeeIncident), with membership taken at the event's moment; plan
// events (contingency.*) by whoever may read plans.
import { can } from '../../platform/auth/actor.js';
import type { LiveSubjectKind } from '../../platform/notify/live.js';
import { canSeeIncident } from './incident.policy.js';
import * as repo from './incident.repo.js';

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export const incidentLiveSubject: LiveSubjectKind = {
  kind: 'incident',
  async describe(trx, e) {
    const d = e.data ?? {};
    const id = e.type.startsWith('incident.') ? str(d.incidentId) : e.type.startsWith('compensation.') && d.subjectType === 'incident' ? str(d.subjectId) : undefined;
    if (!id) return undefined;
    const incident = await repo.findIncident(trx, id);
    if (!incident) return undefined;
    const [roles, tasks] = await Promise.all([repo.rolesOf(trx, id), repo.tasksOf(trx, id)]);
    const memberIds = [...new Set([...roles.map((r) => r.user_id), ...tasks.map((t) => t.assignee_id)].filter((u): u is string => !!u))];
    return { kind: 'incident', id, departmentId: incident.department_id, ownerId: incident.commander_id, memberIds };
  },
  visible: (viewer, s) => canSeeIncident(viewer, { department_id: s.departmentId ?? null, commander_id: s.ownerId ?? null, status: '' }, !!s.memberIds?.includes(viewer.id)),
};

export const planLiveSubject: LiveSubjectKind = {
  kind: 'contingency_plan',
  async describe(_trx, e) {
    if (!e.type.startsWith('contingency.')) return undefined;
    const id = str(e.data?.planId) ?? str(e.data?.categoryId);
    return id ? { kind: 'contingency_plan', id } : undefined;
  },
  visible: (viewer) => can(viewer, 'contingency.read'),
};
