import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { isUniqueViolation } from '../complaints/complaint.repo.js';
import type { ContingencyPlanStatus, PlanContent } from '../../../shared/contingency.js';
import { planProblems } from './plan-validate.js';
import { comparePlans } from './plan-compare.js';
import { parseContent, presentPlan, presentVersion, presentVersionSummary } from './contingency.plans.presenter.js';
import type { CreatePlanBody, UpdateDraftBody, UpdatePlanBody } from './contingency.plans.schema.js';
import * as repo from './contingency.plans.repo.js';

type Trx = Transaction<Database>;
const DAY = 86_400_000;

/**
 * Emergency plans (应急预案): versions move draft → approved → published → retired. Only a draft's
 * content changes; publishing retires the previous published version and sets the review date.
 * Every change is one transaction with its audit entry and domain event (contingency.*).
 */
export class ContingencyPlanService {
  constructor(private readonly ctx: AppContext) {}

  private now = () => this.ctx.jobs.now();

  async list() {
    const [plans, versions] = await Promise.all([repo.listPlans(this.ctx.db), repo.allVersions(this.ctx.db)]);
    const byPlan = new Map<string, repo.PlanVersionRow[]>();
    for (const v of versions) byPlan.set(v.plan_id, [...(byPlan.get(v.plan_id) ?? []), v]);
    const owners = await this.ownerNames(plans.map((p) => p.owner_id));
    const now = this.now();
    return { items: plans.filter((p) => byPlan.has(p.id)).map((p) => presentPlan(p, byPlan.get(p.id)!, owners.get(p.owner_id) ?? null, now)) };
  }

  async get(planId: string) {
    const plan = await repo.findPlan(this.ctx.db, planId);
    if (!plan) throw notFound('Plan');
    const versions = await repo.versionsOf(this.ctx.db, planId);
    const owners = await this.ownerNames([plan.owner_id]);
    return { ...presentPlan(plan, versions, owners.get(plan.owner_id) ?? null, this.now()), versions: versions.map(presentVersionSummary) };
  }

  async version(planId: string, version: number) {
    const { plan, v } = await this.load(this.ctx.db, planId, version);
    return presentVersion(plan, v);
  }

  async create(actor: Actor, body: CreatePlanBody) {
    await this.check(body.content);
    const ownerId = body.ownerId ?? actor.id;
    await this.checkRefs(body);
    if (await repo.findPlanByKey(this.ctx.db, body.key)) throw conflict('plan_key_taken', `A plan with the key ${body.key} exists`);
    const planId = uuidv7();
    await this.write(async (trx) => {
      if (await repo.findPlanByKey(trx, body.key)) throw conflict('plan_key_taken', `A plan with the key ${body.key} exists`);
      await this.insertPlanWithDraft(trx, { planId, key: body.key, ownerId, departmentId: body.departmentId ?? null, content: body.content, changeNote: body.changeNote ?? null, actorId: actor.id });
    });
    return this.get(planId);
  }

  /** Changes who owns a plan (who is reminded of its review) or its department; versions are untouched. */
  async updatePlan(actor: Actor, planId: string, body: UpdatePlanBody) {
    await this.checkRefs(body);
    await this.write(async (trx) => {
      const plan = await repo.findPlan(trx, planId);
      if (!plan) throw notFound('Plan');
      await repo.updatePlan(trx, planId, { ...(body.ownerId ? { owner_id: body.ownerId } : {}), ...(body.departmentId !== undefined ? { department_id: body.departmentId } : {}), updated_at: this.now() });
      await appendAudit(trx, { actorId: actor.id, action: 'contingency.plan_update', entityType: 'contingency_plan', entityId: planId, data: { ...body } });
      await this.ctx.events.emit(trx, 'contingency.plan_updated', { planId, planKey: plan.key, actorId: actor.id, ...body });
    });
    return this.get(planId);
  }

  private async checkRefs(body: { ownerId?: string; departmentId?: string | null }) {
    if (body.ownerId && !(await this.ctx.db.selectFrom('users').select('id').where('id', '=', body.ownerId).where('active', '=', 1).executeTakeFirst())) {
      throw badRequest('unknown_user', `No active user ${body.ownerId}`);
    }
    if (body.departmentId && !(await this.ctx.db.selectFrom('departments').select('id').where('id', '=', body.departmentId).executeTakeFirst())) {
      throw badRequest('unknown_department', `No department ${body.departmentId}`);
    }
  }

