// The post-incident review (复盘): metrics computed from the incident's own record, findings, and
// improvement actions (owner, due date, type) tracked open → done with a due reminder on the one
// scheduler. Completing the review needs findings and a resolved incident; closing an incident needs
// a completed review (the close hook, 409 review_required). A `revise_plan` action opens the next
// draft version of the incident's plan (or links the draft already open); the incident keeps the
// version it ran. Each change is one transaction with its timeline + audit entry and event.
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/problem.js';
import { cancelJobs, enqueue } from '../../platform/jobs/jobs.js';
import { versionsOf } from './contingency.plans.repo.js';
import { ContingencyPlanService } from './contingency.plans.service.js';
import { inTransaction, lockVisible, requireCommand } from './incident.access.js';
import { addCloseRequirement, canCommand, type CloseRequirement } from './incident.policy.js';
import { computeMetrics } from './incident.review.metrics.js';
import { recordIncident } from './incident.timeline.js';
import { eventBase, iso } from './incident.timers.js';
import * as incidents from './incident.repo.js';
import * as repo from './incident.review.repo.js';

type Trx = Transaction<Database>;
export const ACTION_TYPES = ['revise_plan', 'training', 'process', 'other'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const ACTION_DUE_JOB = 'incident.action_due';
const actionKey = (id: string) => `incident.action:${id}`;

/** The close hook: an incident closes only with a completed review. */
export const reviewRequired: CloseRequirement = async (incident, db) => {
  const review = await repo.findReview(db as Trx, incident.id);
  return review?.status === 'completed' ? { ok: true } : { ok: false, code: 'review_required', message: 'Complete the post-incident review (复盘) before closing' };
};

/** Saves the findings as a draft (metrics recomputed). Commander or incident.command; not once completed. */
export async function saveReview(ctx: AppContext, actor: Actor, incidentId: string, body: { findings?: string }): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, incidentId);
    requireCommand(actor, incident);
    const existing = await repo.findReview(trx, incident.id);
    if (existing?.status === 'completed') throw conflict('review_completed', 'The review is completed', { state: 'completed' });
    const now = ctx.jobs.now();
    const metrics = computeMetrics(await repo.metricFacts(trx, incident));
    await repo.upsertReview(trx, {
      incident_id: incident.id, status: 'draft', findings: body.findings ?? existing?.findings ?? null, metrics: JSON.stringify(metrics),
      created_by: existing?.created_by ?? actor.id, created_at: existing?.created_at ?? now, updated_at: now, completed_at: null, completed_by: null,
    });
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'review_saved', data: { findings: body.findings !== undefined }, at: now });
    await ctx.events.emit(trx, 'incident.review_saved', { ...eventBase(incident), drill: !!incident.is_drill, actorId: actor.id });
    after.emitted = true;
  });
}

/** Completes the review: findings required, the incident resolved; the metrics are frozen as computed now. */
export async function completeReview(ctx: AppContext, actor: Actor, incidentId: string, body: { findings?: string }): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, incidentId);
    requireCommand(actor, incident);
    if (incident.status !== 'resolved') throw conflict('incident_not_resolved', `A review is completed once the incident is resolved; it is ${incident.status}`, { state: incident.status });
    const existing = await repo.findReview(trx, incident.id);
    if (existing?.status === 'completed') throw conflict('review_completed', 'The review is already completed', { state: 'completed' });
    const findings = (body.findings ?? existing?.findings ?? '').trim();
    if (!findings) throw badRequest('review_findings_required', 'A review is completed with its findings');
    const now = ctx.jobs.now();
    const metrics = computeMetrics(await repo.metricFacts(trx, incident));
    await repo.upsertReview(trx, {
      incident_id: incident.id, status: 'completed', findings, metrics: JSON.stringify(metrics),
      created_by: existing?.created_by ?? actor.id, created_at: existing?.created_at ?? now, updated_at: now, completed_at: now, completed_by: actor.id,
    });
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'review_completed', data: { metrics }, at: now });
    await ctx.events.emit(trx, 'incident.review_completed', { ...eventBase(incident), drill: !!incident.is_drill, metrics, actorId: actor.id });
    after.emitted = true;
  });
}

export interface ActionInput {
  type: ActionType;
  title: string;
  ownerId: string;
  dueAt: string;
}

/** The draft version a revise_plan action works on: the plan's open draft, else a new one copied from the newest version. */
async function planDraft(ctx: AppContext, trx: Trx, planId: string, actorId: string, note: string): Promise<{ versionId: string; version: number; opened: boolean }> {
  const draft = (await versionsOf(trx, planId)).find((v) => v.status === 'draft');
  if (draft) return { versionId: draft.id, version: Number(draft.version), opened: false };
  const next = await new ContingencyPlanService(ctx).openDraft(trx, planId, actorId, note);
  return { ...next, opened: true };
}

