// Activating a plan by hand (POST /incidents): leaders and admins anywhere; a department head only
// for their own subtree — complaints they cannot see are 404 (as on complaint routes), a department
// outside their subtree is 403.
import type { AppContext } from '../../context.js';
import { can, workDepartmentIds, type Actor } from '../../platform/auth/actor.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { canSee } from '../complaints/complaint.policy.js';
import { getPlanVersion, publishedVersions, type PlanVersionRef } from './contingency.plans.repo.js';
import { activateIncident } from './incident.activation.js';
import { inTransaction } from './incident.access.js';
import * as repo from './incident.repo.js';

export interface ManualActivation {
  planId?: string;
  planVersionId?: string;
  complaintIds?: string[];
  departmentId?: string;
  level: number;
  title: string;
}

async function publishedVersion(ctx: AppContext, body: ManualActivation): Promise<PlanVersionRef> {
  if (!!body.planId === !!body.planVersionId) throw badRequest('plan_required', 'Name the plan: planId or planVersionId, one of them');
  if (body.planVersionId) {
    const v = await getPlanVersion(ctx.db, body.planVersionId);
    if (!v) throw notFound('Plan version');
    if (v.status !== 'published') throw conflict('plan_not_published', `Plan version ${v.version} is ${v.status}; only a published version can be activated`, { state: v.status });
    return v;
  }
  const v = (await publishedVersions(ctx.db)).find((p) => p.planId === body.planId);
  if (v) return v;
  const plan = await ctx.db.selectFrom('contingency_plans').select('id').where('id', '=', body.planId!).executeTakeFirst();
  if (!plan) throw notFound('Plan');
  throw conflict('plan_not_published', 'The plan has no published version');
}

export async function activateByHand(ctx: AppContext, actor: Actor, body: ManualActivation): Promise<string> {
  const version = await publishedVersion(ctx, body);
  const ids = [...new Set(body.complaintIds ?? [])];
  const complaints = ids.length ? await ctx.db.selectFrom('complaints').select(['id', 'department_id', 'owner_id', 'created_by']).where('id', 'in', ids).execute() : [];
  for (const id of ids) {
    const c = complaints.find((x) => x.id === id);
    if (!c || !canSee(actor, c)) throw notFound('Complaint');
  }
  // Those who command every incident may activate anywhere; a department head only in their subtree.
  const restricted = !can(actor, 'incident.command');
  const mine = workDepartmentIds(actor);
  const departmentId = body.departmentId ?? complaints.find((c) => ids[0] === c.id)?.department_id ?? (restricted ? (actor.departmentIds[0] ?? null) : null);
  if (body.departmentId && !(await ctx.db.selectFrom('departments').select('id').where('id', '=', body.departmentId).executeTakeFirst())) throw notFound('Department');
  if (restricted) {
    if (!departmentId || !mine.includes(departmentId)) throw new AppError(403, 'department_out_of_scope', 'A department head may activate a plan only for their own departments');
    for (const c of complaints) if (!c.department_id || !mine.includes(c.department_id)) throw notFound('Complaint');
  }
  return inTransaction(ctx, async (trx, after) => {
    const covering = (await repo.openIncidentsCovering(trx, ids)).find((i) => i.plan_id === version.planId);
    if (covering) throw conflict('incident_already_active', `Incident ${covering.code} already runs this plan for these complaints`, { incidentId: covering.id });
    const { incident } = await activateIncident(ctx, trx, {
      version, level: body.level, title: body.title, trigger: 'manual', triggerKey: null, departmentId, complaintIds: ids, activatedBy: actor.id,
    }, after);
    return incident.id;
  });
}