  /** Inserts a plan and its version 1 as a draft (also used to install the example plans). */
  async insertPlanWithDraft(
    trx: Trx,
    p: { planId: string; key: string; ownerId: string; departmentId: string | null; content: PlanContent; changeNote: string | null; actorId: string | null },
  ): Promise<string> {
    const now = this.now();
    const versionId = uuidv7();
    await repo.insertPlan(trx, { id: p.planId, key: p.key, owner_id: p.ownerId, department_id: p.departmentId, created_at: now, updated_at: now });
    await repo.insertVersion(trx, { id: versionId, plan_id: p.planId, version: 1, status: 'draft', content: JSON.stringify(p.content), change_note: p.changeNote, created_by: p.actorId, created_at: now });
    await appendAudit(trx, { actorId: p.actorId, action: 'contingency.plan_create', entityType: 'contingency_plan', entityId: p.planId, data: { key: p.key, version: 1, ownerId: p.ownerId } });
    await this.ctx.events.emit(trx, 'contingency.plan_created', { planId: p.planId, planKey: p.key, versionId, version: 1, actorId: p.actorId });
    return versionId;
  }

  async updateDraft(actor: Actor, planId: string, version: number, body: UpdateDraftBody) {
    await this.check(body.content);
    await this.write(async (trx) => {
      const { plan, v } = await this.load(trx, planId, version);
      if (v.status !== 'draft') throw immutable(v.version, v.status);
      const now = this.now();
      const patch = { content: JSON.stringify(body.content), ...(body.changeNote !== undefined ? { change_note: body.changeNote } : {}) };
      if (!(await repo.transitionVersion(trx, v.id, 'draft', patch))) throw immutable(v.version, 'changed');
      await repo.touchPlan(trx, plan.id, now);
      await appendAudit(trx, { actorId: actor.id, action: 'contingency.plan_draft_update', entityType: 'contingency_plan', entityId: plan.id, data: { version: v.version } });
      await this.ctx.events.emit(trx, 'contingency.plan_draft_updated', { planId: plan.id, planKey: plan.key, versionId: v.id, version: v.version, actorId: actor.id });
    });
    return this.version(planId, version);
  }

  async newDraft(actor: Actor, planId: string, changeNote: string | null) {
    const version = await this.write((trx) => this.openDraft(trx, planId, actor.id, changeNote));
    return this.version(planId, version.version);
  }

