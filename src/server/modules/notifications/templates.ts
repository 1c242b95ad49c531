import { LEVEL_NUMERALS, type Level } from '../../../shared/enums.js';
import type { NotificationType } from './preferences.js';

/**
 * Bilingual notification templates (zh-CN / en): the in-app title and the email subject and body.
 * Pure: the variables are snapshotted when the notification is created.
 */

export type Locale = 'zh-CN' | 'en';

export interface TemplateVars {
  trackingNo?: string;
  subject?: string;
  level?: number;
  /** epoch ms */
  dueAt?: number | null;
  /** SLA clock kind: signFor | firstResponse | updateCadence | resolution */
  kind?: string;
  /** plan.decided: approved | returned; sla.extension_decided: approved | rejected */
  decision?: string;
  /** sla.supervision_reminder: the supervision is past due */
  overdue?: boolean;
  comment?: string | null;
  departmentZh?: string | null;
  departmentEn?: string | null;
  /** triage.mass_complaint: complaints in the cluster so far */
  size?: number;
  /** compensation.*: the amount as shown (¥1,200.00); compensation.decided: decision approved | refused | cancelled */
  amount?: string;
  /** incident.*: a drill (演练), marked in the title */
  drill?: boolean;
  /** incident.task_*: the task's title in both languages */
  taskZh?: string;
  taskEn?: string;
  /** incident.role_assigned: the role's name in both languages */
  roleZh?: string;
  roleEn?: string;
  /** incident.status_changed: the new status; incident.task_blocked / level_changed: the reason */
  status?: string;
  reason?: string;
  /** contingency.review_due: the plan's title in both languages and the version due for review */
  planZh?: string;
  planEn?: string;
  planVersion?: number;
  /** incident.statement_*: the statement's title in both languages */
  statementZh?: string;
  statementEn?: string;
  /** incident.action_*: the improvement action's title (as written) */
  actionTitle?: string;
  /** opinion.alert: the alert's colour (blue | yellow | orange | red) */
  alertColor?: string;
}

export interface Rendered {
  title: string;
  subject: string;
  text: string;
}

export const localeOf = (l: string | null | undefined): Locale => (l === 'en' ? 'en' : 'zh-CN');

const KIND: Record<string, { zh: string; en: string }> = {
  signFor: { zh: '签收', en: 'sign-for' },
  firstResponse: { zh: '首次响应', en: 'first response' },
  updateCadence: { zh: '进展更新', en: 'progress update' },
  resolution: { zh: '办结', en: 'resolution' },
};

const TAG: Record<NotificationType, { zh: string; en: string }> = {
  'complaint.assigned': { zh: '新派单', en: 'Assigned' },
  'plan.submitted': { zh: '方案待审批', en: 'Plan awaiting approval' },
  'plan.decided': { zh: '方案已审批', en: 'Plan decided' },
  'sla.warning': { zh: '即将超时', en: 'Due soon' },
  'sla.breached': { zh: '已超时', en: 'Overdue' },
  'sla.escalated': { zh: '超时升级', en: 'Escalated' },
  'sla.supervision_opened': { zh: '督办', en: 'Supervision' },
  'sla.supervision_reminder': { zh: '督办提醒', en: 'Supervision reminder' },
  'sla.extension_requested': { zh: '延期申请', en: 'Extension requested' },
  'sla.extension_decided': { zh: '延期审批', en: 'Extension decided' },
  'triage.mass_complaint': { zh: '群体性投诉', en: 'Mass complaint' },
  'compensation.proposed': { zh: '补偿待审批', en: 'Compensation awaiting approval' },
  'compensation.decided': { zh: '补偿已审批', en: 'Compensation decided' },
  'compensation.paid': { zh: '补偿已支付', en: 'Compensation paid' },
  'incident.activated': { zh: '应急预案启动', en: 'Emergency plan activated' },
  'incident.role_assigned': { zh: '应急角色', en: 'Incident role' },
  'incident.task_assigned': { zh: '应急任务', en: 'Incident task' },
  'incident.task_overdue': { zh: '应急任务超时', en: 'Incident task overdue' },
  'incident.task_blocked': { zh: '应急任务受阻', en: 'Incident task blocked' },
  'incident.sitrep_due': { zh: '情况报告到期', en: 'Situation report due' },
  'incident.level_changed': { zh: '响应级别调整', en: 'Incident level changed' },
  'incident.status_changed': { zh: '应急事件状态', en: 'Incident status' },
  'incident.role_unfilled': { zh: '应急角色空缺', en: 'Incident role unfilled' },
  'incident.statement_submitted': { zh: '公开声明待审批', en: 'Statement to approve' },
  'incident.statement_approved': { zh: '公开声明已审批', en: 'Statement approved' },
  'incident.action_added': { zh: '复盘改进措施', en: 'Improvement action' },
  'incident.action_due': { zh: '改进措施到期', en: 'Improvement action due' },
  'contingency.review_due': { zh: '预案复审到期', en: 'Plan review due' },
  'opinion.alert': { zh: '舆情预警', en: 'Opinion alert' },
};

