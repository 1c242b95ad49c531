// Incident command (指挥): status, level, the response team, situation reports and decisions. Each
// change is one transaction: the row, its timeline + audit entry, its events and timers.
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import { can, type Actor } from '../../platform/auth/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import type { IncidentStatus } from '../../../shared/contingency.js';
import { canSee } from '../complaints/complaint.policy.js';
import { createTasks, linkToIncident } from './incident.activation.js';
import { inTransaction, lockVisible, requireCommand, requireRunning } from './incident.access.js';
import { commanderRoleKey, responseFor, stepsFor } from './incident.plan.js';
import { canClose, canMoveStatus } from './incident.policy.js';
import { recordIncident } from './incident.timeline.js';
import { cancelSitrep, cancelTaskTimers, eventBase, iso, OVERDUE_GRACE_MS, pinnedContent, scheduleSitrep, sitrepEveryMs } from './incident.timers.js';
import * as repo from './incident.repo.js';

/** Everyone in the team: the commander and the role holders (told of status and level changes). */
async function team(trx: Parameters<typeof repo.rolesOf>[0], incident: repo.IncidentRow): Promise<string[]> {
  const roles = await repo.rolesOf(trx, incident.id);
  return [...new Set([incident.commander_id, ...roles.map((r) => r.user_id)].filter((x): x is string => !!x))];
}

export async function changeStatus(ctx: AppContext, actor: Actor, id: string, body: { status: IncidentStatus; note?: string }): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, id);
    const to = body.status;
    if (to === 'closed') {
      if (!can(actor, 'incident.close')) throw forbidden('Your role may not incident.close');
    } else requireCommand(actor, incident);
    if (!canMoveStatus(incident.status, to)) throw conflict('incident_transition_invalid', `An incident that is ${incident.status} cannot become ${to}`, { state: incident.status, action: to });
    if (to === 'closed') {
      const check = await canClose(incident, trx);
      if (!check.ok) throw conflict(check.code, check.message, { state: incident.status });
    }
    const now = ctx.jobs.now();
    const patch: Parameters<typeof repo.updateIncident>[2] = { status: to, updated_at: now };
    if (to === 'stable') patch.stable_at = now;
    if (to === 'resolved') patch.resolved_at = now;
    if (to === 'closed') Object.assign(patch, { closed_at: now, closed_by: actor.id });
    // Situation reports are due only while the incident is active; back to active, the cadence restarts.
    if (to === 'active') {
      const due = now + (await sitrepEveryMs(trx, incident));
      Object.assign(patch, { sitrep_due_at: due, sitrep_overdue_at: null });
      await scheduleSitrep(trx, incident.id, due, now);
      after.wakeAt = due;
    } else {
      Object.assign(patch, { sitrep_due_at: null, sitrep_overdue_at: null });
      await cancelSitrep(trx, incident.id);
    }
    const cancelled: string[] = [];
    if (to === 'closed') {
      // Closing ends the response: unfinished tasks are cancelled with their timers.
      for (const t of await repo.tasksOf(trx, incident.id)) {
        if (t.status !== 'done' && t.status !== 'cancelled' && (await repo.updateTask(trx, t.id, t.status, { status: 'cancelled', updated_at: now }))) cancelled.push(t.id);
      }
      await cancelTaskTimers(trx, cancelled);
    }
    await repo.updateIncident(trx, incident.id, patch);
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'status_changed', data: { from: incident.status, to, note: body.note ?? null, cancelledTaskIds: cancelled }, at: now });
    await ctx.events.emit(trx, 'incident.status_changed', { ...eventBase({ ...incident, status: to }), from: incident.status, to, actorId: actor.id, recipientUserIds: (await team(trx, incident)).filter((u) => u !== actor.id) });
    after.emitted = true;
  });
}

/** A level change with its reason: the new level's steps not created yet become tasks due from now, and the report cadence follows the level. */
export async function changeLevel(ctx: AppContext, actor: Actor, id: string, body: { level: number; reason: string }): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, id);
    requireCommand(actor, incident);
    requireRunning(incident);
    if (body.level === incident.level) throw badRequest('level_unchanged', `The incident is already level ${incident.level}`);
    const now = ctx.jobs.now();
    const content = await pinnedContent(trx, incident.plan_version_id);
    const holders = new Map((await repo.rolesOf(trx, incident.id)).map((r) => [r.role_key, r.user_id]));
    const created = await createTasks(trx, incident.id, stepsFor(content, body.level), holders, incident.commander_id, now, now);
    for (const t of created) after.wakeAt = Math.min(after.wakeAt, t.dueAt + OVERDUE_GRACE_MS);
    const patch: Parameters<typeof repo.updateIncident>[2] = { level: body.level, updated_at: now };
    if (incident.status === 'active') {
      // The next report is due one new cadence after the last report (or activation), never in the past.
      const last = (await repo.sitrepsOf(trx, incident.id)).at(-1);
      const due = Math.max(now, Number(last?.created_at ?? incident.activated_at) + responseFor(content, body.level).sitrepEveryMinutes * 60_000);
      patch.sitrep_due_at = due;
      await scheduleSitrep(trx, incident.id, due, now);
      after.wakeAt = Math.min(after.wakeAt, due);
    }
    await repo.updateIncident(trx, incident.id, patch);
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'level_changed', data: { from: incident.level, to: body.level, reason: body.reason, createdTasks: created.map((t) => ({ taskId: t.id, stepKey: t.stepKey, dueAt: iso(t.dueAt) })) }, at: now });
    const told = new Set(await team(trx, incident));
    for (const key of responseFor(content, body.level).notifyRoles) {
      const holder = holders.get(key);
      if (holder) told.add(holder);
    }
    told.delete(actor.id);
    await ctx.events.emit(trx, 'incident.level_changed', { ...eventBase({ ...incident, level: body.level }), from: incident.level, to: body.level, reason: body.reason, recipientUserIds: [...told] });
    after.emitted = true;
  });
}

