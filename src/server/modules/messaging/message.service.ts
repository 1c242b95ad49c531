// Messages to the complainant: every public reply and progress update becomes a message over the
// preferred channel (email through the mailer; SMS and WeChat through the one signed gateway; the
// portal shows the public timeline anyway), sent by a job on the one scheduler with retries and
// backoff; each message and each change of its delivery status goes on the timeline.
import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database, JobTable, OutboundMessageTable } from '../../platform/db/schema.js';
import type { Delivery, DomainEvent } from '../../platform/events/events.js';
import { enqueue } from '../../platform/jobs/jobs.js';
import { postWebhook } from '../../platform/notify/webhooks.js';
import { recordActivity } from '../complaints/activity.js';
import { formatLocal } from '../sla/sla.extensions.js';
import * as repo from './message.repo.js';
import { defaultChannel, detectLanguage, getPrefs, type ContactPrefs } from './prefs.js';
import { maskDestination } from './message.presenter.js';
import { renderMessage, textToHtml } from './templates.js';
import type { MessageLanguage, MessagePurpose, MessageStatus } from './messaging.schema.js';

type Trx = Transaction<Database>;

export const SEND_JOB = 'messaging.send';

export interface MessagingOptions {
  /** First retry delay of a failed send, doubling per attempt. */
  retryBaseMs: number;
  /** Attempts before a message is failed for good. */
  maxAttempts: number;
  /** One gateway request's timeout. */
  gatewayTimeoutMs: number;
}

/** What a public update asks to send. */
export interface UpdateRequest {
  purpose: MessagePurpose;
  action?: string;
  text?: string | null;
  dueAt?: number | null;
  surveyUrl?: string | null;
  language?: MessageLanguage;
}

/** A failure no retry can fix (no SMTP, no gateway configured). */
class Permanent extends Error {}

/** Lifecycle actions that write a public timeline entry (complaint.actions PUBLIC_ACTIONS). */
const PUBLIC_ACTIONS = new Set(['reply', 'close', 'reject', 'reopen', 'request_info', 'follow_up', 'sign', 'resolve_on_call']);

/** The public update a domain event is, if any. */
export function updateOf(e: DomainEvent<Record<string, any>>): UpdateRequest | null {
  const d = e.data;
  switch (e.type) {
    case 'complaint.status_changed':
      if (!PUBLIC_ACTIONS.has(String(d.action))) return null;
      return d.action === 'reply' ? { purpose: 'reply', text: d.publicText ?? null } : { purpose: 'progress', action: String(d.action), text: d.publicText ?? null };
    case 'complaint.note_added':
      return d.visibility === 'public' ? { purpose: 'progress', action: 'note', text: d.body ?? null } : null;
    case 'sla.extension_decided':
      return d.decision === 'approved' && d.newDueAt ? { purpose: 'extension', dueAt: Date.parse(String(d.newDueAt)) } : null;
    case 'complaint.survey_requested':
      return typeof d.surveyUrl === 'string' && d.surveyUrl ? { purpose: 'survey', surveyUrl: d.surveyUrl, language: d.language === 'en' || d.language === 'zh-CN' ? d.language : undefined } : null;
    default:
      return null;
  }
}

export const MESSAGE_EVENTS = ['complaint.status_changed', 'complaint.note_added', 'sla.extension_decided', 'complaint.survey_requested'];

const RANK: Record<MessageStatus, number> = { queued: 0, sent: 1, delivered: 2, failed: 2 };

export class MessagingService {
  readonly options: MessagingOptions = { retryBaseMs: 30_000, maxAttempts: 6, gatewayTimeoutMs: 10_000 };

  constructor(private readonly ctx: AppContext) {}

  /** Event subscriptions and the send job (every process that runs jobs). */
  register(): void {
    for (const type of MESSAGE_EVENTS) this.ctx.events.on(type, (e, delivery) => this.onEvent(e, delivery));
    this.ctx.jobs.register(SEND_JOB, (p, job, signal) => this.send(p as { messageId: string }, job, signal), {
      lane: 'outbound',
      retryBaseMs: () => this.options.retryBaseMs,
      timeoutMs: () => Math.max(this.options.gatewayTimeoutMs, 30_000) + 5_000,
    });
  }