const INCIDENT_STATUS: Record<string, { zh: string; en: string }> = {
  active: { zh: '处置中', en: 'active' },
  stable: { zh: '已控制', en: 'stable' },
  resolved: { zh: '已解决', en: 'resolved' },
  closed: { zh: '已关闭', en: 'closed' },
};

const COMPENSATION_DECISION: Record<string, { zh: string; en: string }> = {
  approved: { zh: '补偿已批准', en: 'Compensation approved' },
  refused: { zh: '补偿未获批准', en: 'Compensation refused' },
  cancelled: { zh: '补偿已撤销', en: 'Compensation cancelled' },
};

function levelLabel(level: number | undefined, locale: Locale): string {
  const n = LEVEL_NUMERALS[level as Level] ?? String(level ?? '');
  return locale === 'en' ? `Level ${n}` : `${n}级`;
}

/** "2026-11-27 18:00" in the organisation's time zone. */
export function formatTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const clip = (s: string | undefined, n: number) => (!s ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s);

function tag(type: NotificationType, vars: TemplateVars, locale: Locale): string {
  if (type === 'plan.decided') {
    const approved = vars.decision === 'approved';
    if (locale === 'en') return approved ? 'Plan approved' : 'Plan returned';
    return approved ? '方案已批准' : '方案被退回';
  }
  if (type === 'sla.extension_decided') {
    const approved = vars.decision === 'approved';
    if (locale === 'en') return approved ? 'Extension approved' : 'Extension refused';
    return approved ? '延期已批准' : '延期被驳回';
  }
  if (type === 'opinion.alert' && vars.alertColor) {
    const zh: Record<string, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };
    return locale === 'en' ? `Opinion alert · ${vars.alertColor}` : `舆情${zh[vars.alertColor] ?? ''}预警`;
  }
  if (type === 'sla.supervision_reminder' && vars.overdue) return locale === 'en' ? 'Supervision overdue' : '督办逾期';
  if (type === 'compensation.decided') {
    const d = COMPENSATION_DECISION[vars.decision ?? ''];
    if (d) return locale === 'en' ? d.en : d.zh;
  }
  const base = locale === 'en' ? TAG[type].en : TAG[type].zh;
  // A drill runs the same flow: its notices say so, so nobody mistakes one for a real incident.
  if (vars.drill) return locale === 'en' ? `Drill · ${base}` : `演练·${base}`;
  return base;
}

export function render(type: NotificationType, vars: TemplateVars, locale: Locale, timeZone: string, recipientName?: string): Rendered {
  const en = locale === 'en';
  const level = vars.level !== undefined ? levelLabel(vars.level, locale) : '';
  const due = vars.dueAt ? formatTime(vars.dueAt, timeZone) : '';
  const kind = vars.kind ? (en ? KIND[vars.kind]?.en : KIND[vars.kind]?.zh) ?? vars.kind : '';
  const t = tag(type, vars, locale);
  // A plan notice is headed by the plan's title in the reader's language (it names no complaint).
  const plan = (en ? vars.planEn : vars.planZh) ?? '';
  const head = plan ? `${clip(plan, 60)} v${vars.planVersion ?? ''}` : [vars.trackingNo, clip(vars.subject, 60)].filter(Boolean).join(' ');

  const extras: string[] = [];
  if (level) extras.push(level);
  if (vars.amount) extras.push(vars.amount);
  if (due) extras.push(en ? `${kind ? `${kind} ` : ''}due ${due}` : `${kind}时限 ${due}`);
  const title = en ? `[${t}] ${head}${extras.length ? ` (${extras.join(', ')})` : ''}` : `【${t}】${head}${extras.length ? `（${extras.join('，')}）` : ''}`;

  const lead = en ? leadEn(type, vars, kind) : leadZh(type, vars, kind);
  const incident = type.startsWith('incident.');
  const rows: [string, string][] = en
    ? [
        [incident ? 'Incident' : 'Tracking number', vars.trackingNo ?? ''],
        ['Subject', vars.subject ?? ''],
        ['Level', level],
        ...(vars.departmentEn ? ([['Department', vars.departmentEn]] as [string, string][]) : []),
        ...(due ? ([[`Due (${kind || 'deadline'})`, `${due} (${timeZone})`]] as [string, string][]) : []),
        ...(vars.comment ? ([['Comment', vars.comment]] as [string, string][]) : []),
      ]
    : [
        [incident ? '事件编号' : '受理编号', vars.trackingNo ?? ''],
        ['事项', vars.subject ?? ''],
        ['等级', level],
        ...(vars.departmentZh ? ([['承办部门', vars.departmentZh]] as [string, string][]) : []),
        ...(due ? ([[`${kind || ''}时限`, `${due}（${timeZone}）`]] as [string, string][]) : []),
        ...(vars.comment ? ([['审批意见', vars.comment]] as [string, string][]) : []),
      ];
  const greeting = en ? `Hello${recipientName ? ` ${recipientName}` : ''},` : `${recipientName ? `${recipientName}，` : ''}您好：`;
  const footer = en ? 'This message was sent automatically by Redress; please do not reply to it.' : '此邮件由 Redress 系统自动发送，请勿直接回复。';
  const text = [greeting, '', lead, '', ...rows.filter(([, v]) => v).map(([k, v]) => (en ? `${k}: ${v}` : `${k}：${v}`)), '', footer, ''].join('\n');
  return { title, subject: title, text };
}