/** Puts a person in a role (or replaces its holder); their open tasks of that role move with it. */
export async function assignRole(ctx: AppContext, actor: Actor, id: string, roleKey: string, body: { userId: string; note?: string }): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, id);
    requireCommand(actor, incident);
    requireRunning(incident);
    const content = await pinnedContent(trx, incident.plan_version_id);
    const role = content.roles.find((r) => r.key === roleKey);
    if (!role) throw badRequest('unknown_role', `The plan has no role ${roleKey}`);
    if (!(await repo.activeUserIds(trx, [body.userId])).has(body.userId)) throw badRequest('unknown_user', 'No active user with that id');
    const now = ctx.jobs.now();
    const previous = (await repo.rolesOf(trx, incident.id)).find((r) => r.role_key === roleKey)?.user_id ?? null;
    if (previous === body.userId) return;
    await repo.upsertRole(trx, { id: uuidv7(), incident_id: incident.id, role_key: roleKey, user_id: body.userId, source: 'manual', assigned_by: actor.id, assigned_at: now });
    const isCommander = roleKey === commanderRoleKey(content);
    if (isCommander) await repo.updateIncident(trx, incident.id, { commander_id: body.userId, updated_at: now });
    // The role's open tasks follow it: those its previous holder had — or, for a role nobody held,
    // those that fell to the commander meanwhile.
    const from = new Set<string | null>([null, previous ?? incident.commander_id]);
    const moved: string[] = [];
    for (const t of await repo.tasksOf(trx, incident.id)) {
      if (t.owner_role !== roleKey || t.status === 'done' || t.status === 'cancelled' || !from.has(t.assignee_id)) continue;
      if (await repo.updateTask(trx, t.id, t.status, { assignee_id: body.userId, updated_at: now })) moved.push(t.id);
    }
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'role_assigned', data: { roleKey, userId: body.userId, previousUserId: previous, source: 'manual', note: body.note ?? null, movedTaskIds: moved }, at: now });
    await ctx.events.emit(trx, 'incident.role_assigned', { ...eventBase({ ...incident, commander_id: isCommander ? body.userId : incident.commander_id }), roleKey, roleZh: role.name.zh, roleEn: role.name.en, userId: body.userId, previousUserId: previous, recipientUserIds: [body.userId] });
    after.emitted = true;
  });
}

/** A situation report (情况报告): conditions, actions, needs. It resets the cadence and clears the overdue flag. */
export async function fileSitrep(ctx: AppContext, actor: Actor, id: string, body: { conditions: string; actions: string; needs: string }): Promise<string> {
  return inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, id);
    const member = await repo.isMember(trx, incident.id, actor.id);
    if (!member) requireCommand(actor, incident);
    requireRunning(incident);
    const now = ctx.jobs.now();
    const sitrepId = uuidv7();
    await trx.insertInto('incident_sitreps').values({ id: sitrepId, incident_id: incident.id, conditions: body.conditions, actions: body.actions, needs: body.needs, author_id: actor.id, created_at: now }).execute();
    const patch: Parameters<typeof repo.updateIncident>[2] = { sitrep_overdue_at: null, updated_at: now };
    if (incident.status === 'active') {
      const due = now + (await sitrepEveryMs(trx, incident));
      patch.sitrep_due_at = due;
      await scheduleSitrep(trx, incident.id, due, now);
      after.wakeAt = due;
    }
    await repo.updateIncident(trx, incident.id, patch);
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'sitrep', data: { sitrepId, wasOverdue: incident.sitrep_overdue_at !== null, nextDueAt: iso(patch.sitrep_due_at as number | undefined) }, at: now });
    await ctx.events.emit(trx, 'incident.sitrep_filed', { ...eventBase(incident), sitrepId, authorId: actor.id });
    after.emitted = true;
    return sitrepId;
  });
}

/** The decisions log (决策记录): what was decided and why. Open until the incident is closed. */
export async function recordDecision(ctx: AppContext, actor: Actor, id: string, body: { decision: string; rationale?: string }): Promise<string> {
  return inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, id);
    requireCommand(actor, incident);
    if (incident.status === 'closed') throw conflict('incident_not_active', 'The incident is closed', { state: incident.status });
    const now = ctx.jobs.now();
    const decisionId = uuidv7();
    await trx.insertInto('incident_decisions').values({ id: decisionId, incident_id: incident.id, decision: body.decision, rationale: body.rationale ?? null, author_id: actor.id, created_at: now }).execute();
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'decision', data: { decisionId, decision: body.decision, rationale: body.rationale ?? null }, at: now });
    await ctx.events.emit(trx, 'incident.decision_recorded', { ...eventBase(incident), decisionId, authorId: actor.id });
    after.emitted = true;
    return decisionId;
  });
}

/** Links more complaints to the incident by hand; each must be one the caller may see (404 otherwise). */
export async function linkComplaintsByHand(ctx: AppContext, actor: Actor, id: string, complaintIds: string[]): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, id);
    requireCommand(actor, incident);
    if (incident.status === 'closed') throw conflict('incident_not_active', 'The incident is closed', { state: incident.status });
    const ids = [...new Set(complaintIds)];
    const rows = await trx.selectFrom('complaints').select(['id', 'department_id', 'owner_id', 'created_by']).where('id', 'in', ids).execute();
    for (const cid of ids) {
      const c = rows.find((r) => r.id === cid);
      if (!c || !canSee(actor, c)) throw notFound('Complaint');
    }
    await linkToIncident(ctx, trx, incident, ids, 'manual', actor.id, after);
  });
}

