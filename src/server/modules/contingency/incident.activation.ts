// Opening an incident (应急事件) from a published plan version: the one function every trigger
// (mass cluster, fast path, mapped category, opinion alert, a person, a drill) calls, in the
// caller's transaction. Idempotent per trigger key: a second activation for the same cluster or
// complaint links its complaints to the incident the first one opened.
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import { ROLES } from '../../../shared/enums.js';
import type { PlanContent } from '../../../shared/contingency.js';
import type { PlanVersionRef } from './contingency.plans.repo.js';
import { departmentHeads } from '../sla/sla.repo.js';
import { commanderRoleKey, dueAt, responseFor, rolesInFillOrder, stepsFor } from './incident.plan.js';
import { fillRole } from './incident.roster.js';
import { recordIncident, type IncidentActivity } from './incident.timeline.js';
import { eventBase, iso, OVERDUE_GRACE_MS, scheduleSitrep, scheduleTask } from './incident.timers.js';
import * as repo from './incident.repo.js';

type Trx = Transaction<Database>;

export type IncidentTrigger = 'mass_cluster' | 'fast_path' | 'category' | 'opinion_alert' | 'manual' | 'drill';

export interface ActivationInput {
  version: PlanVersionRef;
  level: number;
  title: string;
  trigger: IncidentTrigger;
  /** cluster:<id> | complaint:<id> | opinion:<id>; null for manual activations and drills. */
  triggerKey: string | null;
  departmentId: string | null;
  complaintIds: string[];
  /** The person who activated it (null: a trigger did). */
  activatedBy: string | null;
  isDrill?: boolean;
  /** Trigger details kept on the `activated` timeline entry. */
  details?: Record<string, unknown>;
}

export interface Activation {
  incident: repo.IncidentRow;
  created: boolean;
  /** Complaints linked by this call. */
  linked: string[];
}

/** What an activation needs done after its transaction commits: flush events, wake the runner for timers. */
export interface AfterCommit {
  emitted: boolean;
  wakeAt: number;
}

const trackingDay = (at: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
};

/** Links complaints to an existing incident (a trigger seen again, a cluster that grew); records and announces new links. */
export async function linkToIncident(ctx: AppContext, trx: Trx, incident: repo.IncidentRow, complaintIds: string[], via: 'trigger' | 'cluster' | 'manual', actorId: string | null, after: AfterCommit): Promise<string[]> {
  // A closed incident is a record: a trigger seen again after closing links nothing to it.
  if (incident.status === 'closed') return [];
  const now = ctx.jobs.now();
  const linked = await repo.linkComplaints(trx, incident.id, complaintIds, via, now);
  if (!linked.length) return linked;
  await recordIncident(trx, { incidentId: incident.id, actorId, kind: 'complaint_linked', data: { complaintIds: linked, via }, at: now });
  await ctx.events.emit(trx, 'incident.complaints_linked', { ...eventBase(incident), complaintIds: linked, via });
  after.emitted = true;
  return linked;
}

/** People an activation tells beyond the role holders: the level's notifyRoles (a plan role's holder, or everyone with that app role). */
async function notifyTargets(trx: Trx, content: PlanContent, level: number, holders: Map<string, string | null>, departmentId: string | null): Promise<string[]> {
  const out = new Set<string>();
  for (const key of responseFor(content, level).notifyRoles) {
    if (holders.has(key)) {
      const id = holders.get(key);
      if (id) out.add(id);
    } else if ((ROLES as readonly string[]).includes(key)) {
      const ids = key === 'dept_head' ? await departmentHeads(trx, departmentId) : (await repo.activeUsersWithRole(trx, key)).map((u) => u.id);
      ids.forEach((id) => out.add(id));
    }
  }
  return [...out];
}