  /**
   * Opens the next version as a draft copied from the newest one, in the caller's transaction — the
   * path a post-incident "revise plan" action takes too. One draft at a time (409 plan_draft_exists).
   */
  async openDraft(trx: Trx, planId: string, actorId: string | null, changeNote: string | null): Promise<{ versionId: string; version: number }> {
    const plan = await repo.findPlan(trx, planId);
    if (!plan) throw notFound('Plan');
    const versions = await repo.versionsOf(trx, planId);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) throw conflict('plan_draft_exists', `Version ${draft.version} is already a draft; edit it instead`, { version: Number(draft.version) });
    const latest = versions[versions.length - 1]!;
    const next = { versionId: uuidv7(), version: Number(latest.version) + 1 };
    const now = this.now();
    await repo.insertVersion(trx, { id: next.versionId, plan_id: planId, version: next.version, status: 'draft', content: latest.content, change_note: changeNote, created_by: actorId, created_at: now });
    await repo.touchPlan(trx, planId, now);
    await appendAudit(trx, { actorId, action: 'contingency.plan_draft_open', entityType: 'contingency_plan', entityId: planId, data: { version: next.version, from: Number(latest.version) } });
    await this.ctx.events.emit(trx, 'contingency.plan_drafted', { planId, planKey: plan.key, versionId: next.versionId, version: next.version, actorId });
    return next;
  }

  async approve(actor: Actor, planId: string, version: number) {
    await this.write((trx) => this.move(trx, actor.id, planId, version, 'approve'));
    return this.version(planId, version);
  }

  async publish(actor: Actor, planId: string, version: number) {
    await this.write((trx) => this.move(trx, actor.id, planId, version, 'publish'));
    return this.version(planId, version);
  }

  async retire(actor: Actor, planId: string, version: number) {
    await this.write((trx) => this.move(trx, actor.id, planId, version, 'retire'));
    return this.version(planId, version);
  }

  /** One lifecycle step in the caller's transaction (the example installer publishes through it too). */
  async move(trx: Trx, actorId: string | null, planId: string, version: number, action: 'approve' | 'publish' | 'retire'): Promise<void> {
    const { plan, v } = await this.load(trx, planId, version);
    const from = v.status as ContingencyPlanStatus;
    const allowed: Record<typeof action, ContingencyPlanStatus[]> = { approve: ['draft'], publish: ['approved'], retire: ['approved', 'published'] };
    if (!allowed[action].includes(from)) throw conflict(`illegal_transition.${from}.${action}`, `A ${from} version cannot be ${action === 'retire' ? 'retired' : `${action}d`}`, { state: from, action });
    const now = this.now();
    let previous: repo.PlanVersionRow | undefined;
    if (action === 'approve') {
      // Content is checked again: a draft saved before a rule was added must not slip through.
      await this.check(parseContent(v), trx);
      if (!(await repo.transitionVersion(trx, v.id, 'draft', { status: 'approved', approved_by: actorId, approved_at: now }))) throw raced();
    } else if (action === 'publish') {
      previous = (await repo.versionsOf(trx, planId)).find((x) => x.status === 'published');
      if (previous && !(await repo.transitionVersion(trx, previous.id, 'published', { status: 'retired', retired_at: now }))) throw raced();
      const reviewDueAt = now + parseContent(v).reviewEveryDays * DAY;
      if (!(await repo.transitionVersion(trx, v.id, 'approved', { status: 'published', published_by: actorId, published_at: now, review_due_at: reviewDueAt }))) throw raced();
    } else if (!(await repo.transitionVersion(trx, v.id, from, { status: 'retired', retired_at: now }))) {
      throw raced();
    }
    await repo.touchPlan(trx, planId, now);
    const data = { planId, planKey: plan.key, versionId: v.id, version: Number(v.version), actorId, ...(previous ? { retiredVersionId: previous.id, retiredVersion: Number(previous.version) } : {}) };
    await appendAudit(trx, { actorId, action: `contingency.plan_${action}`, entityType: 'contingency_plan', entityId: planId, data: { version: data.version, from, ...(previous ? { retiredVersion: data.retiredVersion } : {}) } });
    await this.ctx.events.emit(trx, `contingency.plan_${action === 'approve' ? 'approved' : action === 'publish' ? 'published' : 'retired'}`, data);
  }

  async compare(planId: string, from: number, to: number) {
    const a = await this.load(this.ctx.db, planId, from);
    const b = await this.load(this.ctx.db, planId, to);
    return { planId, from, to, ...comparePlans(parseContent(a.v), parseContent(b.v)) };
  }

  async load(db: AppContext['db'] | Trx, planId: string, version: number) {
    const plan = await repo.findPlan(db, planId);
    const v = plan && (await repo.findVersion(db, planId, version));
    if (!plan || !v) throw notFound('Plan version');
    return { plan, v: { ...v, version: Number(v.version) } };
  }

  /** Rules the schema cannot express, and categories that exist. 400 with the first problem's code and all of them. */
  async check(content: PlanContent, db: AppContext['db'] | Trx = this.ctx.db): Promise<void> {
    const problems = planProblems(content);
    const ids = [...new Set(content.scope.categoryIds)];
    if (ids.length) {
      const known = new Set((await db.selectFrom('categories').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
      ids.filter((id) => !known.has(id)).forEach((id) => problems.push({ code: 'unknown_category', path: '/scope/categoryIds', message: `No category ${id}` }));
    }
    // `errors` has the one Problem shape ({path, message}); `codes` names each one's rule, in the same order.
    if (problems.length) {
      throw badRequest(problems[0]!.code, problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
        errors: problems.map((p) => ({ path: p.path, message: p.message })),
        codes: problems.map((p) => p.code),
      });
    }
  }

  private async ownerNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** A transaction whose lost races (two drafts, two version numbers) answer 409, then the events flush. */
  private async write<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    try {
      const out = await this.ctx.db.transaction().execute(fn);
      this.ctx.events.flush();
      return out;
    } catch (e) {
      if (!(e instanceof AppError) && isUniqueViolation(e)) throw raced();
      throw e;
    }
  }
}

const immutable = (version: number, status: string) =>
  conflict('plan_version_immutable', `Version ${version} is ${status}; only a draft changes — open a new draft version`, { version, state: status });
const raced = () => conflict('plan_changed', 'The plan changed meanwhile; reload and try again');
