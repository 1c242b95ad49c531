import os from 'node:os';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { FieldCrypto } from '../../platform/crypto/fields.js';
import type { Transaction } from 'kysely';
import { withTransaction, type Db, type Dialect } from '../../platform/db/index.js';
import type { Database, JobTable } from '../../platform/db/schema.js';
import type { Delivery, DomainEvent, EventBus } from '../../platform/events/events.js';
import { decodeCursor, encodeCursor, type Page } from '../../platform/http/pagination.js';
import { notFound } from '../../platform/http/problem.js';
import { enqueue, enqueueMany, type JobRunner } from '../../platform/jobs/jobs.js';
import { appendEventLog, LiveHub, type LiveRow, type LiveRowInput } from '../../platform/notify/live.js';
import { Mailer } from '../../platform/notify/mailer.js';
import { matchesEventType, postWebhook } from '../../platform/notify/webhooks.js';
import { canSee } from '../complaints/complaint.policy.js';
import { departmentHeads } from '../sla/sla.repo.js';
import * as repo from './notification.repo.js';
import { presentNotification, type NotificationJson } from './notification.presenter.js';
import { effectivePreferences, isNotificationType, type NotificationType } from './preferences.js';
import { localeOf, render, type TemplateVars } from './templates.js';
import { formatAmount } from '../compensation/compensation.limits.js';

export interface NotifyOptions {
  /** smtp:// or smtps:// URL; unset disables email. Defaults to SMTP_URL. */
  smtpUrl?: string;
  mailFrom: string;
  /** First retry delay of a failed send (doubles per attempt, via the job runner). */
  emailRetryBaseMs: number;
  emailMaxAttempts: number;
  webhookRetryBaseMs: number;
  webhookMaxAttempts: number;
  webhookTimeoutMs: number;
  heartbeatMs: number;
  eventLogRetentionMs: number;
  eventLogMaxRows: number;
  maxReplay: number;
  revalidateMs: number;
  maxStreamsPerUser: number;
}

export interface NotifyDeps {
  db: Db;
  dialect: Dialect;
  config: Config;
  log: Logger;
  jobs: JobRunner;
  events: EventBus;
  fieldCrypto: FieldCrypto;
}

export const EMAIL_JOB = 'notify.email';
export const WEBHOOK_JOB = 'notify.webhook';

interface Target {
  userId: string;
  type: NotificationType;
  vars: TemplateVars;
}

/**
 * The one notification service: subscribes to every domain event and, in one transaction per event,
 * writes the in-app notifications of the recipients it decides on (unique per event and recipient,
 * so a redelivered event changes nothing), queues their emails, queues a signed delivery per
 * subscribed webhook endpoint, and appends to the live event log that SSE streams tail.
 */
export class Notifications {
  readonly options: NotifyOptions;
  readonly mailer: Mailer;
  readonly live: LiveHub;

  constructor(
    private readonly deps: NotifyDeps,
    opts: Partial<NotifyOptions> = {},
  ) {
    this.options = {
      smtpUrl: deps.config.smtpUrl,
      mailFrom: deps.config.mailFrom ?? `Redress <redress@${os.hostname()}>`,
      emailRetryBaseMs: 5_000,
      emailMaxAttempts: 8,
      webhookRetryBaseMs: 10_000,
      webhookMaxAttempts: 10,
      webhookTimeoutMs: 10_000,
      heartbeatMs: 20_000,
      eventLogRetentionMs: 24 * 3_600_000,
      eventLogMaxRows: 50_000,
      maxReplay: 1_000,
      revalidateMs: 15_000,
      maxStreamsPerUser: 5,
      ...opts,
    };
    this.mailer = new Mailer(deps.log, this.options.smtpUrl, this.options.mailFrom);
    this.live = new LiveHub(deps.db, deps.dialect, deps.config.databaseUrl, deps.log, this.options);
    deps.events.on('*', (e, delivery) => this.fanOut(e, delivery));
    // Mail and webhooks wait on other machines: the outbound lane, so a hung server never delays
    // events and timers. The hard timeouts sit above the transports' own.
    deps.jobs.register(EMAIL_JOB, (p, job, signal) => this.sendEmail(p, job, signal), { lane: 'outbound', retryBaseMs: () => this.options.emailRetryBaseMs, timeoutMs: () => 45_000 });
    deps.jobs.register(WEBHOOK_JOB, (p, job, signal) => this.deliverWebhook(p, job, signal), {
      lane: 'outbound',
      retryBaseMs: () => this.options.webhookRetryBaseMs,
      timeoutMs: () => this.options.webhookTimeoutMs + 5_000,
      // The job's dedupe key stops a redelivered event from sending twice: keep done rows as long as
      // an event can still be redelivered (its retries) — a week.
      retentionMs: 7 * 24 * 3_600_000,
    });
  }

