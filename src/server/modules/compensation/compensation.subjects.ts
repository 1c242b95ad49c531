// What a compensation decision is about: a complaint or an incident. Each subject type plugs in how
// to load it for an actor (404 when they may not see it — the complaint's department rules, the
// incident's), whether it still takes proposals, and how to write its timeline + audit. Complaints
// are built in; incidents get a default resolver over the `incidents` table (migration 014) that the
// incidents module may replace with registerCompensationSubject('incident', …).
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, workDepartmentIds } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/http/problem.js';
import type { Database } from '../../platform/db/schema.js';
import { loadVisible } from '../complaints/complaint.access.js';
import { recordActivity } from '../complaints/activity.js';

export const SUBJECT_TYPES = ['complaint', 'incident'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface Subject {
  type: SubjectType;
  id: string;
  departmentId: string | null;
  /** false: closed, rejected or merged — no new proposals. */
  open: boolean;
  /**
   * Event data naming the subject (`complaintId` or `incidentId`: the outbox partitions by it) and,
   * for an incident, what its notices are headed with (code, title, isDrill).
   */
  eventKey: Record<string, string | boolean>;
}

export interface SubjectStep {
  actorId: string;
  /** compensation_proposed | compensation_decided | compensation_paid */
  kind: string;
  body?: string | null;
  data: Record<string, unknown>;
  at: number;
}

export interface SubjectResolver {
  /** The subject if the actor may see it, else 404. */
  load(ctx: AppContext, actor: Actor, id: string): Promise<Subject>;
  /** Timeline entry and audit entry, in the caller's transaction. */
  record(trx: Transaction<Database>, subject: Subject, step: SubjectStep): Promise<void>;
}

const CLOSED_COMPLAINT = ['rejected', 'merged'];

const complaintResolver: SubjectResolver = {
  async load(ctx, actor, id) {
    const c = await loadVisible(ctx, actor, id);
    return { type: 'complaint', id, departmentId: c.department_id, open: !CLOSED_COMPLAINT.includes(c.status), eventKey: { complaintId: id } };
  },
  async record(trx, subject, step) {
    await recordActivity(trx, { complaintId: subject.id, actorId: step.actorId, kind: step.kind, body: step.body ?? null, data: step.data, at: step.at });
  },
};

/**
 * Incidents until the incidents module registers its own: readers of every complaint see every
 * incident; department-bound readers their departments' incidents and those they hold a role in
 * (the rule of contingency/incident.policy canSeeIncident).
 */
const incidentResolver: SubjectResolver = {
  async load(ctx, actor, id) {
    const i = await ctx.db.selectFrom('incidents').select(['id', 'code', 'title', 'is_drill', 'department_id', 'commander_id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!i || !can(actor, 'contingency.read')) throw notFound('Incident');
    if (!can(actor, 'complaint.read_all') && i.commander_id !== actor.id && !(i.department_id && workDepartmentIds(actor).includes(i.department_id))) {
      const member = await ctx.db.selectFrom('incident_roles').select('id').where('incident_id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
      if (!member) throw notFound('Incident');
    }
    return { type: 'incident', id, departmentId: i.department_id, open: i.status !== 'closed', eventKey: { incidentId: id, code: i.code, title: i.title, isDrill: !!i.is_drill } };
  },
  async record(trx, subject, step) {
    await trx
      .insertInto('incident_timeline')
      .values({ id: uuidv7(), incident_id: subject.id, kind: step.kind, actor_id: step.actorId, data: JSON.stringify(step.data), created_at: step.at })
      .execute();
    await appendAudit(trx, { actorId: step.actorId, action: `incident.${step.kind}`, entityType: 'incident', entityId: subject.id, data: step.data, at: step.at });
  },
};

const resolvers = new Map<SubjectType, SubjectResolver>([
  ['complaint', complaintResolver],
  ['incident', incidentResolver],
]);

/** Replaces how one subject type is loaded and recorded (the incidents module may call it at start). */
export function registerCompensationSubject(type: SubjectType, resolver: SubjectResolver): void {
  resolvers.set(type, resolver);
}

export function resolverFor(type: string): SubjectResolver {
  const r = resolvers.get(type as SubjectType);
  if (!r) throw notFound('Compensation subject');
  return r;
}