  async onEvent(e: DomainEvent<Record<string, any>>, delivery: Delivery): Promise<void> {
    const complaintId = e.data.complaintId;
    const update = updateOf(e);
    if (typeof complaintId !== 'string' || !update) return;
    const queued = await this.queue(delivery.trx, complaintId, `${e.type}:${e.id}`, update, e.at);
    if (queued) delivery.afterCommit(this.kick);
  }

  private readonly kick = () => this.ctx.jobs.kick();

  /** The complainant's preferences; complaints from before they were recorded get the defaults. */
  private async prefsOf(trx: Trx, c: NonNullable<Awaited<ReturnType<typeof repo.complaintForMessage>>>, contact: { phone: string | null; email: string | null }): Promise<ContactPrefs> {
    const row = await getPrefs(trx, c.id);
    if (row) return { channel: row.channel as ContactPrefs['channel'], language: row.language as MessageLanguage };
    return { channel: defaultChannel(c.channel, contact), language: detectLanguage(`${c.subject}\n${c.description}`, this.ctx.config.locale) };
  }

  /**
   * Writes the message for one public update in the caller's transaction (once per source: a
   * redelivered event finds its message) and queues its send. Returns whether a send was queued.
   */
  async queue(trx: Trx, complaintId: string, sourceKey: string, update: UpdateRequest, at: number): Promise<boolean> {
    if (await repo.messageBySource(trx, sourceKey)) return false;
    const c = await repo.complaintForMessage(trx, complaintId);
    if (!c) return false;
    const fc = this.ctx.fieldCrypto;
    const enc = c.complainant_id ? await repo.complainantContact(trx, c.complainant_id) : undefined;
    const contact = { phone: fc.decrypt(enc?.phone_enc ?? null) ?? null, email: fc.decrypt(enc?.email_enc ?? null) ?? null };
    const prefs = await this.prefsOf(trx, c, contact);
    const language = update.language ?? prefs.language;
    const rendered = renderMessage(update.purpose, language, {
      trackingNo: c.tracking_no,
      department: (language === 'en' ? c.name_en : c.name_zh) ?? '',
      text: update.text,
      action: update.action,
      dueAt: update.dueAt ? formatLocal(update.dueAt, this.ctx.config.timezone) : null,
      surveyUrl: update.surveyUrl,
    });
    const destination = prefs.channel === 'email' ? contact.email : prefs.channel === 'portal' ? null : contact.phone;
    const id = uuidv7();
    const status: MessageStatus = prefs.channel === 'portal' ? 'delivered' : destination ? 'queued' : 'failed';
    const error = status === 'failed' ? 'no_destination' : null;
    await repo.insertMessage(trx, {
      id, complaint_id: complaintId, source_key: sourceKey, channel: prefs.channel, language, purpose: update.purpose,
      subject: rendered.subject, body: rendered.body, destination_enc: fc.encrypt(destination ?? undefined) ?? null,
      status, attempts: 0, last_error: error,
      email_message_id: prefs.channel === 'email' ? `<${id}@${mailDomain(this.ctx.notify.mailer.fromAddress)}>` : null,
      created_at: at, updated_at: at, sent_at: null, delivered_at: status === 'delivered' ? at : null, failed_at: status === 'failed' ? at : null,
    });
    // Portal only: the public timeline entry the update wrote is the message.
    const kind = status === 'delivered' ? 'message_posted' : status === 'failed' ? 'message_failed' : 'message_queued';
    await recordActivity(trx, { complaintId, actorId: null, kind, data: { messageId: id, channel: prefs.channel, purpose: update.purpose, language, to: maskDestination(prefs.channel, destination), ...(error ? { error } : {}) }, at });
    if (status !== 'queued') return false;
    // One complainant's messages go out one at a time, in order: threading names the ones before.
    await enqueue(trx, { type: SEND_JOB, payload: { messageId: id }, dedupeKey: `msg:${id}`, partitionKey: `msg:${complaintId}`, maxAttempts: this.options.maxAttempts }, at);
    return true;
  }

