/** Email intake settings, from the environment (config.ts calls loadMailConfig). */
export interface MailIntakeConfig {
  /** Inbound SMTP listener port (REDRESS_MAIL_SMTP_PORT); unset → no listener. */
  smtpPort?: number;
  /** Address the listener binds (REDRESS_MAIL_SMTP_HOST, default HOST). */
  smtpHost: string;
  /** Largest inbound message in bytes (REDRESS_MAIL_MAX_BYTES, default 31457280 = 30 MiB). */
  maxBytes: number;
  /** Mailbox to poll (REDRESS_MAIL_IMAP_URL: imaps://user:password@host[:port]/INBOX); unset → no polling. */
  imapUrl?: string;
  /** Seconds between polls (REDRESS_MAIL_IMAP_INTERVAL_SECONDS, default 60). */
  imapIntervalSeconds: number;
}

export function loadMailConfig(env: NodeJS.ProcessEnv, host: string, problems: string[]): MailIntakeConfig {
  const int = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer ${min}–${max}, got "${raw}"`);
      return undefined;
    }
    return n;
  };
  const smtpPort = int('REDRESS_MAIL_SMTP_PORT', 1, 65535);
  const maxBytes = int('REDRESS_MAIL_MAX_BYTES', 1024, 200 * 1024 * 1024) ?? 30 * 1024 * 1024;
  const imapIntervalSeconds = int('REDRESS_MAIL_IMAP_INTERVAL_SECONDS', 1, 86_400) ?? 60;
  const imapUrl = env.REDRESS_MAIL_IMAP_URL || undefined;
  if (imapUrl) {
    let ok = false;
    try {
      const u = new URL(imapUrl);
      ok = (u.protocol === 'imap:' || u.protocol === 'imaps:') && !!u.hostname && !!u.username;
    } catch {
      ok = false;
    }
    // The URL holds a password: never echo it.
    if (!ok) problems.push('REDRESS_MAIL_IMAP_URL must be imap:// or imaps://user:password@host[:port]/MAILBOX');
  }
  return { smtpPort, smtpHost: env.REDRESS_MAIL_SMTP_HOST || host, maxBytes, imapUrl, imapIntervalSeconds };
}
