import type { AppContext } from '../../context.js';
import { sha256 } from '../../platform/auth/tokens.js';
import { AppError } from '../../platform/http/problem.js';
import { mailIntakeActor } from './mail.actor.js';
import { accessCode as newAccessCode, createComplaint } from '../complaints/complaint.intake.js';
import * as complaintRepo from '../complaints/complaint.repo.js';
import { recordActivity } from '../complaints/activity.js';
import { isOwnMessageId, queueAck } from './mail.ack.js';
import { recordMailAttachments, storeMailAttachments } from './mail.attachments.js';
import { decideJoin, type ComplaintRow, type JoinDecision } from './mail.join.js';
import { parseMail, type InboundMail } from './mail.parse.js';
import * as repo from './mail.repo.js';

export type IntakeOutcome =
  | { status: 'created'; complaintId: string; trackingNo: string }
  | { status: 'added'; complaintId: string }
  | { status: 'duplicate'; complaintId: string | null }
  | { status: 'ignored'; reason: string };

/** A mail we will never accept (answer 5xx; retrying would not help). */
export class PermanentMailError extends Error {}

const addressOf = (from: string) => (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim().toLowerCase();

/** Why we ignore this mail (a machine sent it, or it is our own coming back), or null. */
function loopReason(ctx: AppContext, mail: InboundMail, envelopeFrom: string | null | undefined): string | null {
  if (mail.automatic) return mail.automatic;
  if (envelopeFrom === '') return 'null envelope sender (a bounce)';
  if (isOwnMessageId(mail.messageId)) return 'our own Message-ID';
  if (mail.fromAddress && mail.fromAddress === addressOf(ctx.notify.mailer.fromAddress)) return 'sent from our own address';
  return null;
}

/**
 * One inbound mail, from the SMTP listener or the IMAP poller. Resolves only when what it wrote is
 * committed: a new complaint (channel email) with its attachments and a queued acknowledgement, or a
 * complainant addition on the timeline of the complaint the mail answers. Idempotent on Message-ID.
 * Throws on a temporary failure (the sender retries; nothing half-done stays behind that a retry
 * would duplicate).
 */
export async function processMail(ctx: AppContext, raw: Buffer, opts: { via: 'smtp' | 'imap'; envelopeFrom?: string | null } = { via: 'smtp' }): Promise<IntakeOutcome> {
  let mail: InboundMail;
  try {
    mail = await parseMail(raw);
  } catch (e) {
    // Retrying would not make it readable.
    throw new PermanentMailError(`the message cannot be parsed: ${(e as Error).message}`);
  }
  const log = ctx.log.child({ mail: mail.messageId, via: opts.via });
  const ignore = loopReason(ctx, mail, opts.envelopeFrom);
  if (ignore) {
    log.info({ reason: ignore }, 'mail intake: ignored');
    return { status: 'ignored', reason: ignore };
  }
  const seen = await repo.findMessage(ctx.db, mail.messageId);
  if (seen) {
    if (seen.direction === 'out') return { status: 'ignored', reason: 'our own Message-ID' };
    return { status: 'duplicate', complaintId: seen.complaint_id };
  }
  if (await repo.isSentByMessaging(ctx.db, mail.messageId)) return { status: 'ignored', reason: 'our own Message-ID' };
  // A reply joins its complaint only when the sender is entitled to (mail.join.ts); a stranger who
  // merely knows a tracking number opens a new complaint instead.
  const decision = await decideJoin(ctx, mail);
  const files = await storeMailAttachments(ctx, mail.attachments);
  const outcome = decision.join ? await addToComplaint(ctx, mail, decision, files) : await newComplaint(ctx, mail, files, decision.mentioned);
  log.info({ outcome: outcome.status, complaintId: 'complaintId' in outcome ? outcome.complaintId : undefined, joinedBy: decision.join ? decision.joinedBy : undefined }, 'mail intake: processed');
  return outcome;
}

type Files = Awaited<ReturnType<typeof storeMailAttachments>>;
type Joined = Extract<JoinDecision, { join: true }>;
type Mentioned = Extract<JoinDecision, { join: false }>['mentioned'];

/** The text with the access codes it carries blanked: the timeline is no place for a credential. */
const withoutCodes = (text: string, codes: string[]) => codes.reduce((t, code) => t.split(code).join('***'), text);

function isDuplicateKey(e: unknown): boolean {
  return complaintRepo.isUniqueViolation(e);
}

async function addToComplaint(ctx: AppContext, mail: InboundMail, joined: Joined, files: Files): Promise<IntakeOutcome> {
  const c: ComplaintRow = joined.complaint;
  const { senderVerified, joinedBy, accessCodes } = joined;
  const actorId = (await mailIntakeActor(ctx.db)).id;
  const now = Date.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await repo.insertMessage(trx, { message_id: mail.messageId, direction: 'in', complaint_id: c.id, kind: 'addition', language: mail.language, created_at: now });
      const body = withoutCodes(mail.text || mail.subject, accessCodes).slice(0, 20_000);
      const attachments = await recordMailAttachments(trx, c.id, actorId, files, now);
      await recordActivity(trx, [
        // The same kind as information added on the portal; `source` tells them apart.
        { complaintId: c.id, actorId, kind: 'complainant_info', visibility: 'public', body, data: { source: 'email', subject: withoutCodes(mail.subject, accessCodes).slice(0, 200), messageId: mail.messageId, senderVerified, joinedBy }, at: now },
        ...attachments,
      ]);
      // The event the portal's additions emit too (handlers hear of new information).
      await ctx.events.emit(trx, 'complaint.info_added', { complaintId: c.id, kind: 'email' });
    });
    ctx.events.flush();
  } catch (e) {
    if (isDuplicateKey(e)) return { status: 'duplicate', complaintId: c.id };
    throw e;
  }
  return { status: 'added', complaintId: c.id };
}

