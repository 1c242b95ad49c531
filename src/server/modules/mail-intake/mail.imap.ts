import { ImapFlow } from 'imapflow';
import type { AppContext } from '../../context.js';
import { enqueue } from '../../platform/jobs/jobs.js';
import { PermanentMailError, processMail, type IntakeOutcome } from './mail.intake.js';
import * as repo from './mail.repo.js';

/**
 * IMAP polling (imapflow) on the one scheduler: a job of type `mail_intake.imap_poll` reads the new
 * UIDs of the configured mailbox, processes each like the SMTP listener does, marks it \Seen and
 * records UIDVALIDITY and the last UID processed, then re-arms itself at the configured interval.
 * A restart continues after the recorded UID; a new UIDVALIDITY starts over, and Message-ID
 * idempotency keeps that from importing anything twice.
 */
export const IMAP_POLL_JOB = 'mail_intake.imap_poll';
/** Most messages per poll; with more waiting the next poll comes at once. */
const BATCH = 100;

export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
  /** Identifies the mailbox's progress row. */
  key: string;
}

/** imap://user:pass@host:port/Mailbox or imaps://… (mailbox INBOX when the path is empty). */
export function parseImapUrl(url: string): ImapTarget {
  const u = new URL(url);
  if (u.protocol !== 'imap:' && u.protocol !== 'imaps:') throw new Error('the IMAP URL must start with imap:// or imaps://');
  if (!u.hostname || !u.username) throw new Error('the IMAP URL needs a user and a host (imaps://user:password@host/INBOX)');
  const secure = u.protocol === 'imaps:';
  const port = u.port ? Number(u.port) : secure ? 993 : 143;
  const user = decodeURIComponent(u.username);
  const mailbox = decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX';
  return { host: u.hostname, port, secure, user, pass: decodeURIComponent(u.password), mailbox, key: `${user}@${u.hostname}:${port}/${mailbox}` };
}

export interface PollResult {
  outcomes: IntakeOutcome[];
  /** More new messages are waiting (the batch was full). */
  more: boolean;
}

export async function pollMailbox(ctx: AppContext, target: ImapTarget, signal?: AbortSignal): Promise<PollResult> {
  const client = new ImapFlow({ host: target.host, port: target.port, secure: target.secure, auth: { user: target.user, pass: target.pass }, logger: false, disableAutoIdle: true, connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 60_000 });
  const outcomes: IntakeOutcome[] = [];
  let more = false;
  await client.connect();
  try {
    const lock = await client.getMailboxLock(target.mailbox);
    try {
      const box = client.mailbox;
      if (!box) throw new Error(`mailbox ${target.mailbox} did not open`);
      const uidValidity = String(box.uidValidity);
      const state = await repo.imapState(ctx.db, target.key);
      let lastUid = state && state.uid_validity === uidValidity ? Number(state.last_uid) : 0;
      if (state && state.uid_validity !== uidValidity) ctx.log.warn({ mailbox: target.key }, 'mail intake: UIDVALIDITY changed, the mailbox is read again (Message-IDs keep it from importing twice)');
      // "n:*" always names the newest message, even one below n: keep only UIDs past the last one.
      const found = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
      more = found.length > BATCH;
      for (const uid of found.slice(0, BATCH)) {
        signal?.throwIfAborted();
        const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (msg && msg.source) {
          try {
            outcomes.push(await processMail(ctx, msg.source, { via: 'imap' }));
          } catch (e) {
            // A message we will never take must not block the mailbox: skip it (temporary failures stop the poll).
            if (!(e instanceof PermanentMailError)) throw e;
            ctx.log.warn({ uid, err: e }, 'mail intake: an IMAP message was refused');
            outcomes.push({ status: 'ignored', reason: e.message });
          }
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        lastUid = uid;
        await repo.saveImapState(ctx.db, target.key, uidValidity, lastUid);
      }
      if (!state || state.uid_validity !== uidValidity) await repo.saveImapState(ctx.db, target.key, uidValidity, lastUid);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { outcomes, more };
}

/** Registers the poll job and, with an IMAP URL configured, arms it (once across instances: a dedupe key). */
export async function scheduleImapPolling(ctx: AppContext): Promise<void> {
  const arm = (runAt: number) => enqueue(ctx.db, { type: IMAP_POLL_JOB, dedupeKey: IMAP_POLL_JOB, runAt, replace: true }, ctx.jobs.now());
  ctx.jobs.register(
    IMAP_POLL_JOB,
    async (_p, _job, signal) => {
      const url = ctx.config.mail.imapUrl;
      if (!url) return; // switched off since it was armed
      let more = false;
      try {
        more = (await pollMailbox(ctx, parseImapUrl(url), signal)).more;
      } catch (e) {
        // The server is down or refused us: try again at the next interval (never a dead job that stops polling).
        ctx.log.warn({ err: e }, 'mail intake: IMAP poll failed');
      }
      await arm(ctx.jobs.now() + (more ? 0 : ctx.config.mail.imapIntervalSeconds * 1000));
    },
    { lane: 'outbound', timeoutMs: () => 5 * 60_000 },
  );
  if (ctx.config.mail.imapUrl) await enqueue(ctx.db, { type: IMAP_POLL_JOB, dedupeKey: IMAP_POLL_JOB, runAt: ctx.jobs.now() }, ctx.jobs.now());
}
