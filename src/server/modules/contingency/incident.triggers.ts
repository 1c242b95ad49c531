// Automatic activation (预警与启动): subscribers on the triage and complaint events that choose the
// published plan whose scope and activation criteria fit, and open — or join — an incident in the
// event delivery's transaction. One cluster or one complaint opens at most one incident (trigger
// keys are unique); complaints that join a cluster later are linked to the incident it already has.
import type { AppContext } from '../../context.js';
import type { Delivery, DomainEvent } from '../../platform/events/events.js';
import { publishedVersions, planForCategory, type PlanVersionRef } from './contingency.plans.repo.js';
import { categoryPath } from '../sla/sla.repo.js';
import { criteriaFire, scopeCovers, scopeSpecificity, type Subject, type TriggerKind } from './incident.plan.js';
import { activateIncident, linkToIncident, type AfterCommit } from './incident.activation.js';
import * as repo from './incident.repo.js';

type Trx = Delivery['trx'];

/**
 * The plan a trigger activates:
 * 1. the plan the category — or the nearest category above it that names one — is mapped to (应对策略):
 *    a mapping is authoritative, so a mapped plan that does not fit this trigger activates nothing;
 * 2. else the plan whose scope names the category most specifically (then by plan key);
 * 3. else a catch-all plan (no categories in its scope), but only when exactly one fits — with
 *    several (the shipped examples all are) the choice is ambiguous, and nothing activates until the
 *    category is mapped. A `category` trigger activates only the category's own plan.
 */
export async function choosePlan(trx: Trx, kind: TriggerKind, s: Subject & { clusterSize?: number }): Promise<PlanVersionRef | undefined> {
  const fits = (v: PlanVersionRef) => scopeCovers(v.content, s) && criteriaFire(v.content.activation, kind, s);
  for (const categoryId of s.categoryPath) {
    const mapped = await planForCategory(trx, categoryId);
    if (mapped?.planId) return mapped.published && fits(mapped.published) ? mapped.published : undefined;
  }
  if (kind === 'category') return undefined;
  const all = (await publishedVersions(trx)).filter(fits);
  const named = all.filter((v) => scopeSpecificity(v.content, s) > 0);
  named.sort((a, b) => scopeSpecificity(b.content, s) - scopeSpecificity(a.content, s) || (a.planKey < b.planKey ? -1 : 1));
  if (named.length) return named[0];
  const catchAll = all.filter((v) => !v.content.scope.categoryIds.length);
  return catchAll.length === 1 ? catchAll[0] : undefined;
}

/** An alert from outside names a department that may not exist: only a known one is kept. */
async function existingDepartment(trx: Trx, id: unknown): Promise<string | null> {
  if (typeof id !== 'string' || !id) return null;
  return (await trx.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst())?.id ?? null;
}

/** The most common category among the complaints (the first one's on a tie) and the most severe level. */
function subjectOf(facts: repo.ComplaintFacts[]): { categoryId: string | null; level: number } {
  const counts = new Map<string, number>();
  for (const f of facts) if (f.category_id) counts.set(f.category_id, (counts.get(f.category_id) ?? 0) + 1);
  let categoryId: string | null = null;
  for (const f of facts) if (f.category_id && (categoryId === null || counts.get(f.category_id)! > counts.get(categoryId)!)) categoryId = f.category_id;
  return { categoryId, level: Math.min(...facts.map((f) => f.level)) };
}

export class IncidentTriggers {
  constructor(private readonly ctx: AppContext) {}

  register(): void {
    const on = (type: string, fn: (e: DomainEvent<Record<string, any>>, trx: Trx, after: AfterCommit) => Promise<void>) =>
      this.ctx.events.on(type, async (e, delivery) => {
        const after: AfterCommit = { emitted: false, wakeAt: Infinity };
        await fn(e, delivery.trx, after);
        if (after.emitted) delivery.afterCommit(this.flush);
        if (after.wakeAt < Infinity) delivery.afterCommit(() => this.ctx.jobs.wake(after.wakeAt));
      });
    on('triage.mass_complaint', (e, trx, after) => this.onMassComplaint(e.data, trx, after));
    on('triage.fast_path', (e, trx, after) => this.onComplaint(String(e.data.complaintId ?? ''), 'fast_path', trx, after));
    on('complaint.created', (e, trx, after) => this.onComplaint(String(e.data.complaintId ?? ''), 'category', trx, after));
    on('complaint.updated', async (e, trx, after) => {
      const changes = (e.data.changes ?? []) as string[];
      if (changes.includes('category_id') || changes.includes('level')) await this.onComplaint(String(e.data.complaintId ?? ''), 'category', trx, after);
    });
    // Public-opinion monitoring (舆情) will emit this; accepted now so activation needs no change then.
    on('opinion.alert', (e, trx, after) => this.onOpinionAlert(e.data, trx, after));
  }

