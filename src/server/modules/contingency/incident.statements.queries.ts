// Reading statements: an incident's statements with their standing approvals, one statement's
// history (every revision, every approval), and the public notice page (published statements of
// real incidents; nothing internal: no incident, author or approver).
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { notFound } from '../../platform/http/problem.js';
import { visibleIncident } from './incident.access.js';
import { userNames } from './incident.repo.js';
import { iso } from './incident.timers.js';
import { standing } from './incident.statements.service.js';
import * as repo from './incident.statements.repo.js';

type Names = Map<string, string>;
const person = (id: string | null, names: Names) => (id ? { id, name: names.get(id) ?? '' } : null);
const capacityOf = (c: string) => (c === 'leader' ? 'leader' : 'pr_officer') as 'leader' | 'pr_officer';
const presentApproval = (a: repo.ApprovalRow, names: Names) => ({ capacity: capacityOf(a.capacity), user: person(a.user_id, names), revision: a.revision, createdAt: iso(a.created_at)!, voidedAt: iso(a.voided_at) });

function present(s: repo.StatementRow, approvals: repo.ApprovalRow[], names: Names) {
  const current = standing(approvals, s);
  const given = new Set(current.map((a) => a.capacity));
  return {
    id: s.id,
    incidentId: s.incident_id,
    status: s.status as 'draft' | 'submitted' | 'published' | 'withdrawn' | 'superseded',
    revision: s.revision,
    title: { zh: s.title_zh, en: s.title_en },
    body: { zh: s.body_zh, en: s.body_en },
    isDrill: !!s.is_drill,
    supersedesId: s.supersedes_id,
    createdBy: person(s.created_by, names),
    createdAt: iso(s.created_at)!,
    updatedAt: iso(s.updated_at)!,
    submittedAt: iso(s.submitted_at),
    publishedAt: iso(s.published_at),
    publishedBy: person(s.published_by, names),
    endedAt: iso(s.ended_at),
    endReason: s.end_reason,
    approvals: current.map((a) => presentApproval(a, names)),
    missingApprovals: (['pr_officer', 'leader'] as const).filter((c) => !given.has(c)),
  };
}

export async function listStatements(ctx: AppContext, actor: Actor, incidentId: string) {
  const incident = await visibleIncident(ctx.db, actor, incidentId);
  const rows = await repo.statementsOf(ctx.db, incident.id);
  const approvals = await repo.approvalsOf(ctx.db, rows.map((r) => r.id));
  const names = await userNames(ctx.db, [...rows.flatMap((r) => [r.created_by, r.published_by]), ...approvals.map((a) => a.user_id)]);
  return { items: rows.map((r) => present(r, approvals, names)) };
}

export async function getStatement(ctx: AppContext, actor: Actor, incidentId: string, statementId: string) {
  const { items } = await listStatements(ctx, actor, incidentId);
  const s = items.find((x) => x.id === statementId);
  if (!s) throw notFound('Statement');
  return s;
}

export async function statementHistory(ctx: AppContext, actor: Actor, incidentId: string, statementId: string) {
  const statement = await getStatement(ctx, actor, incidentId, statementId);
  const [revisions, approvals] = await Promise.all([repo.revisionsOf(ctx.db, statementId), repo.approvalsOf(ctx.db, [statementId])]);
  const names = await userNames(ctx.db, [...revisions.map((r) => r.edited_by), ...approvals.map((a) => a.user_id)]);
  return {
    statement,
    revisions: revisions.map((r) => ({ revision: r.revision, title: { zh: r.title_zh, en: r.title_en }, body: { zh: r.body_zh, en: r.body_en }, editedBy: person(r.edited_by, names), createdAt: iso(r.created_at)! })),
    approvals: approvals.map((a) => presentApproval(a, names)),
  };
}

const notice = (s: repo.StatementRow) => ({ id: s.id, title: { zh: s.title_zh, en: s.title_en }, body: { zh: s.body_zh, en: s.body_en }, publishedAt: iso(s.published_at)! });

export async function listNotices(ctx: AppContext) {
  return { items: (await repo.publicNotices(ctx.db, 100)).map(notice) };
}

export async function getNotice(ctx: AppContext, id: string) {
  const s = await repo.findStatement(ctx.db, id);
  if (!s || s.status !== 'published' || s.is_drill) throw notFound('Notice');
  return notice(s);
}