function complaintBody(mail: InboundMail) {
  const firstLine = mail.text.split('\n').find((l) => l.trim())?.trim() ?? '';
  const empty = mail.language === 'zh-CN' ? '（无主题邮件）' : '(email without subject)';
  const subject = (mail.subject || firstLine).slice(0, 200) || empty;
  const description = (mail.text || mail.subject || empty).slice(0, 20_000);
  const complainant = {
    ...(mail.fromName ? { name: mail.fromName.slice(0, 100) } : {}),
    ...(mail.fromAddress && mail.fromAddress.length <= 200 ? { email: mail.fromAddress } : {}),
  };
  return { subject, description, channel: 'email' as const, ...(Object.keys(complainant).length ? { complainant } : {}) };
}

async function newComplaint(ctx: AppContext, mail: InboundMail, files: Files, mentioned?: Mentioned): Promise<IntakeOutcome> {
  const actor = await mailIntakeActor(ctx.db);
  const now = Date.now();
  let created;
  try {
    // One transaction: the complaint, its Message-ID, attachments and the queued acknowledgement
    // (all or nothing). Also idempotent on the Message-ID through the intake's idempotency key.
    created = await createComplaint(ctx, actor, complaintBody(mail), `mail:${sha256(mail.messageId)}`, async (trx, id) => {
      await repo.insertMessage(trx, { message_id: mail.messageId, direction: 'in', complaint_id: id, kind: 'complaint', language: mail.language, created_at: now });
      await recordActivity(trx, [
        // The complaint the mail named but was not entitled to join: staff only (the sender must not
        // learn whether the number exists; nothing is written on that complaint), so staff can merge.
        ...(mentioned ? [{ complaintId: id, actorId: actor.id, kind: 'mail_names_other_complaint', visibility: 'internal' as const, body: mentioned.trackingNo, data: { trackingNo: mentioned.trackingNo, by: mentioned.by }, at: now }] : []),
        ...(await recordMailAttachments(trx, id, actor.id, files, now)),
      ]);
      if (!mail.fromAddress) return;
      // The code the acknowledgement carries (the intake's own is not returned to this hook): set in the same transaction.
      const code = newAccessCode();
      const row = await trx.updateTable('complaints').set({ access_code_hash: sha256(code) }).where('id', '=', id).returning('tracking_no').executeTakeFirstOrThrow();
      await queueAck(ctx, trx, { complaintId: id, accessCode: code, to: mail.fromAddress, language: mail.language, inReplyTo: mail.messageId, references: [...[...mail.threadIds].reverse(), mail.messageId], trackingNo: row.tracking_no, subject: mail.subject.slice(0, 150) }, now);
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'idempotency_key_reused') return { status: 'duplicate', complaintId: null };
    if (isDuplicateKey(e)) return { status: 'duplicate', complaintId: null };
    if (e instanceof AppError && e.status < 500) throw new PermanentMailError(e.message);
    throw e;
  }
  if (created.replayed) return { status: 'duplicate', complaintId: created.complaint.id };
  ctx.jobs.kick();
  return { status: 'created', complaintId: created.complaint.id, trackingNo: created.complaint.trackingNo };
}
