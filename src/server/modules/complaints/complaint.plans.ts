import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { badRequest, conflict, forbidden } from '../../platform/http/problem.js';
import * as repo from './complaint.repo.js';
import { presentPlan } from './complaint.presenter.js';
import { recordActivity } from './activity.js';
import type { PlanBody, PlanDecisionBody } from './complaint.schema.js';
import { loadVisible } from './complaint.access.js';
import { getComplaintView } from './complaint.queries.js';
import { insertProposal } from '../compensation/compensation.service.js';
import { kindFromText } from '../compensation/compensation.kinds.js';

export async function submitPlan(ctx: AppContext, actor: Actor, id: string, body: PlanBody) {
  const c = await loadVisible(ctx, actor, id);
  if (!can(actor, 'plan.submit')) throw forbidden('Your role may not submit handling plans');
  if (c.status !== 'in_progress') throw conflict(`illegal_transition.${c.status}.submit_plan`, 'A handling plan belongs to a complaint in progress', { state: c.status, action: 'submit_plan' });
  if (body.compensationAmount && !can(actor, 'compensation.propose')) throw forbidden('Your role may not propose compensation');
  const latest = await repo.latestPlan(ctx.db, id);
  if (latest?.status === 'submitted') throw conflict('plan_already_pending', 'A plan is already waiting for approval');
  const now = Date.now();
  const planId = uuidv7();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertPlan(trx, {
      id: planId,
      complaint_id: id,
      findings: body.findings,
      measures: body.measures,
      compensation_amount: body.compensationAmount ?? null,
      compensation_kind: body.compensationKind ?? null,
      status: 'submitted',
      submitted_by: actor.id,
      submitted_at: now,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    });
    await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'plan_submitted', data: { planId, compensationAmount: body.compensationAmount ?? null }, at: now });
    await ctx.events.emit(trx, 'plan.submitted', { complaintId: id, planId });
    // Deprecated for one release: the plan's free amount (yuan) becomes a proposed compensation
    // decision, approved on its own (within limits) like any other. Use /complaints/:id/compensations.
    if (body.compensationAmount && body.compensationAmount > 0) {
      const subject = { type: 'complaint' as const, id, departmentId: c.department_id, open: true, eventKey: { complaintId: id } };
      const reason = body.compensationKind?.trim() || body.findings.trim().slice(0, 200) || '处理方案中的补偿';
      await insertProposal(ctx, trx, subject, actor.id, { kind: kindFromText(body.compensationKind), amount: Math.round(body.compensationAmount * 100), currency: 'CNY', reason, planId }, now);
    }
  });
  ctx.events.flush();
  return getComplaintView(ctx, actor, id);
}

export async function decidePlan(ctx: AppContext, actor: Actor, id: string, body: PlanDecisionBody) {
  await loadVisible(ctx, actor, id);
  if (!can(actor, 'plan.decide')) throw forbidden('Only a leader approves handling plans');
  const plan = await repo.latestPlan(ctx.db, id);
  if (!plan || plan.status !== 'submitted') throw conflict('no_pending_plan', 'There is no handling plan waiting for a decision');
  if (body.decision === 'return' && !body.comment?.trim()) throw badRequest('comment_required', 'Say why the plan goes back');
  const now = Date.now();
  const status = body.decision === 'approve' ? 'approved' : 'returned';
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.decidePlan(trx, plan.id, { status, decided_by: actor.id, decided_at: now, decision_comment: body.comment ?? null }))) {
      throw conflict('no_pending_plan', 'The plan was decided meanwhile');
    }
    await recordActivity(trx, { complaintId: id, actorId: actor.id, kind: 'plan_decided', body: body.comment ?? null, data: { planId: plan.id, decision: status }, at: now });
    await ctx.events.emit(trx, 'plan.decided', { complaintId: id, planId: plan.id, decision: status });
  });
  ctx.events.flush();
  return getComplaintView(ctx, actor, id);
}

export async function listPlans(ctx: AppContext, actor: Actor, id: string) {
  await loadVisible(ctx, actor, id);
  return { items: (await repo.listPlans(ctx.db, id)).map(presentPlan) };
}
