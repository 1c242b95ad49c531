/**
 * Per-user notification preferences, stored in users.preferences as
 * `{ notifications: { <type>: { inApp: boolean, email: boolean } } }`. Missing types or channels take
 * the defaults below, so a user only stores what they changed. Pure: no I/O.
 */

export const NOTIFICATION_TYPES = [
  'complaint.assigned',
  'plan.submitted',
  'plan.decided',
  'sla.warning',
  'sla.breached',
  'sla.escalated',
  'sla.supervision_opened',
  'sla.supervision_reminder',
  'sla.extension_requested',
  'sla.extension_decided',
  'triage.mass_complaint',
  // Compensation decisions (modules/compensation): the events name their recipients.
  'compensation.proposed',
  'compensation.decided',
  'compensation.paid',
  // Incidents (应急事件): the events name their recipients (recipientUserIds).
  'incident.activated',
  'incident.role_assigned',
  'incident.task_assigned',
  'incident.task_overdue',
  'incident.task_blocked',
  'incident.sitrep_due',
  'incident.level_changed',
  'incident.status_changed',
  'incident.role_unfilled',
  // Public statements (公开声明): approvers when one is submitted; PR officers and the drafter once both approvals stand.
  'incident.statement_submitted',
  'incident.statement_approved',
  // Post-incident review (复盘): an improvement action's owner, when given one and when it falls due.
  'incident.action_added',
  'incident.action_due',
  // Emergency plans (应急预案) past their review date: the plan's owner.
  'contingency.review_due',
  // Public-opinion spike alerts (舆情预警): the PR officers and the leaders (modules/opinion, opinion.alerts.ts).
  'opinion.alert',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface ChannelPrefs {
  inApp: boolean;
  email: boolean;
}
export type NotificationPrefs = Record<NotificationType, ChannelPrefs>;

/** Everything lands in the app; mail only for what needs acting on soon (a warning is in-app only). */
export const DEFAULT_PREFERENCES: NotificationPrefs = {
  'complaint.assigned': { inApp: true, email: true },
  'plan.submitted': { inApp: true, email: true },
  'plan.decided': { inApp: true, email: true },
  'sla.warning': { inApp: true, email: false },
  'sla.breached': { inApp: true, email: true },
  'sla.escalated': { inApp: true, email: true },
  'sla.supervision_opened': { inApp: true, email: true },
  'sla.supervision_reminder': { inApp: true, email: true },
  'sla.extension_requested': { inApp: true, email: true },
  'sla.extension_decided': { inApp: true, email: true },
  'triage.mass_complaint': { inApp: true, email: true },
  'compensation.proposed': { inApp: true, email: true },
  'compensation.decided': { inApp: true, email: true },
  'compensation.paid': { inApp: true, email: false },
  'incident.activated': { inApp: true, email: true },
  'incident.role_assigned': { inApp: true, email: true },
  'incident.task_assigned': { inApp: true, email: true },
  'incident.task_overdue': { inApp: true, email: true },
  'incident.task_blocked': { inApp: true, email: false },
  'incident.sitrep_due': { inApp: true, email: true },
  'incident.level_changed': { inApp: true, email: true },
  'incident.status_changed': { inApp: true, email: false },
  'incident.role_unfilled': { inApp: true, email: true },
  'incident.statement_submitted': { inApp: true, email: true },
  'incident.statement_approved': { inApp: true, email: true },
  'incident.action_added': { inApp: true, email: false },
  'incident.action_due': { inApp: true, email: true },
  'contingency.review_due': { inApp: true, email: true },
  'opinion.alert': { inApp: true, email: true },
};

export const isNotificationType = (t: string): t is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(t);

function stored(preferencesJson: string | Record<string, unknown> | null | undefined): Record<string, Partial<ChannelPrefs>> {
  let p: unknown = preferencesJson;
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p);
    } catch {
      p = {};
    }
  }
  const n = (p as { notifications?: unknown } | null)?.notifications;
  return n && typeof n === 'object' && !Array.isArray(n) ? (n as Record<string, Partial<ChannelPrefs>>) : {};
}

/** The user's effective preferences: stored values over the defaults, channel by channel. */
export function effectivePreferences(preferencesJson: string | Record<string, unknown> | null | undefined): NotificationPrefs {
  const s = stored(preferencesJson);
  const out = {} as NotificationPrefs;
  for (const t of NOTIFICATION_TYPES) {
    const mine = s[t] && typeof s[t] === 'object' ? s[t] : {};
    out[t] = {
      inApp: typeof mine.inApp === 'boolean' ? mine.inApp : DEFAULT_PREFERENCES[t].inApp,
      email: typeof mine.email === 'boolean' ? mine.email : DEFAULT_PREFERENCES[t].email,
    };
  }
  return out;
}

/** Merges a partial change into the stored `notifications` object (deep, per type and channel). */
export function mergePreferences(preferencesJson: string | Record<string, unknown> | null | undefined, patch: Partial<Record<NotificationType, Partial<ChannelPrefs>>>): Record<string, ChannelPrefs | Partial<ChannelPrefs>> {
  const s = { ...stored(preferencesJson) };
  for (const [t, v] of Object.entries(patch)) {
    if (!v) continue;
    s[t] = { ...(s[t] ?? {}), ...(v.inApp !== undefined ? { inApp: v.inApp } : {}), ...(v.email !== undefined ? { email: v.email } : {}) };
  }
  return s;
}