  private readonly flush = () => this.ctx.events.flush();

  /** A cluster became a mass complaint (群体性投诉), or was announced again: one incident for it. */
  async onMassComplaint(d: Record<string, any>, trx: Trx, after: AfterCommit): Promise<void> {
    const clusterId = typeof d.clusterId === 'string' ? d.clusterId : undefined;
    if (!clusterId) return;
    const listed = Array.isArray(d.complaintIds) ? d.complaintIds.filter((x: unknown): x is string => typeof x === 'string') : [];
    const facts = await repo.complaintFacts(trx, [...new Set([...listed, ...(await repo.clusterMembers(trx, clusterId))])]);
    if (!facts.length) return;
    const ids = facts.map((f) => f.id);
    const existing = await repo.findByTrigger(trx, `cluster:${clusterId}`);
    if (existing) {
      await linkToIncident(this.ctx, trx, existing, ids, 'cluster', null, after);
      return;
    }
    const s = subjectOf(facts);
    const subject = { categoryPath: await categoryPath(trx, s.categoryId), level: s.level, clusterSize: Math.max(Number(d.size) || 0, facts.length) };
    const version = await choosePlan(trx, 'mass_cluster', subject);
    if (!version) return;
    // A member already under a running incident of this plan (its own trigger came first): the cluster joins it.
    const covering = (await repo.openIncidentsCovering(trx, ids)).find((i) => i.plan_id === version.planId);
    if (covering) {
      await linkToIncident(this.ctx, trx, covering, ids, 'cluster', null, after);
      return;
    }
    const cluster = await trx.selectFrom('clusters').select('subject').where('id', '=', clusterId).executeTakeFirst();
    await activateIncident(this.ctx, trx, {
      version, level: s.level, title: cluster?.subject ?? facts[0].subject, trigger: 'mass_cluster', triggerKey: `cluster:${clusterId}`,
      departmentId: facts[0].department_id, complaintIds: ids, activatedBy: null, details: { clusterId, clusterSize: subject.clusterSize },
    }, after);
  }

  /**
   * One complaint: if its cluster already has a running incident, it joins it; otherwise a fast path
   * (Ⅰ–Ⅱ) or its category's plan may open one keyed by the complaint.
   */
  async onComplaint(complaintId: string, kind: 'fast_path' | 'category', trx: Trx, after: AfterCommit): Promise<void> {
    if (!complaintId) return;
    const [facts] = await repo.complaintFacts(trx, [complaintId]);
    if (!facts) return;
    const clusterId = await repo.clusterOf(trx, complaintId);
    if (clusterId) {
      const running = await repo.openIncidentsForCluster(trx, clusterId);
      for (const i of running) await linkToIncident(this.ctx, trx, i, [complaintId], 'cluster', null, after);
      if (running.length) return;
    }
    if ((await repo.openIncidentsCovering(trx, [complaintId])).length) return;
    const subject = { categoryPath: await categoryPath(trx, facts.category_id), level: facts.level };
    const version = await choosePlan(trx, kind, subject);
    if (!version) return;
    await activateIncident(this.ctx, trx, {
      version, level: facts.level, title: facts.subject, trigger: kind, triggerKey: `complaint:${complaintId}`,
      departmentId: facts.department_id, complaintIds: [complaintId], activatedBy: null, details: { complaintId },
    }, after);
  }

  /** `opinion.alert` {alertId, title, level?, categoryId?, departmentId?, complaintIds?}. */
  async onOpinionAlert(d: Record<string, any>, trx: Trx, after: AfterCommit): Promise<void> {
    const alertId = typeof d.alertId === 'string' ? d.alertId : typeof d.id === 'string' ? d.id : undefined;
    if (!alertId) return;
    const categoryId = typeof d.categoryId === 'string' ? d.categoryId : null;
    const level = Number.isInteger(d.level) && d.level >= 1 && d.level <= 4 ? Number(d.level) : 3;
    const complaintIds = (await repo.complaintFacts(trx, Array.isArray(d.complaintIds) ? d.complaintIds.filter((x: unknown): x is string => typeof x === 'string') : [])).map((f) => f.id);
    const version = await choosePlan(trx, 'opinion_alert', { categoryPath: await categoryPath(trx, categoryId), level });
    if (!version) return;
    await activateIncident(this.ctx, trx, {
      version, level, title: typeof d.title === 'string' && d.title ? d.title.slice(0, 200) : alertId, trigger: 'opinion_alert', triggerKey: `opinion:${alertId}`,
      departmentId: await existingDepartment(trx, d.departmentId), complaintIds, activatedBy: null, details: { alertId },
    }, after);
  }
}
