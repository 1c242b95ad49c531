// Public statements (公开声明) of an incident: drafted (statement.draft) in both languages, possibly
// from the plan's `public` template, edited while unpublished (every text kept as a revision; an
// edit voids standing approvals and sends a submitted statement back to draft), submitted, approved
// by BOTH a PR officer and a leader (two different people, either order), then published
// (statement.publish): on the public notice page and, as `incident.statement_published`, to the
// outbound webhooks. A newer published statement supersedes the previous one; a published one can be
// withdrawn. A drill's statements stay internal: marked, never public, no outbound event.
import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/schema.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import type { BilingualText } from '../../../shared/contingency.js';
import { inTransaction, lockVisible } from './incident.access.js';
import { recordIncident } from './incident.timeline.js';
import { eventBase, iso, pinnedContent } from './incident.timers.js';
import * as repo from './incident.statements.repo.js';
import type { IncidentRow } from './incident.repo.js';
import { activeUsersWithRole } from './incident.repo.js';

type Trx = Transaction<Database>;
export type Capacity = 'pr_officer' | 'leader';
export const DRILL_MARK = { zh: '【演练】', en: '[DRILL] ' } as const;

export interface DraftInput {
  templateKey?: string;
  title?: BilingualText;
  body?: BilingualText;
}

const markDrill = (t: BilingualText): BilingualText => ({
  zh: t.zh.startsWith(DRILL_MARK.zh) ? t.zh : DRILL_MARK.zh + t.zh,
  en: t.en.startsWith(DRILL_MARK.en) ? t.en : DRILL_MARK.en + t.en,
});

/** The approvals standing on the statement's current text. */
export const standing = (approvals: repo.ApprovalRow[], s: repo.StatementRow) => approvals.filter((a) => a.statement_id === s.id && a.voided_at === null && a.revision === s.revision);

async function lockStatement(ctx: AppContext, trx: Trx, actor: Actor, incidentId: string, statementId: string): Promise<{ incident: IncidentRow; s: repo.StatementRow }> {
  const incident = await lockVisible(ctx, trx, actor, incidentId);
  const s = await repo.findStatement(trx, statementId);
  if (!s || s.incident_id !== incident.id) throw notFound('Statement');
  return { incident, s };
}

const notEnded = (s: repo.StatementRow) => {
  if (s.status !== 'draft' && s.status !== 'submitted') throw conflict('statement_not_editable', `The statement is ${s.status}`, { state: s.status });
};

export async function draftStatement(ctx: AppContext, actor: Actor, incidentId: string, input: DraftInput): Promise<string> {
  return inTransaction(ctx, async (trx, after) => {
    const incident = await lockVisible(ctx, trx, actor, incidentId);
    if (incident.status === 'closed') throw conflict('incident_not_active', 'The incident is closed', { state: incident.status });
    let title = input.title;
    let body = input.body;
    if (!title || !body) {
      // Start from the plan's public template (the named one, else the first) for what is missing.
      const templates = (await pinnedContent(trx, incident.plan_version_id)).templates.filter((t) => t.audience === 'public');
      const t = input.templateKey ? templates.find((x) => x.key === input.templateKey) : templates[0];
      if (!t) throw badRequest(input.templateKey ? 'unknown_template' : 'statement_text_required', input.templateKey ? `The plan has no public template ${input.templateKey}` : 'Give a title and body: the plan has no public template');
      title ??= t.subject;
      body ??= t.body;
    }
    if (incident.is_drill) title = markDrill(title);
    const now = ctx.jobs.now();
    const id = uuidv7();
    await repo.insertStatement(trx, {
      id, incident_id: incident.id, status: 'draft', revision: 1, title_zh: title.zh, title_en: title.en, body_zh: body.zh, body_en: body.en, is_drill: incident.is_drill,
      supersedes_id: null, created_by: actor.id, created_at: now, updated_at: now, submitted_at: null, published_at: null, published_by: null, ended_at: null, ended_by: null, end_reason: null,
    });
    await repo.insertRevision(trx, { id: uuidv7(), statement_id: id, revision: 1, title_zh: title.zh, title_en: title.en, body_zh: body.zh, body_en: body.en, edited_by: actor.id, created_at: now });
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'statement_drafted', data: { statementId: id, revision: 1, templateKey: input.templateKey ?? null, drill: !!incident.is_drill }, at: now });
    await ctx.events.emit(trx, 'incident.statement_drafted', { ...eventBase(incident), drill: !!incident.is_drill, statementId: id, actorId: actor.id });
    after.emitted = true;
    return id;
  });
}

