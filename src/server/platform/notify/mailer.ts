import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text part (always sent). */
  text: string;
  /** An HTML alternative to the text part. */
  html?: string;
  /** Our own Message-ID ("<id@domain>"), so a reply can be threaded onto it. */
  messageId?: string;
  /** Threading: the Message-ID this answers, and the thread's earlier Message-IDs. */
  inReplyTo?: string;
  references?: string[];
}

/**
 * Email over SMTP (nodemailer). `SMTP_URL` (smtp:// or smtps://, credentials in the URL) enables it;
 * without one the channel is off and says so once in the log. One connection per message, so nothing
 * lingers when the process stops.
 */
export class Mailer {
  private transport: Transporter | undefined;

  constructor(
    private readonly log: Logger,
    smtpUrl: string | undefined,
    private from: string,
  ) {
    this.configure(smtpUrl, from);
  }

  configure(smtpUrl: string | undefined, from = this.from): void {
    this.transport?.close();
    this.transport = undefined;
    this.from = from;
    if (!smtpUrl) {
      this.log.info('SMTP_URL is not set: email notifications are disabled');
      return;
    }
    // Short timeouts: a send runs inside a job lease (30 s); a hung server fails the attempt and it is retried.
    this.transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as Parameters<typeof nodemailer.createTransport>[0]);
    this.log.info({ smtp: redact(smtpUrl) }, 'email notifications enabled');
  }

  /** The From header in use (SMTP_FROM). */
  get fromAddress(): string {
    return this.from;
  }

  get enabled(): boolean {
    return !!this.transport;
  }

  /** `signal` (the job's hard timeout) gives up on a server that stalls between the transport's own timeouts. */
  async send(msg: MailMessage, signal?: AbortSignal): Promise<string> {
    if (!this.transport) throw new Error('email is disabled (no SMTP_URL)');
    signal?.throwIfAborted();
    const sending = this.transport.sendMail({
      from: this.from,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      ...(msg.html ? { html: msg.html } : {}),
      ...(msg.messageId ? { messageId: msg.messageId } : {}),
      ...(msg.inReplyTo ? { inReplyTo: msg.inReplyTo } : {}),
      ...(msg.references?.length ? { references: msg.references } : {}),
    });
    if (!signal) return String((await sending).messageId ?? '');
    sending.catch(() => undefined);
    const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const info = await Promise.race([sending, aborted]);
    return String(info.messageId ?? '');
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'smtp://…';
  }
}