  /** Changes options at run time (tests point email at a local SMTP server and shorten retries). */
  configure(opts: Partial<NotifyOptions>): void {
    const smtpChanged = 'smtpUrl' in opts || 'mailFrom' in opts;
    Object.assign(this.options, opts);
    if (smtpChanged) this.mailer.configure(this.options.smtpUrl, this.options.mailFrom);
  }

  async close(): Promise<void> {
    await this.live.close();
    this.mailer.close();
  }

  // ---------------------------------------------------------------- fan-out

  /** In the delivery's transaction when the event bus calls it; in one of its own otherwise. */
  async fanOut(e: DomainEvent<Record<string, unknown>>, delivery?: Delivery): Promise<void> {
    const wrote = await withTransaction(this.deps.db, delivery?.trx, (trx) => this.record(trx, e));
    if (!wrote) return;
    if (delivery) {
      delivery.afterCommit(this.pokeLive);
      if (wrote.jobs) delivery.afterCommit(this.kickJobs);
    } else {
      this.pokeLive();
      if (wrote.jobs) this.kickJobs();
    }
  }

  private readonly pokeLive = () => this.live.poke();
  private readonly kickJobs = () => this.deps.jobs.kick();

  /** Writes an event's notifications, mail and webhook jobs and live-log rows; undefined when it concerns nobody. */
  private async record(trx: Transaction<Database>, e: DomainEvent<Record<string, unknown>>): Promise<{ jobs: boolean } | undefined> {
    const { dialect } = this.deps;
    const complaintId = typeof e.data?.complaintId === 'string' ? e.data.complaintId : undefined;
    const facts = complaintId ? await repo.complaintFacts(trx, complaintId) : undefined;
    // Not about a complaint: a registered subject kind (an incident, a plan) may claim it for the live log.
    const subject = facts ? undefined : await this.live.subjects.describe(trx, e);
    const targets = await this.recipients(trx, e, facts);
    const users = new Map((await repo.usersByIds(trx, [...new Set(targets.map((t) => t.userId))])).map((u) => [u.id, u]));
    const endpoints = (await repo.activeEndpoints(trx)).filter((ep) => matchesEventType(JSON.parse(ep.event_types) as string[], e.type));
    if (!facts && !subject && !targets.length && !endpoints.length) return undefined; // nothing to record, nobody to tell
    const tz = this.deps.config.timezone;
    const createdAt = new Date(e.at).toISOString();
    const complaint = facts && {
      id: facts.id,
      trackingNo: facts.tracking_no,
      subject: facts.subject,
      level: facts.level,
      status: facts.status,
      departmentId: facts.department_id,
      ownerId: facts.owner_id,
    };
    let emails = 0;
    const rows: LiveRowInput[] = [];
    if (facts) {
      rows.push({
        dedupeKey: e.id,
        type: e.type,
        complaintId: facts.id,
        departmentId: facts.department_id,
        ownerId: facts.owner_id,
        data: { id: e.id, type: e.type, createdAt, data: e.data, complaint },
      });
    }
    if (subject) {
      rows.push({
        dedupeKey: e.id,
        type: e.type,
        subject,
        departmentId: subject.departmentId ?? null,
        ownerId: subject.ownerId ?? null,
        data: { id: e.id, type: e.type, createdAt, data: e.data, subject: { kind: subject.kind, id: subject.id } },
      });
    }
    const now = this.deps.jobs.now();
    for (const t of targets) {
      const u = users.get(t.userId);
      if (!u || !u.active) continue;
      const prefs = effectivePreferences(u.preferences)[t.type];
      const emailStatus = !prefs.email ? 'off' : this.mailer.enabled ? 'queued' : 'disabled';
      if (!prefs.inApp && emailStatus !== 'queued') continue;
      const row = {
        id: uuidv7(),
        user_id: u.id,
        event_id: e.id,
        type: t.type,
        complaint_id: facts?.id ?? null,
        title_zh: render(t.type, t.vars, 'zh-CN', tz).title,
        title_en: render(t.type, t.vars, 'en', tz).title,
        data: JSON.stringify(t.vars),
        in_app: prefs.inApp ? 1 : 0,
        email_status: emailStatus,
        emailed_at: null,
        read_at: null,
        created_at: now,
      };
      if (!(await repo.insertNotification(trx, row))) continue; // this event already reached this user
      if (prefs.inApp) rows.push({ dedupeKey: `notification:${row.id}`, type: 'notification', userId: u.id, data: presentNotification(row, u.locale) });
      if (emailStatus === 'queued') {
        emails++;
        await enqueue(trx, { type: EMAIL_JOB, payload: { notificationId: row.id }, dedupeKey: `email:${row.id}`, maxAttempts: this.options.emailMaxAttempts }, now);
      }
    }
    if (endpoints.length) {
      const body = JSON.stringify({ id: e.id, type: e.type, createdAt, data: complaint ? { ...e.data, complaint } : e.data });
      const jobs = endpoints.map((ep) => ({ type: WEBHOOK_JOB, payload: { endpointId: ep.id, eventId: e.id, eventType: e.type, body }, dedupeKey: `webhook:${e.id}:${ep.id}`, maxAttempts: this.options.webhookMaxAttempts }));
      await enqueueMany(trx, jobs, now);
    }
    await appendEventLog(trx, dialect, rows, this.options, now);
    return { jobs: emails > 0 || endpoints.length > 0 };
  }