/** A new revision of the text; standing approvals are void and a submitted statement returns to draft. */
export async function editStatement(ctx: AppContext, actor: Actor, incidentId: string, statementId: string, input: { title: BilingualText; body: BilingualText }): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const { incident, s } = await lockStatement(ctx, trx, actor, incidentId, statementId);
    notEnded(s);
    const title = incident.is_drill ? markDrill(input.title) : input.title;
    const now = ctx.jobs.now();
    const revision = s.revision + 1;
    if (!(await repo.updateStatement(trx, s.id, s.status, { status: 'draft', revision, title_zh: title.zh, title_en: title.en, body_zh: input.body.zh, body_en: input.body.en, submitted_at: null, updated_at: now }))) {
      throw conflict('statement_changed', 'The statement changed meanwhile; reload it');
    }
    await repo.insertRevision(trx, { id: uuidv7(), statement_id: s.id, revision, title_zh: title.zh, title_en: title.en, body_zh: input.body.zh, body_en: input.body.en, edited_by: actor.id, created_at: now });
    const voided = await repo.voidApprovals(trx, s.id, now);
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'statement_edited', data: { statementId: s.id, revision, voidedApprovals: voided, from: s.status }, at: now });
    await ctx.events.emit(trx, 'incident.statement_edited', { ...eventBase(incident), drill: !!incident.is_drill, statementId: s.id, revision, voidedApprovals: voided, actorId: actor.id });
    after.emitted = true;
  });
}

export async function submitStatement(ctx: AppContext, actor: Actor, incidentId: string, statementId: string): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const { incident, s } = await lockStatement(ctx, trx, actor, incidentId, statementId);
    if (s.status !== 'draft') throw conflict('statement_not_draft', `The statement is ${s.status}`, { state: s.status });
    const now = ctx.jobs.now();
    if (!(await repo.updateStatement(trx, s.id, 'draft', { status: 'submitted', submitted_at: now, updated_at: now }))) throw conflict('statement_changed', 'The statement changed meanwhile; reload it');
    // The approvers: every active PR officer and leader but the submitter.
    const approvers = new Set<string>();
    for (const role of ['pr_officer', 'leader']) for (const u of await activeUsersWithRole(trx, role)) approvers.add(u.id);
    approvers.delete(actor.id);
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'statement_submitted', data: { statementId: s.id, revision: s.revision }, at: now });
    await ctx.events.emit(trx, 'incident.statement_submitted', {
      ...eventBase(incident), drill: !!incident.is_drill, statementId: s.id, revision: s.revision, statementZh: s.title_zh, statementEn: s.title_en, actorId: actor.id, recipientUserIds: [...approvers],
    });
    after.emitted = true;
  });
}

/** The capacity a person approves in: the one of their roles still missing (a PR officer and a leader are both needed). */
export function approvalCapacity(roles: readonly string[], given: Capacity[]): Capacity | undefined {
  const mine = (['pr_officer', 'leader'] as const).filter((c) => roles.includes(c));
  return mine.find((c) => !given.includes(c));
}

