import type { BilingualText, ContingencyPlanStatus, PlanContent } from '../../../shared/contingency.js';
import type { PlanRow, PlanVersionRow } from './contingency.plans.repo.js';

/** Plan and version rows → JSON (the shapes declared in contingency.plans.schema.ts). */

const iso = (at: number | null) => (at === null || at === undefined ? null : new Date(Number(at)).toISOString());
export const parseContent = (v: PlanVersionRow) => JSON.parse(v.content) as PlanContent;

export function presentVersionSummary(v: PlanVersionRow) {
  return {
    id: v.id,
    version: Number(v.version),
    status: v.status as ContingencyPlanStatus,
    title: parseContent(v).title,
    changeNote: v.change_note,
    createdBy: v.created_by,
    createdAt: iso(v.created_at)!,
    approvedBy: v.approved_by,
    approvedAt: iso(v.approved_at),
    publishedBy: v.published_by,
    publishedAt: iso(v.published_at),
    retiredAt: iso(v.retired_at),
    reviewDueAt: iso(v.review_due_at),
  };
}

export function presentVersion(plan: PlanRow, v: PlanVersionRow) {
  return { ...presentVersionSummary(v), planId: plan.id, planKey: plan.key, content: parseContent(v) };
}

/** A plan with its versions (oldest first); `now` decides whether the review is due. */
export function presentPlan(plan: PlanRow, versions: PlanVersionRow[], ownerName: string | null, now: number) {
  const latest = versions[versions.length - 1]!;
  const published = versions.find((v) => v.status === 'published');
  const draft = versions.find((v) => v.status === 'draft');
  const title: BilingualText = parseContent(latest).title;
  return {
    id: plan.id,
    key: plan.key,
    ownerId: plan.owner_id,
    ownerName,
    departmentId: plan.department_id,
    createdAt: iso(plan.created_at)!,
    updatedAt: iso(plan.updated_at)!,
    title,
    latest: presentVersionSummary(latest),
    published: published ? presentVersionSummary(published) : null,
    draftVersion: draft ? Number(draft.version) : null,
    reviewDue: !!published?.review_due_at && Number(published.review_due_at) <= now,
  };
}