  /** Who hears about an event, and as which notification type. */
  private async recipients(db: Transaction<Database>, e: DomainEvent<Record<string, unknown>>, facts: repo.ComplaintFacts | undefined): Promise<Target[]> {
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
        if (e.type.startsWith('incident.')) return this.incidentRecipients(e);
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
  private incidentRecipients(e: DomainEvent<Record<string, unknown>>): Target[] {
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

  // ---------------------------------------------------------------- jobs

  private async sendEmail(p: { notificationId: string }, job: JobTable, signal: AbortSignal): Promise<void> {
    const { db, config } = this.deps;
    const n = await repo.getNotification(db, p.notificationId);
    if (!n || n.email_status === 'sent' || !isNotificationType(n.type)) return;
    const user = await repo.findUser(db, n.user_id);
    // Preferences are checked again at send time: switching email off stops mail already queued.
    if (!user || !user.active || !effectivePreferences(user.preferences)[n.type].email) {
      await repo.updateNotification(db, n.id, { email_status: 'off' });
      return;
    }
    if (!this.mailer.enabled) {
      await repo.updateNotification(db, n.id, { email_status: 'disabled' });
      return;
    }
    const mail = render(n.type, JSON.parse(n.data) as TemplateVars, localeOf(user.locale), config.timezone, user.name);
    try {
      await this.mailer.send({ to: user.email, subject: mail.subject, text: mail.text }, signal);
    } catch (err) {
      if (job.attempts >= job.max_attempts) await repo.updateNotification(db, n.id, { email_status: 'failed' });
      throw err;
    }
    await repo.updateNotification(db, n.id, { email_status: 'sent', emailed_at: Date.now() });
  }

  private async deliverWebhook(p: { endpointId: string; eventId: string; eventType: string; body: string }, job: JobTable, signal: AbortSignal): Promise<void> {
    const { db, fieldCrypto } = this.deps;
    const ep = await repo.getEndpoint(db, p.endpointId);
    if (!ep || !ep.active) return; // deleted or paused since: drop quietly
    const result = await postWebhook({ url: ep.url, secret: fieldCrypto.decrypt(ep.secret_enc) ?? '', eventType: p.eventType, deliveryId: p.eventId, body: p.body, timeoutMs: this.options.webhookTimeoutMs, signal, policy: { allowPrivate: this.deps.config.webhookAllowPrivate } });
    await repo.insertDelivery(db, {
      id: uuidv7(),
      endpoint_id: ep.id,
      event_id: p.eventId,
      event_type: p.eventType,
      attempt: job.attempts,
      status_code: result.statusCode,
      duration_ms: result.durationMs,
      ok: result.ok ? 1 : 0,
      error: result.error,
      created_at: Date.now(),
    });
    if (!result.ok) throw new Error(`webhook delivery to endpoint ${ep.id} failed: ${result.error}`);
  }

  // ---------------------------------------------------------------- in-app API

  async list(actor: Actor, q: { unread?: string | boolean; cursor?: string; limit?: number }): Promise<Page<NotificationJson>> {
    const limit = q.limit ?? 50;
    const rows = await repo.listNotifications(this.deps.db, actor.id, { unreadOnly: q.unread === true || q.unread === '1' || q.unread === 'true', beforeId: decodeCursor(q.cursor), limit });
    const items = rows.slice(0, limit).map((r) => presentNotification(r, actor.locale));
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
  }

  unreadCount(actor: Actor): Promise<number> {
    return repo.unreadCount(this.deps.db, actor.id);
  }

  async markRead(actor: Actor, id: string): Promise<NotificationJson> {
    const n = await repo.getNotification(this.deps.db, id);
    if (!n || n.user_id !== actor.id || !n.in_app) throw notFound('Notification');
    await repo.markRead(this.deps.db, actor.id, id, Date.now());
    return presentNotification((await repo.getNotification(this.deps.db, id))!, actor.locale);
  }

  markAllRead(actor: Actor): Promise<number> {
    return repo.markAllRead(this.deps.db, actor.id, Date.now());
  }

  /**
   * The live rows a user may see: their own notifications, events of complaints they can see, and
   * events of other subjects (incidents, plans) their registered kind lets them see.
   */
  visibleTo(actor: Actor): (row: LiveRow) => boolean {
    const subjects = this.live.subjects;
    return (row) => {
      if (row.userId) return row.userId === actor.id;
      if (row.subject) return subjects.visible(actor, row.subject);
      if (!row.complaintId) return false;
      return canSee(actor, { department_id: row.departmentId, owner_id: row.ownerId, created_by: null });
    };
  }
}
