import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import { enqueue } from '../../platform/jobs/jobs.js';
import { recordActivity } from '../complaints/activity.js';
import { MAIL_INTAKE_USER_ID } from './mail.actor.js';
import * as repo from './mail.repo.js';

/**
 * The acknowledgement a sender gets for a mail that became a complaint: tracking number and access
 * code, in the mail's language, as a reply in the sender's thread (In-Reply-To / References), with
 * our own Message-ID stored so the sender's answer threads onto the complaint. Sent by a job on the
 * outbound lane, queued in the transaction that recorded the mail: once per complaint.
 */
export const ACK_JOB = 'mail_intake.ack';

export interface AckPayload {
  complaintId: string;
  to: string;
  language: 'zh-CN' | 'en';
  messageId: string;
  inReplyTo: string;
  references: string[];
  trackingNo: string;
  subject: string;
  /** The access code, encrypted with the field key (job payloads are stored). */
  accessCodeEnc: string;
}

/** The domain part of a From header ("Desk <desk@example.org>" → example.org). */
export function domainOf(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m?.[1]?.toLowerCase() ?? 'redress.invalid';
}

/** A Message-ID of ours (no brackets): recognisable when it comes back, unique, under the From domain. */
export function newMessageId(from: string): string {
  return `redress.${uuidv7()}@${domainOf(from)}`;
}

export function isOwnMessageId(id: string): boolean {
  return /^redress\.[0-9a-f-]{36}@/i.test(id);
}

const ackText = {
  'zh-CN': (p: { trackingNo: string; code: string; subject: string }) => ({
    subject: `【已受理 ${p.trackingNo}】${p.subject}`.slice(0, 250),
    text: [
      '您好：',
      '',
      `您的来信已收到并登记受理，受理编号：${p.trackingNo}`,
      `查询码：${p.code}`,
      '',
      '凭受理编号和查询码可查询办理进度、补充材料。请妥善保管查询码，不要转告他人。',
      '如需补充情况，直接回复本邮件即可（请保留主题中的受理编号）。',
      '',
      '此邮件由系统自动发送。',
    ].join('\n'),
  }),
  en: (p: { trackingNo: string; code: string; subject: string }) => ({
    subject: `[Received ${p.trackingNo}] ${p.subject}`.slice(0, 250),
    text: [
      'Hello,',
      '',
      `We have received your message and registered it as complaint ${p.trackingNo}.`,
      `Access code: ${p.code}`,
      '',
      'With the tracking number and the access code you can follow its progress and add information. Keep the access code to yourself.',
      'To add information, reply to this email (keep the tracking number in the subject).',
      '',
      'This message was sent automatically.',
    ].join('\n'),
  }),
};

export function ackMessage(language: 'zh-CN' | 'en', p: { trackingNo: string; code: string; subject: string }) {
  return ackText[language](p);
}

/** Queues the acknowledgement and stores its Message-ID, in the caller's transaction. */
export async function queueAck(ctx: AppContext, trx: Transaction<Database>, a: Omit<AckPayload, 'messageId' | 'accessCodeEnc'> & { accessCode: string }, now: number): Promise<void> {
  const messageId = newMessageId(ctx.notify.mailer.fromAddress);
  await repo.insertMessage(trx, { message_id: messageId, direction: 'out', complaint_id: a.complaintId, kind: 'ack', language: a.language, created_at: now });
  const { accessCode, ...rest } = a;
  const payload: AckPayload = { ...rest, messageId, accessCodeEnc: ctx.fieldCrypto.encrypt(accessCode)! };
  await enqueue(trx, { type: ACK_JOB, payload, dedupeKey: `${ACK_JOB}:${a.complaintId}`, maxAttempts: 8 }, now);
}

export function registerAck(ctx: AppContext): void {
  ctx.jobs.register(
    ACK_JOB,
    async (p: AckPayload, _job, signal) => {
      if (!ctx.notify.mailer.enabled) {
        ctx.log.warn({ complaintId: p.complaintId }, 'mail intake: SMTP_URL is not set, the acknowledgement is not sent');
        return;
      }
      const code = ctx.fieldCrypto.decrypt(p.accessCodeEnc) ?? '';
      const mail = ackMessage(p.language, { trackingNo: p.trackingNo, code, subject: p.subject });
      const wrap = (id: string) => `<${id}>`;
      await ctx.notify.mailer.send({ to: p.to, subject: mail.subject, text: mail.text, messageId: wrap(p.messageId), inReplyTo: wrap(p.inReplyTo), references: p.references.map(wrap) }, signal);
      await ctx.db.transaction().execute((trx) =>
        recordActivity(trx, { complaintId: p.complaintId, actorId: MAIL_INTAKE_USER_ID, kind: 'mail_ack_sent', visibility: 'internal', data: { messageId: p.messageId, language: p.language } }),
      );
    },
    { lane: 'outbound', retryBaseMs: () => 5_000, timeoutMs: () => 45_000 },
  );
}