  /** The send job: one attempt; a failure is retried with backoff, the last one fails the message. */
  async send(payload: { messageId: string }, job: JobTable, signal: AbortSignal): Promise<void> {
    const m = await repo.getMessage(this.ctx.db, payload.messageId);
    if (!m || m.status !== 'queued') return;
    const to = this.ctx.fieldCrypto.decrypt(m.destination_enc);
    try {
      if (!to) throw new Permanent('no_destination');
      if (m.channel === 'email') await this.sendEmail(m, to, signal);
      else await this.sendGateway(m, to, signal);
    } catch (err) {
      const why = String((err as Error).message ?? err).slice(0, 500);
      if (err instanceof Permanent || job.attempts >= job.max_attempts) {
        await this.settle(m, 'failed', { error: why, attempts: job.attempts, via: 'send' });
        return;
      }
      await repo.moveMessage(this.ctx.db, m.id, ['queued'], { attempts: job.attempts, last_error: why, updated_at: Date.now() });
      throw err;
    }
    await this.settle(m, 'sent', { attempts: job.attempts, via: 'send' });
  }

  private async sendEmail(m: OutboundMessageTable, to: string, signal: AbortSignal): Promise<void> {
    const mailer = this.ctx.notify.mailer;
    if (!mailer.enabled) throw new Permanent('email is not configured (SMTP_URL)');
    const thread = await repo.earlierEmailIds(this.ctx.db, m.complaint_id, m.id);
    await mailer.send({ to, subject: m.subject, text: m.body, html: textToHtml(m.body), messageId: m.email_message_id ?? undefined, inReplyTo: thread.at(-1), references: thread }, signal);
  }

  private async sendGateway(m: OutboundMessageTable, to: string, signal: AbortSignal): Promise<void> {
    const { messageGatewayUrl: url, messageGatewaySecret: secret } = this.ctx.config;
    if (!url || !secret) throw new Permanent('the SMS/WeChat gateway is not configured (REDRESS_MESSAGE_GATEWAY_URL)');
    const c = await repo.complaintForMessage(this.ctx.db, m.complaint_id);
    const body = JSON.stringify({ messageId: m.id, channel: m.channel, to, language: m.language, subject: m.subject, text: m.body, trackingNo: c?.tracking_no ?? null });
    const r = await postWebhook({ url, secret, eventType: `message.${m.channel}`, deliveryId: m.id, body, timeoutMs: this.options.gatewayTimeoutMs, signal, policy: { allowPrivate: this.ctx.config.webhookAllowPrivate } });
    if (!r.ok) throw new Error(`gateway: ${r.error ?? 'failed'}`);
  }

  /** Moves a message forward (never back) and records the change on the timeline. */
  async settle(m: Pick<OutboundMessageTable, 'id' | 'complaint_id' | 'channel'>, status: MessageStatus, opts: { error?: string; attempts?: number; via: 'send' | 'receipt' }): Promise<MessageStatus> {
    const now = Date.now();
    let result: MessageStatus = status;
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await repo.getMessage(trx, m.id);
      if (!current) return;
      const from = current.status as MessageStatus;
      result = from;
      if (from === status || RANK[status] < RANK[from] || (from === 'failed' && status !== 'delivered') || from === 'delivered') return;
      const patch = {
        status,
        updated_at: now,
        ...(opts.attempts !== undefined ? { attempts: opts.attempts } : {}),
        ...(status === 'sent' ? { sent_at: now } : {}),
        ...(status === 'delivered' ? { delivered_at: now, ...(current.sent_at === null ? { sent_at: now } : {}) } : {}),
        ...(status === 'failed' ? { failed_at: now, last_error: opts.error ?? 'failed' } : {}),
      };
      if (!(await repo.moveMessage(trx, m.id, [from], patch))) return;
      result = status;
      await recordActivity(trx, {
        complaintId: m.complaint_id,
        actorId: null,
        kind: `message_${status}`,
        data: { messageId: m.id, channel: m.channel, via: opts.via, ...(opts.attempts !== undefined ? { attempts: opts.attempts } : {}), ...(opts.error ? { error: opts.error } : {}) },
        at: now,
      });
    });
    return result;
  }
}

/** The domain of the From address (for our Message-IDs). */
function mailDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'redress.invalid';
}
