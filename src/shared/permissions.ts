import type { ComplaintAction, Role } from './enums.js';

/**
 * The one table from roles to actions. The server enforces it on every route; the web app
 * reads it only to hide what the server would refuse anyway.
 */
export const PERMISSIONS = {
  /** Self-service: my profile, notifications, preferences and live events. Every role; API tokens need the scope. */
  'self.read': ['intake_agent', 'handler', 'coordinator', 'dept_head', 'leader', 'pr_officer', 'analyst', 'auditor', 'admin'],
  'self.write': ['intake_agent', 'handler', 'coordinator', 'dept_head', 'leader', 'pr_officer', 'analyst', 'auditor', 'admin'],
  'complaint.create': ['intake_agent', 'coordinator', 'dept_head', 'admin'],
  /** Submit Open311 service requests (/open311/v2/requests): an API token with this scope is a partner application's api_key. */
  'open311.submit': ['intake_agent', 'coordinator', 'dept_head', 'admin'],
  'complaint.read': ['intake_agent', 'handler', 'coordinator', 'dept_head', 'leader', 'pr_officer', 'analyst', 'auditor', 'admin'],
  /** See complaints of every department; others see only their departments' and their own. */
  'complaint.read_all': ['intake_agent', 'coordinator', 'leader', 'pr_officer', 'analyst', 'auditor', 'admin'],
  'complaint.edit': ['intake_agent', 'coordinator', 'dept_head', 'admin'],
  'complaint.note': ['intake_agent', 'handler', 'coordinator', 'dept_head', 'leader', 'pr_officer', 'admin'],
  'complaint.attach': ['intake_agent', 'handler', 'coordinator', 'dept_head', 'admin'],
  'complaint.triage': ['intake_agent', 'coordinator', 'admin'],
  /** Lower a complaint's level (with a reason; audited). Plan approval still follows the highest level it had. */
  'triage.override': ['coordinator', 'dept_head', 'leader', 'admin'],
  'complaint.assign': ['intake_agent', 'coordinator', 'dept_head', 'admin'],
  'complaint.sign': ['handler', 'dept_head', 'admin'],
  'complaint.return': ['handler', 'dept_head', 'admin'],
  'complaint.request_info': ['handler', 'dept_head', 'coordinator', 'admin'],
  'complaint.resume': ['handler', 'dept_head', 'coordinator', 'admin'],
  'complaint.reply': ['handler', 'dept_head', 'coordinator', 'admin'],
  'complaint.follow_up': ['coordinator', 'dept_head', 'admin'],
  'complaint.close': ['coordinator', 'dept_head', 'admin'],
  'complaint.reopen': ['coordinator', 'dept_head', 'admin'],
  /** Record a follow-up (回访) result from a call; a dissatisfied one may reopen the complaint per policy. */
  'complaint.follow_up_record': ['intake_agent', 'coordinator', 'dept_head', 'admin'],
  'complaint.reject': ['intake_agent', 'coordinator', 'admin'],
  'complaint.merge': ['intake_agent', 'coordinator', 'admin'],
  /** Import historical complaints from CSV/XLSX files (column mappings, dry runs, runs). */
  'complaint.import': ['admin'],
  /** Merge, split or dismiss a cluster of complaints about one event. */
  'cluster.manage': ['coordinator', 'admin'],
  /** 即时办结: close a consultation answered on the call, in one step (resolved at first contact). */
  'complaint.resolve_on_call': ['intake_agent', 'coordinator', 'admin'],
  'plan.submit': ['handler', 'dept_head', 'admin'],
  'plan.decide': ['leader', 'admin'],
  'pii.reveal': ['intake_agent', 'coordinator', 'dept_head', 'leader', 'admin'],
  /** Find a person by their full phone number (rate-limited per user, audited). */
  'complainant.lookup': ['intake_agent', 'coordinator', 'dept_head', 'leader', 'admin'],
  'user.manage': ['admin'],
  'user.read': ['dept_head', 'leader', 'coordinator', 'intake_agent', 'admin', 'auditor'],
  'department.manage': ['admin'],
  'category.manage': ['admin'],
  'token.manage': ['admin'],
  'audit.read': ['auditor', 'admin'],
  'stats.read': ['dept_head', 'leader', 'analyst', 'coordinator', 'pr_officer', 'auditor', 'admin'],
  'rules.manage': ['admin'],
  'sla.manage': ['admin'],
  'jobs.manage': ['admin'],
  /** Open a supervision (督办) on a complaint. */
  'complaint.supervise': ['leader', 'coordinator', 'admin'],
  /** Ask for more time (延期) — the owner or the complaint's department. */
  'complaint.extension_request': ['handler', 'dept_head', 'admin'],
  /** Approve or refuse an extension — a head of the complaint's department or one above it; leaders at the top. */
  'complaint.extension_decide': ['dept_head', 'leader', 'admin'],
  /** Outbound webhook endpoints (URLs, secrets, event types) and their delivery logs. */
  'webhook.manage': ['admin'],
  'template.manage': ['coordinator', 'admin'],
  /** Read emergency plans (应急预案), incidents and the resource library. */
  'contingency.read': ['intake_agent', 'handler', 'coordinator', 'dept_head', 'leader', 'pr_officer', 'analyst', 'auditor', 'admin'],
  /** Edit, approve, publish and retire emergency plans; start drills. */
  'contingency.manage': ['leader', 'admin'],
  /** Activate a plan by hand (a dept_head only for complaints/departments in their subtree). */
  'incident.activate': ['leader', 'dept_head', 'admin'],
  /** Command an incident: level, status, roles, tasks, decisions, situation reports. The incident's commander may too, whatever their role. */
  'incident.command': ['leader', 'admin'],
  'incident.close': ['leader'],
  'statement.draft': ['pr_officer', 'coordinator'],
  /** Both a pr_officer and a leader must approve a statement before it can be published. */
  'statement.approve': ['pr_officer', 'leader'],
  'statement.publish': ['pr_officer'],
  /** Propose a compensation (赔偿/补偿) on a complaint or an incident. */
  'compensation.propose': ['handler', 'coordinator', 'dept_head', 'leader', 'admin'],
  /** Approve or refuse one, within the approver's role limit (compensation limits). */
  'compensation.decide': ['dept_head', 'leader', 'handler', 'admin'],
  /** Record that an approved compensation was paid. */
  'compensation.pay': ['coordinator', 'dept_head', 'admin'],
  /** The resource library (应急资源) and on-call schedules. */
  'resource.manage': ['coordinator', 'dept_head', 'leader', 'admin'],
  'oncall.manage': ['dept_head', 'leader', 'admin'],
  /** Public-opinion monitoring (舆情): read sources and their health, watchlists, mentions. */
  'opinion.read': ['pr_officer', 'leader', 'analyst', 'admin'],
  /** Manage opinion sources and watchlists, enter and dismiss mentions. */
  'opinion.manage': ['pr_officer', 'admin'],
  /** What the sentiment model says about a text (public-opinion monitoring). */
  'opinion.sentiment.preview': ['pr_officer', 'analyst', 'admin'],
  /** Correct a sentiment label; the correction teaches the model. */
  'opinion.sentiment.correct': ['pr_officer', 'analyst', 'admin'],
  /** Case library (案例库): read cases (all staff); make a case from a closed complaint, approving its redactions. */
  'case.read': ['intake_agent', 'handler', 'coordinator', 'dept_head', 'leader', 'pr_officer', 'analyst', 'auditor', 'admin'],
  'case.create': ['analyst', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function rolesAllow(roles: readonly Role[], permission: Permission): boolean {
  const allowed = PERMISSIONS[permission] as readonly Role[];
  return roles.some((r) => allowed.includes(r));
}

export function complaintPermission(action: ComplaintAction): Permission {
  return `complaint.${action}` as Permission;
}
