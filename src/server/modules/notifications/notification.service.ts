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
import * as repo from './notification.repo.js';
import { presentNotification, type NotificationJson } from './notification.presenter.js';
import { effectivePreferences, isNotificationType } from './preferences.js';
import { localeOf, render, type TemplateVars } from './templates.js';
import { recipientsOf } from './notification.recipients.js';

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
    const targets = await recipientsOf(trx, e, facts);
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