export async function addAction(ctx: AppContext, actor: Actor, incidentId: string, body: ActionInput): Promise<string> {
  const dueAt = Date.parse(body.dueAt);
  if (!Number.isFinite(dueAt)) throw badRequest('invalid_due_at', 'dueAt is not a date-time');
  return inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, incidentId);
    requireCommand(actor, incident);
    if (!(await incidents.activeUserIds(trx, [body.ownerId])).has(body.ownerId)) throw badRequest('unknown_user', 'No active user with that id');
    const now = ctx.jobs.now();
    const id = uuidv7();
    const draft = body.type === 'revise_plan' ? await planDraft(ctx, trx, incident.plan_id, actor.id, `复盘改进 / Review action: ${body.title}`.slice(0, 2000)) : null;
    if (!(await repo.findReview(trx, incident.id))) {
      // An action before any findings: the review starts as a draft.
      const metrics = computeMetrics(await repo.metricFacts(trx, incident));
      await repo.upsertReview(trx, { incident_id: incident.id, status: 'draft', findings: null, metrics: JSON.stringify(metrics), created_by: actor.id, created_at: now, updated_at: now, completed_at: null, completed_by: null });
    }
    await repo.insertAction(trx, {
      id, incident_id: incident.id, type: body.type, title: body.title, owner_id: body.ownerId, due_at: dueAt, status: 'open', plan_version_id: draft?.versionId ?? null,
      created_by: actor.id, created_at: now, done_by: null, done_at: null, reminded_at: null,
    });
    await enqueue(trx, { type: ACTION_DUE_JOB, payload: { actionId: id }, runAt: dueAt, dedupeKey: actionKey(id), replace: true, maxAttempts: 20 }, now);
    after.wakeAt = Math.min(after.wakeAt, dueAt);
    await recordIncident(trx, {
      incidentId: incident.id, actorId: actor.id, kind: 'action_added',
      data: { actionId: id, type: body.type, title: body.title, ownerId: body.ownerId, dueAt: iso(dueAt), planVersionId: draft?.versionId ?? null, planVersion: draft?.version ?? null, draftOpened: draft?.opened ?? false },
      at: now,
    });
    await ctx.events.emit(trx, 'incident.action_added', {
      ...eventBase(incident), drill: !!incident.is_drill, actionId: id, type: body.type, actionTitle: body.title, ownerId: body.ownerId, dueAt, planVersionId: draft?.versionId ?? null,
      recipientUserIds: body.ownerId === actor.id ? [] : [body.ownerId],
    });
    after.emitted = true;
    return id;
  });
}

/** Marks an action done: its owner, or whoever commands the incident. */
export async function completeAction(ctx: AppContext, actor: Actor, incidentId: string, actionId: string, note?: string): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, incidentId);
    const action = await repo.findAction(trx, actionId);
    if (!action || action.incident_id !== incident.id) throw notFound('Action');
    if (action.owner_id !== actor.id && !canCommand(actor, incident)) throw forbidden('Only the action’s owner, the incident’s commander or a leader may complete it');
    if (action.status !== 'open') throw conflict('action_not_open', `The action is ${action.status}`, { state: action.status });
    const now = ctx.jobs.now();
    if (!(await repo.updateAction(trx, action.id, 'open', { status: 'done', done_at: now, done_by: actor.id }))) throw conflict('action_not_open', 'The action changed meanwhile; reload it');
    await cancelJobs(trx, [actionKey(action.id)]);
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'action_done', data: { actionId: action.id, type: action.type, note: note ?? null, late: now > action.due_at }, at: now });
    await ctx.events.emit(trx, 'incident.action_done', { ...eventBase(incident), drill: !!incident.is_drill, actionId: action.id, type: action.type, actorId: actor.id });
    after.emitted = true;
  });
}

/** The due reminder: an action still open at its due time reminds its owner once. */
export async function onActionDue(ctx: AppContext, actionId: string): Promise<void> {
  let emitted = false;
  await ctx.db.transaction().execute(async (trx) => {
    const first = await repo.findAction(trx, actionId);
    if (!first) return;
    const incident = await incidents.lockIncident(trx, ctx.dialect, first.incident_id);
    const action = await repo.findAction(trx, actionId);
    if (!incident || !action || action.status !== 'open' || action.reminded_at !== null) return;
    const now = ctx.jobs.now();
    if (now < action.due_at) {
      await enqueue(trx, { type: ACTION_DUE_JOB, payload: { actionId }, runAt: action.due_at, dedupeKey: actionKey(actionId), replace: true, maxAttempts: 20 }, now);
      return;
    }
    await repo.updateAction(trx, action.id, 'open', { reminded_at: now });
    await recordIncident(trx, { incidentId: incident.id, actorId: null, kind: 'action_due', data: { actionId: action.id, ownerId: action.owner_id, dueAt: iso(action.due_at) }, at: now });
    await ctx.events.emit(trx, 'incident.action_due', {
      ...eventBase(incident), drill: !!incident.is_drill, actionId: action.id, type: action.type, actionTitle: action.title, dueAt: action.due_at, recipientUserIds: [action.owner_id],
    });
    emitted = true;
  });
  if (emitted) ctx.events.flush();
}

const registered = new WeakSet<AppContext>();

/** The close hook and the action reminder job. Idempotent per context. */
export function registerIncidentReviews(ctx: AppContext): void {
  addCloseRequirement(reviewRequired);
  if (registered.has(ctx)) return;
  registered.add(ctx);
  ctx.jobs.register(ACTION_DUE_JOB, (p: { actionId: string }) => onActionDue(ctx, p.actionId));
}