export async function activateIncident(ctx: AppContext, trx: Trx, input: ActivationInput, after: AfterCommit): Promise<Activation> {
  if (input.triggerKey) {
    const existing = await repo.findByTrigger(trx, input.triggerKey);
    if (existing) return { incident: existing, created: false, linked: await linkToIncident(ctx, trx, existing, input.complaintIds, 'trigger', input.activatedBy, after) };
  }
  const content = input.version.content;
  const now = ctx.jobs.now();
  const id = uuidv7();
  const day = trackingDay(now, ctx.config.timezone);
  const code = `YJ${day}-${String(await repo.nextSeq(trx, day)).padStart(3, '0')}`;
  const every = responseFor(content, input.level).sitrepEveryMinutes * 60_000;
  const inserted = await repo.insertIncident(trx, {
    id, code, plan_id: input.version.planId, plan_version_id: input.version.id, level: input.level, status: 'active', title: input.title,
    trigger_kind: input.trigger, trigger_key: input.triggerKey, department_id: input.departmentId, commander_id: null, is_drill: input.isDrill ? 1 : 0,
    activated_by: input.activatedBy, activated_at: now, stable_at: null, resolved_at: null, closed_at: null, closed_by: null,
    sitrep_due_at: now + every, sitrep_overdue_at: null, created_at: now, updated_at: now,
  });
  if (!inserted) {
    // A concurrent delivery of the same trigger won: join its incident.
    const existing = (await repo.findByTrigger(trx, input.triggerKey!))!;
    return { incident: existing, created: false, linked: await linkToIncident(ctx, trx, existing, input.complaintIds, 'trigger', input.activatedBy, after) };
  }

  // The team, commander first; the commander falls back to a leader, then to whoever activated it.
  const chain = await repo.departmentChain(trx, input.departmentId);
  const cmdKey = commanderRoleKey(content);
  const holders = new Map<string, string | null>();
  const taken = new Set<string>();
  const activities: IncidentActivity[] = [];
  for (const role of rolesInFillOrder(content)) {
    const isCmd = role.key === cmdKey;
    let filled = await fillRole(trx, isCmd ? { ...role, fillFrom: [...role.fillFrom, 'leader'] } : role, { departmentId: input.departmentId, at: now, taken, chain });
    if (!filled && isCmd && input.activatedBy) filled = { userId: input.activatedBy, source: 'fallback' };
    const source = filled ? (filled.source === 'fallback' && filled.userId === input.activatedBy && isCmd ? 'activator' : filled.source) : 'unfilled';
    await repo.upsertRole(trx, { id: uuidv7(), incident_id: id, role_key: role.key, user_id: filled?.userId ?? null, source, assigned_by: input.activatedBy, assigned_at: now });
    holders.set(role.key, filled?.userId ?? null);
    if (filled) taken.add(filled.userId);
    activities.push(filled ? { incidentId: id, actorId: input.activatedBy, kind: 'role_assigned', data: { roleKey: role.key, userId: filled.userId, source }, at: now } : { incidentId: id, actorId: input.activatedBy, kind: 'role_unfilled', data: { roleKey: role.key, required: role.required }, at: now });
  }
  const commanderId = holders.get(cmdKey) ?? null;
  await repo.updateIncident(trx, id, { commander_id: commanderId });

  // Tasks from the plan's steps for this level, due at activation + offset, each with its timer.
  const taskIds = await createTasks(trx, id, stepsFor(content, input.level), holders, commanderId, now, now);
  for (const t of taskIds) after.wakeAt = Math.min(after.wakeAt, t.dueAt + OVERDUE_GRACE_MS);
  await scheduleSitrep(trx, id, now + every, now);
  after.wakeAt = Math.min(after.wakeAt, now + every);

  const incident = (await repo.findIncident(trx, id))!;
  const linked = await repo.linkComplaints(trx, id, input.complaintIds, 'trigger', now);
  const told = await notifyTargets(trx, content, input.level, holders, input.departmentId);
  await recordIncident(trx, [
    {
      incidentId: id, actorId: input.activatedBy, kind: 'activated', at: now,
      data: { code, planId: input.version.planId, planVersionId: input.version.id, version: input.version.version, level: input.level, trigger: input.trigger, triggerKey: input.triggerKey, isDrill: !!input.isDrill, complaintIds: linked, notified: told, ...(input.details ?? {}) },
    },
    ...activities,
    { incidentId: id, actorId: input.activatedBy, kind: 'tasks_planned', data: { level: input.level, tasks: taskIds.map((t) => ({ taskId: t.id, stepKey: t.stepKey, dueAt: iso(t.dueAt) })) }, at: now },
  ]);
  const base = eventBase(incident);
  await ctx.events.emit(trx, 'incident.activated', { ...base, planId: input.version.planId, planVersionId: input.version.id, trigger: input.trigger, complaintIds: linked, commanderId, recipientUserIds: [...new Set([...told, ...(commanderId ? [commanderId] : [])])] });
  for (const role of content.roles) {
    const userId = holders.get(role.key);
    if (userId) await ctx.events.emit(trx, 'incident.role_assigned', { ...base, roleKey: role.key, roleZh: role.name.zh, roleEn: role.name.en, userId, recipientUserIds: [userId] });
  }
  // A required role nobody could fill: the commander (or, without one, the leaders) must pick someone.
  const unfilled = content.roles.filter((r) => r.required && !holders.get(r.key));
  if (unfilled.length) {
    const tell = commanderId ? [commanderId] : (await repo.activeUsersWithRole(trx, 'leader')).map((u) => u.id);
    for (const role of unfilled) await ctx.events.emit(trx, 'incident.role_unfilled', { ...base, roleKey: role.key, roleZh: role.name.zh, roleEn: role.name.en, recipientUserIds: tell });
  }
  after.emitted = true;
  return { incident, created: true, linked };
}

/** Creates the tasks of these steps not created yet; each is due `base` + offset and gets its timer. */
export async function createTasks(trx: Trx, incidentId: string, steps: PlanContent['steps'], holders: Map<string, string | null>, commanderId: string | null, base: number, now: number): Promise<{ id: string; stepKey: string; dueAt: number }[]> {
  const rows = steps.map((s) => ({
    id: uuidv7(), incident_id: incidentId, step_key: s.key, title_zh: s.title.zh, title_en: s.title.en, owner_role: s.ownerRole,
    assignee_id: holders.get(s.ownerRole) ?? commanderId, offset_minutes: s.offsetMinutes, due_at: dueAt(base, s.offsetMinutes), status: 'open',
    blocked_reason: null, started_at: null, done_at: null, overdue_at: null, escalated: 0, created_at: now, updated_at: now,
  }));
  const created = new Set(await repo.insertTasks(trx, rows));
  const out = rows.filter((r) => created.has(r.id)).map((r) => ({ id: r.id, stepKey: r.step_key, dueAt: r.due_at }));
  for (const t of out) await scheduleTask(trx, t.id, t.dueAt, now);
  return out;
}