function leadZh(type: NotificationType, v: TemplateVars, kind: string): string {
  switch (type) {
    case 'opinion.alert':
      return `监测方案“${v.subject ?? ''}”的声量或负面提及突增，已触发预警。请查看推动预警的提及并研判处置（回应、转为投诉或关联应急事件）。`;
    case 'contingency.review_due':
      return `您负责的应急预案“${v.planZh ?? ''}”（第${v.planVersion ?? ''}版）已到复审日期，请组织复审，需要修订的请新建草稿版本。`;
    case 'triage.mass_complaint':
      return `同一事件已有 ${v.size ?? ''} 件投诉，已标记为群体性投诉，请关注并统筹处置。`;
    case 'complaint.assigned':
      return '有一件投诉派给了您（或您的部门），请及时签收办理。';
    case 'plan.submitted':
      return '有一份处置方案等待您审批。';
    case 'plan.decided':
      return v.decision === 'approved' ? '您提交的处置方案已获批准。' : '您提交的处置方案被退回，请修改后重新提交。';
    case 'sla.warning':
      return `该投诉的${kind}时限即将到期，请尽快处理。`;
    case 'sla.breached':
      return `该投诉已超过${kind}时限。`;
    case 'sla.escalated':
      return `该投诉${kind}超时未办，已升级至您督办。`;
    case 'sla.supervision_opened':
      return '该投诉已列入督办，请在督办期限内办结。';
    case 'sla.supervision_reminder':
      return v.overdue ? '督办事项已逾期，请立即办理并报告进展。' : '督办事项即将到期，请抓紧办理。';
    case 'sla.extension_requested':
      return '承办人申请延期办结，请审批。';
    case 'sla.extension_decided':
      return v.decision === 'approved' ? '您的延期申请已获批准，时限已调整。' : '您的延期申请被驳回，请按原时限办结。';
    case 'incident.activated':
      return '应急预案已启动，请按预案履职并关注处置进展。';
    case 'incident.role_assigned':
      return `您被指定为本次应急事件的“${v.roleZh ?? ''}”，请立即到岗履职。`;
    case 'incident.task_assigned':
      return `应急任务“${v.taskZh ?? ''}”已分配给您，请按时完成。`;
    case 'incident.task_overdue':
      return `应急任务“${v.taskZh ?? ''}”已超过时限仍未完成，已升级至您，请督促处置。`;
    case 'incident.task_blocked':
      return `应急任务“${v.taskZh ?? ''}”受阻${v.reason ? `：${v.reason}` : ''}，请协调解决。`;
    case 'incident.sitrep_due':
      return '本次应急事件的情况报告已到期，请尽快报送（现状、已采取措施、需求）。';
    case 'incident.level_changed':
      return `应急事件响应级别已调整${v.reason ? `，原因：${v.reason}` : ''}。`;
    case 'incident.status_changed':
      return `应急事件状态已变更为“${INCIDENT_STATUS[v.status ?? '']?.zh ?? v.status ?? ''}”。`;
    case 'incident.role_unfilled':
      return `应急角色“${v.roleZh ?? ''}”无人可派（值班表与备选人员均无），请指定人员。`;
    case 'incident.statement_submitted':
      return `公开声明“${v.statementZh ?? ''}”已提交审批，需新闻发言人和领导各一人批准后方可发布。`;
    case 'incident.statement_approved':
      return `公开声明“${v.statementZh ?? ''}”已获新闻发言人和领导批准，可以发布。`;
    case 'incident.action_added':
      return `复盘改进措施“${v.actionTitle ?? ''}”由您负责，请在期限前完成。`;
    case 'incident.action_due':
      return `复盘改进措施“${v.actionTitle ?? ''}”已到期仍未完成，请尽快完成。`;
    case 'compensation.proposed':
      return `一项补偿（${v.amount ?? ''}）等待您审批。`;
    case 'compensation.decided':
      return v.decision === 'approved' ? `补偿（${v.amount ?? ''}）已获批准，可安排支付。` : v.decision === 'cancelled' ? `补偿（${v.amount ?? ''}）已撤销。` : `补偿（${v.amount ?? ''}）未获批准。`;
    case 'compensation.paid':
      return `补偿（${v.amount ?? ''}）已支付。`;
  }
}

