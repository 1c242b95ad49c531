// Whether an inbound mail may join an existing complaint. A tracking number is no secret (it is
// printed on letters, read out on the phone, forwarded), so naming one is not enough: the mail joins
// only when the sender is the complainant on record (compared by the email blind index, never in
// plain text), when it answers a mail we sent about that complaint (In-Reply-To/References naming
// one of our Message-IDs — only its recipients know it), or when it carries the complaint's access
// code. Anything else is taken in as a new complaint; the caller notes the named one for staff.
import crypto from 'node:crypto';
import type { AppContext } from '../../context.js';
import { sha256 } from '../../platform/auth/tokens.js';
import * as complaintRepo from '../complaints/complaint.repo.js';
import type { InboundMail } from './mail.parse.js';
import * as repo from './mail.repo.js';

export type ComplaintRow = NonNullable<Awaited<ReturnType<typeof complaintRepo.getComplaint>>>;

/** Why a mail joined: its sender is the complainant, it answers our mail, or it carries the access code. */
export type JoinReason = 'sender' | 'thread' | 'access_code';

export type JoinDecision =
  | { join: true; complaint: ComplaintRow; joinedBy: JoinReason; senderVerified: boolean; accessCodes: string[] }
  /** `mentioned`: the complaint the mail named (by tracking number or thread) but may not join. */
  | { join: false; mentioned?: { trackingNo: string; by: 'tracking_number' | 'thread' } };

const TRACKING_IN_SUBJECT = /\bTS\d{8}-\d{6}\b/;
/** Access codes: 10 characters of the intake's alphabet (no I, O, 0, 1). Typed in any case. */
const ACCESS_CODE_LIKE = /(?<![A-Za-z0-9])[A-HJ-NP-Za-hj-np-z2-9]{10}(?![A-Za-z0-9])/g;
const MAX_CODE_CANDIDATES = 50;

/** The complaint and the ones it was merged into (a merged complaint continues in its target). */
async function mergeChain(ctx: AppContext, row: ComplaintRow): Promise<ComplaintRow[]> {
  const chain = [row];
  for (let c: ComplaintRow | undefined = row; c?.status === 'merged' && c.merged_into_id && chain.length < 6; ) {
    c = await complaintRepo.getComplaint(ctx.db, c.merged_into_id);
    if (c) chain.push(c);
  }
  return chain;
}

async function senderIsComplainant(ctx: AppContext, chain: ComplaintRow[], fromAddress: string | null): Promise<boolean> {
  const bidx = ctx.fieldCrypto.blindIndex('email', fromAddress);
  const ids = chain.map((c) => c.complainant_id).filter((id): id is string => !!id);
  if (!bidx || !ids.length) return false;
  const rows = await ctx.db.selectFrom('complainants').select('email_bidx').where('id', 'in', ids).execute();
  return rows.some((r) => !!r.email_bidx && r.email_bidx === bidx);
}

const sameHash = (a: string, b: string) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The access-code-like words of the subject and text that open one of `chain` (as found, for redaction). */
export function accessCodesIn(mail: Pick<InboundMail, 'subject' | 'text'>, chain: Pick<ComplaintRow, 'access_code_hash'>[]): string[] {
  const hashes = chain.map((c) => c.access_code_hash).filter((h): h is string => !!h);
  if (!hashes.length) return [];
  const words = [...new Set(`${mail.subject}\n${mail.text}`.match(ACCESS_CODE_LIKE) ?? [])].slice(0, MAX_CODE_CANDIDATES);
  return words.filter((w) => {
    const h = sha256(w.toUpperCase());
    return hashes.some((stored) => sameHash(h, stored));
  });
}

/**
 * The complaint this mail may join, or why not. Candidates in order: the complaint its subject's
 * tracking number names, the complaint of one of our own Message-IDs it answers, the complaint of
 * another Message-ID of the thread (the complainant's earlier mail); the first the mail is
 * entitled to join wins. A merged complaint is joined through the one it was merged into.
 */
export async function decideJoin(ctx: AppContext, mail: InboundMail): Promise<JoinDecision> {
  const tracking = TRACKING_IN_SUBJECT.exec(mail.subject)?.[0];
  const named = tracking ? await complaintRepo.getComplaintByTrackingNo(ctx.db, tracking) : undefined;
  const oursId = await repo.complaintOfOurMail(ctx.db, mail.threadIds);
  const threadId = oursId ?? (await repo.complaintOfThread(ctx.db, mail.threadIds));
  const candidates: { row: ComplaintRow; by: 'tracking_number' | 'thread' }[] = [];
  if (named) candidates.push({ row: named, by: 'tracking_number' });
  for (const id of [oursId, threadId]) {
    if (!id || candidates.some((c) => c.row.id === id)) continue;
    const row = await complaintRepo.getComplaint(ctx.db, id);
    if (row) candidates.push({ row, by: 'thread' });
  }
  for (const { row } of candidates) {
    const chain = await mergeChain(ctx, row);
    const target = chain[chain.length - 1]!;
    const senderVerified = await senderIsComplainant(ctx, chain, mail.fromAddress);
    const accessCodes = accessCodesIn(mail, chain);
    const joinedBy: JoinReason | undefined = senderVerified ? 'sender' : oursId && chain.some((c) => c.id === oursId) ? 'thread' : accessCodes.length ? 'access_code' : undefined;
    if (joinedBy) return { join: true, complaint: target, joinedBy, senderVerified, accessCodes };
  }
  const first = candidates[0];
  return first ? { join: false, mentioned: { trackingNo: first.row.tracking_no, by: first.by } } : { join: false };
}