export async function approveStatement(ctx: AppContext, actor: Actor, incidentId: string, statementId: string): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const { incident, s } = await lockStatement(ctx, trx, actor, incidentId, statementId);
    if (s.status !== 'submitted') throw conflict('statement_not_submitted', `Only a submitted statement can be approved; it is ${s.status}`, { state: s.status });
    const current = standing(await repo.approvalsOf(trx, [s.id]), s);
    if (current.some((a) => a.user_id === actor.id)) throw conflict('statement_same_approver', 'You already approved this statement: the other approval must come from someone else');
    const capacity = approvalCapacity(actor.roles, current.map((a) => a.capacity as Capacity));
    if (!capacity) throw conflict('statement_already_approved', 'The approval your role gives is already there', { state: s.status });
    const now = ctx.jobs.now();
    await repo.insertApproval(trx, { id: uuidv7(), statement_id: s.id, revision: s.revision, capacity, user_id: actor.id, created_at: now, voided_at: null });
    const complete = current.length + 1 === 2;
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'statement_approved', data: { statementId: s.id, revision: s.revision, capacity, complete }, at: now });
    // Once both approvals stand, the PR officers may publish: tell them (and the drafter).
    const tell = complete ? [...(await activeUsersWithRole(trx, 'pr_officer')).map((u) => u.id), ...(s.created_by ? [s.created_by] : [])].filter((u) => u !== actor.id) : [];
    await ctx.events.emit(trx, 'incident.statement_approved', {
      ...eventBase(incident), drill: !!incident.is_drill, statementId: s.id, revision: s.revision, capacity, complete, statementZh: s.title_zh, statementEn: s.title_en, actorId: actor.id, recipientUserIds: [...new Set(tell)],
    });
    after.emitted = true;
  });
}

export async function publishStatement(ctx: AppContext, actor: Actor, incidentId: string, statementId: string): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const { incident, s } = await lockStatement(ctx, trx, actor, incidentId, statementId);
    if (s.status !== 'submitted') throw conflict('statement_not_submitted', `Only a submitted, approved statement can be published; it is ${s.status}`, { state: s.status });
    const capacities = new Set(standing(await repo.approvalsOf(trx, [s.id]), s).map((a) => a.capacity));
    const missing = (['pr_officer', 'leader'] as const).filter((c) => !capacities.has(c));
    if (missing.length) throw conflict('statement_approvals_missing', `Approval still missing: ${missing.join(', ')}`, { missing });
    const now = ctx.jobs.now();
    const previous = (await repo.statementsOf(trx, incident.id)).find((x) => x.status === 'published');
    if (previous) {
      await repo.updateStatement(trx, previous.id, 'published', { status: 'superseded', ended_at: now, ended_by: actor.id, end_reason: `superseded by ${s.id}`, updated_at: now });
    }
    if (!(await repo.updateStatement(trx, s.id, 'submitted', { status: 'published', published_at: now, published_by: actor.id, supersedes_id: previous?.id ?? null, updated_at: now }))) {
      throw conflict('statement_changed', 'The statement changed meanwhile; reload it');
    }
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'statement_published', data: { statementId: s.id, revision: s.revision, supersededId: previous?.id ?? null, public: !incident.is_drill }, at: now });
    if (!incident.is_drill) {
      // Outbound: webhooks subscribed to incident.* / incident.statement_published receive the text.
      await ctx.events.emit(trx, 'incident.statement_published', {
        ...eventBase(incident), drill: false, statementId: s.id, supersedesId: previous?.id ?? null,
        // `title` is the incident's (eventBase): the statement's own text travels under `statement`.
        statement: { id: s.id, revision: s.revision, title: { zh: s.title_zh, en: s.title_en }, body: { zh: s.body_zh, en: s.body_en }, publishedAt: iso(now) },
      });
      after.emitted = true;
    }
  });
}

/** Withdraws a published statement (off the public page) or discards an unpublished one; the history stays. */
export async function withdrawStatement(ctx: AppContext, actor: Actor, incidentId: string, statementId: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (trx, after) => {
    const { incident, s } = await lockStatement(ctx, trx, actor, incidentId, statementId);
    if (s.status === 'withdrawn' || s.status === 'superseded') throw conflict('statement_ended', `The statement is already ${s.status}`, { state: s.status });
    const now = ctx.jobs.now();
    if (!(await repo.updateStatement(trx, s.id, s.status, { status: 'withdrawn', ended_at: now, ended_by: actor.id, end_reason: reason, updated_at: now }))) throw conflict('statement_changed', 'The statement changed meanwhile; reload it');
    await recordIncident(trx, { incidentId: incident.id, actorId: actor.id, kind: 'statement_withdrawn', data: { statementId: s.id, from: s.status, reason }, at: now });
    if (s.status === 'published' && !incident.is_drill) {
      await ctx.events.emit(trx, 'incident.statement_withdrawn', { ...eventBase(incident), drill: false, statementId: s.id, reason, withdrawnAt: iso(now) });
      after.emitted = true;
    }
  });
}
