import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DomainEvent } from '../../platform/events/events.js';
import { formatAmount } from '../compensation/compensation.limits.js';
import { departmentHeads } from '../sla/sla.repo.js';
import * as repo from './notification.repo.js';
import { isNotificationType, type NotificationType } from './preferences.js';
import type { TemplateVars } from './templates.js';

// Who hears about each domain event, as which notification type, with which template values. Modules
// whose events name their own recipients (sla.*, compensation.*, incident.*) pass recipientUserIds.

export interface Target {
  userId: string;
  type: NotificationType;
  vars: TemplateVars;
}

/** Who hears about an event, and as which notification type. */
export async function recipientsOf(db: Transaction<Database>, e: DomainEvent<Record<string, unknown>>, facts: repo.ComplaintFacts | undefined): Promise<Target[]> {
  const d = e.data ?? {};
  const base: TemplateVars = facts
    ? { trackingNo: facts.tracking_no, subject: facts.subject, level: facts.level, departmentZh: facts.department_zh, departmentEn: facts.department_en }
    : {};
  const to = (ids: Iterable<string>, type: NotificationType, vars: TemplateVars = base): Target[] => [...new Set(ids)].map((userId) => ({ userId, type, vars }));

  switch (e.type) {
    case 'complaint.status_changed': {
      if (d.action !== 'assign' || !facts) return [];
      if (typeof d.ownerId === 'string' && d.ownerId) return to([d.ownerId], 'complaint.assigned');
      const departmentId = typeof d.departmentId === 'string' ? d.departmentId : facts.department_id;
      if (!departmentId) return [];
      const members = (await repo.departmentMembers(db, departmentId)).map((m) => ({ id: m.id, roles: JSON.parse(m.roles) as string[] }));
      const handlers = members.filter((m) => m.roles.includes('handler')).map((m) => m.id);
      // No handler in the department: the nearest head up the tree takes the dispatch (the leaders at the top).
      return to(handlers.length ? handlers : await departmentHeads(db, departmentId), 'complaint.assigned');
    }
    case 'plan.submitted':
      return facts ? to(await repo.activeUsersWithRole(db, 'leader'), 'plan.submitted') : [];
    case 'triage.mass_complaint':
      // A mass complaint (群体性投诉) is for the leaders: the event names its first complaint.
      return to(await repo.activeUsersWithRole(db, 'leader'), 'triage.mass_complaint', { ...base, size: typeof d.size === 'number' ? d.size : undefined });
    case 'plan.decided': {
      if (!facts || typeof d.planId !== 'string') return [];
      const plan = await repo.planSubmitter(db, d.planId);
      return plan ? to([plan.submitted_by], 'plan.decided', { ...base, decision: String(d.decision ?? ''), comment: plan.decision_comment }) : [];
    }
    case 'contingency.review_due': {
      // An emergency plan past its review date (modules/contingency plan-reviews.ts): its owner.
      if (typeof d.ownerId !== 'string') return [];
      const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
      return to([d.ownerId], 'contingency.review_due', {
        planZh: str('titleZh'),
        planEn: str('titleEn'),
        planVersion: typeof d.version === 'number' ? d.version : undefined,
        dueAt: typeof d.reviewDueAt === 'number' ? d.reviewDueAt : null,
      });
    }
    case 'opinion.alert': {
      // A public-opinion alert (modules/opinion): the event names the PR officers and leaders (none in quiet hours).
      const ids = Array.isArray(d.recipientUserIds) ? d.recipientUserIds.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
      const vars: TemplateVars = { subject: typeof d.watchlistName === 'string' ? d.watchlistName : undefined, alertColor: typeof d.color === 'string' ? d.color : undefined };
      return to(ids, 'opinion.alert', vars);
    }
    case 'compensation.proposed':
    case 'compensation.decided':
    case 'compensation.paid': {
      // The compensation module names the recipients (approvers of the right level; the proposer).
      const ids = Array.isArray(d.recipientUserIds) ? d.recipientUserIds.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
      const amount = typeof d.amount === 'number' ? formatAmount(d.amount, typeof d.currency === 'string' ? d.currency : undefined) : undefined;
      // An incident's compensation: no complaint facts; the event carries the incident's code and title.
      const incident = facts ? {} : { trackingNo: typeof d.code === 'string' ? d.code : undefined, subject: typeof d.title === 'string' ? d.title : undefined, drill: d.isDrill === true };
      return to(ids, e.type, { ...base, ...incident, amount, ...(typeof d.decision === 'string' ? { decision: d.decision } : {}) });
    }
    default: {
      if (e.type.startsWith('incident.')) return incidentRecipients(e);
      // The SLA module's events name their recipients: sla.warning / breached / escalated,
      // supervision (督办) and extension (延期) notices.
      if (!e.type.startsWith('sla.') || !isNotificationType(e.type)) return [];
      const ids = Array.isArray(d.recipientUserIds) ? d.recipientUserIds.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
      const rawDue = d.dueAt ?? d.newDueAt;
      const dueAt = typeof rawDue === 'number' ? rawDue : typeof rawDue === 'string' ? Date.parse(rawDue) : NaN;
      const vars: TemplateVars = {
        ...base,
        level: typeof d.level === 'number' ? d.level : base.level,
        kind: typeof d.kind === 'string' ? d.kind : undefined,
        dueAt: Number.isFinite(dueAt) ? dueAt : null,
        ...(typeof d.decision === 'string' ? { decision: d.decision } : {}),
        ...(d.overdue === true ? { overdue: true } : {}),
      };
      return to(ids, e.type, vars);
    }
  }
}

/** Incident events (modules/contingency) name their recipients; the incident's code and title head the notice. */
function incidentRecipients(e: DomainEvent<Record<string, unknown>>): Target[] {
  const d = e.data ?? {};
  if (!isNotificationType(e.type)) return [];
  const ids = Array.isArray(d.recipientUserIds) ? d.recipientUserIds.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const vars: TemplateVars = {
    trackingNo: str('code'),
    subject: str('title'),
    level: typeof d.level === 'number' ? d.level : undefined,
    dueAt: typeof d.dueAt === 'number' ? d.dueAt : null,
    drill: d.isDrill === true,
    taskZh: str('taskZh'),
    taskEn: str('taskEn'),
    roleZh: str('roleZh'),
    roleEn: str('roleEn'),
    status: str('to') ?? str('status'),
    reason: str('reason'),
    statementZh: str('statementZh'),
    statementEn: str('statementEn'),
    actionTitle: str('actionTitle'),
  };
  const type = e.type;
  return [...new Set(ids)].map((userId) => ({ userId, type, vars }));
}