function leadEn(type: NotificationType, v: TemplateVars, kind: string): string {
  switch (type) {
    case 'opinion.alert':
      return `Mentions on the watchlist "${v.subject ?? ''}" jumped in volume or negativity and raised an alert. Review the mentions that drove it and decide the response (answer, promote to a complaint, or attach to an incident).`;
    case 'contingency.review_due':
      return `The emergency plan "${v.planEn ?? ''}" (version ${v.planVersion ?? ''}) you own is due for review. Please review it and open a new draft version if it needs revising.`;
    case 'triage.mass_complaint':
      return `${v.size ?? 'Many'} complaints now describe one event: it is marked a mass complaint. Please coordinate the response.`;
    case 'complaint.assigned':
      return 'A complaint was dispatched to you (or your department). Please sign for it and handle it.';
    case 'plan.submitted':
      return 'A handling plan is waiting for your approval.';
    case 'plan.decided':
      return v.decision === 'approved' ? 'Your handling plan was approved.' : 'Your handling plan was returned; please revise and resubmit it.';
    case 'sla.warning':
      return `The ${kind || 'SLA'} deadline of this complaint is close.`;
    case 'sla.breached':
      return `This complaint is past its ${kind || 'SLA'} deadline.`;
    case 'sla.escalated':
      return `This complaint is past its ${kind || 'SLA'} deadline and has been escalated to you.`;
    case 'sla.supervision_opened':
      return 'This complaint is now under supervision; resolve it by the supervision due date.';
    case 'sla.supervision_reminder':
      return v.overdue ? 'The supervision of this complaint is overdue; act on it now and report progress.' : 'The supervision of this complaint is due soon.';
    case 'sla.extension_requested':
      return 'An extension of the deadline was requested; please approve or refuse it.';
    case 'sla.extension_decided':
      return v.decision === 'approved' ? 'Your extension request was approved; the deadline moved.' : 'Your extension request was refused; the original deadline stands.';
    case 'incident.activated':
      return 'An emergency plan was activated. Take up your duties under the plan and follow the response.';
    case 'incident.role_assigned':
      return `You are the "${v.roleEn ?? ''}" of this incident. Please take up the role now.`;
    case 'incident.task_assigned':
      return `The incident task "${v.taskEn ?? ''}" is assigned to you. Please finish it by its due time.`;
    case 'incident.task_overdue':
      return `The incident task "${v.taskEn ?? ''}" is past its due time and not done; it has been escalated to you.`;
    case 'incident.task_blocked':
      return `The incident task "${v.taskEn ?? ''}" is blocked${v.reason ? `: ${v.reason}` : ''}. Please help unblock it.`;
    case 'incident.sitrep_due':
      return 'The situation report of this incident is due: please file it (conditions, actions taken, needs).';
    case 'incident.level_changed':
      return `The incident's response level changed${v.reason ? ` (reason: ${v.reason})` : ''}.`;
    case 'incident.status_changed':
      return `The incident is now ${INCIDENT_STATUS[v.status ?? '']?.en ?? v.status ?? ''}.`;
    case 'incident.role_unfilled':
      return `Nobody could be found for the incident role "${v.roleEn ?? ''}" (no one on call, no fallback). Please assign someone.`;
    case 'incident.statement_submitted':
      return `The public statement "${v.statementEn ?? ''}" was submitted for approval: a PR officer and a leader must both approve it before it is published.`;
    case 'incident.statement_approved':
      return `The public statement "${v.statementEn ?? ''}" is approved by a PR officer and a leader and can be published.`;
    case 'incident.action_added':
      return `You own the improvement action "${v.actionTitle ?? ''}" from the incident review. Please finish it by its due date.`;
    case 'incident.action_due':
      return `The improvement action "${v.actionTitle ?? ''}" is due and still open. Please finish it.`;
    case 'compensation.proposed':
      return `A compensation of ${v.amount ?? ''} is waiting for your approval.`;
    case 'compensation.decided':
      return v.decision === 'approved' ? `The compensation of ${v.amount ?? ''} was approved and can be paid.` : v.decision === 'cancelled' ? `The compensation of ${v.amount ?? ''} was cancelled.` : `The compensation of ${v.amount ?? ''} was refused.`;
    case 'compensation.paid':
      return `The compensation of ${v.amount ?? ''} was paid.`;
  }
}
