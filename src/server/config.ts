import path from 'node:path';
import { loadMailConfig, type MailIntakeConfig } from './modules/mail-intake/mail.config.js';
import { loadPortalConfig, type PortalConfig } from './modules/portal/portal.config.js';
import { loadMetricsConfig, type MetricsConfig } from './platform/metrics/metrics.config.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; otherwise a SQLite file path. */
  databaseUrl: string;
  dialect: 'sqlite' | 'postgres';
  adminEmail?: string;
  adminPassword?: string;
  /** 32-byte key material (hex or base64) or undefined → key file in the data directory. */
  secretKey?: string;
  timezone: string;
  locale: 'zh-CN' | 'en';
  smtpUrl?: string;
  /** From address of notification mail (SMTP_FROM); default "Redress <redress@<hostname>>". */
  mailFrom?: string;
  logLevel: string;
  /** Secure cookies when served over HTTPS (behind a proxy). */
  secureCookies: boolean;
  /** Webhooks may go to loopback and private addresses (REDRESS_WEBHOOK_ALLOW_PRIVATE=1; on-premises receivers). */
  webhookAllowPrivate: boolean;
  /** Minutes between signed audit checkpoints (REDRESS_AUDIT_CHECKPOINT_MINUTES, default 60). */
  auditCheckpointMinutes: number;
  /** Email intake: SMTP listener, IMAP polling (modules/mail-intake/mail.config.ts). */
  mail: MailIntakeConfig;
  /** SMS/WeChat gateway (REDRESS_MESSAGE_GATEWAY_URL): messages to complainants are POSTed there, signed like webhooks. */
  messageGatewayUrl?: string;
  /** Signing secret of the gateway (REDRESS_MESSAGE_GATEWAY_SECRET): outbound messages and its delivery receipts. */
  messageGatewaySecret?: string;
  /** Public portal, proof of work, rate limits and follow-up surveys (modules/portal/portal.config.ts). */
  portal: PortalConfig;
  /** GET /metrics: a bearer token or a separate port; off when neither (platform/metrics/metrics.config.ts). */
  metrics: MetricsConfig;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Environment → typed config. Collects every bad value so the operator fixes them in one go. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  // Digits only: Number() would also take "0x1F", "1e3" and " " (port 0, a random port).
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : /^\d{1,5}$/.test(env.PORT) ? Number(env.PORT) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be an integer 0–65535, got "${env.PORT}"`);

  const host = env.HOST || '127.0.0.1';
  const dataDir = path.resolve(env.REDRESS_DATA_DIR || './data');

  let databaseUrl = env.DATABASE_URL || '';
  let dialect: Config['dialect'] = 'sqlite';
  if (databaseUrl) {
    if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
      dialect = 'postgres';
      try {
        new URL(databaseUrl);
      } catch {
        problems.push('DATABASE_URL is not a valid postgres:// URL');
      }
    } else if (databaseUrl.startsWith('sqlite:')) {
      databaseUrl = path.resolve(databaseUrl.slice('sqlite:'.length).replace(/^\/\//, ''));
    } else {
      problems.push(`DATABASE_URL must start with postgres:// (or sqlite:<file>), got "${databaseUrl.split(':')[0]}:…"`);
    }
  } else {
    databaseUrl = path.join(dataDir, 'redress.sqlite');
  }

  const adminEmail = env.REDRESS_ADMIN_EMAIL || undefined;
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) problems.push(`REDRESS_ADMIN_EMAIL is not an email address: "${adminEmail}"`);
  const adminPassword = env.REDRESS_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.trim().length < 10) problems.push('REDRESS_ADMIN_PASSWORD must be at least 10 characters besides spaces');

  const secretKey = env.REDRESS_SECRET_KEY || undefined;
  if (secretKey !== undefined && decodeKey(secretKey) === null) {
    problems.push('REDRESS_SECRET_KEY must be 32 bytes as 64 hex characters or base64');
  }

  const timezone = env.REDRESS_TIMEZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    problems.push(`REDRESS_TIMEZONE is not an IANA time zone: "${timezone}"`);
  }

  const locale = (env.REDRESS_LOCALE || 'zh-CN') as Config['locale'];
  if (locale !== 'zh-CN' && locale !== 'en') problems.push(`REDRESS_LOCALE must be zh-CN or en, got "${locale}"`);

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const mailFrom = env.SMTP_FROM || undefined;
  if (mailFrom && !/@/.test(mailFrom)) problems.push(`SMTP_FROM must contain an email address, got "${mailFrom}"`);

  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) problems.push(`LOG_LEVEL is not a pino level: "${logLevel}"`);

  const checkpointMinutes = env.REDRESS_AUDIT_CHECKPOINT_MINUTES ? Number(env.REDRESS_AUDIT_CHECKPOINT_MINUTES) : 60;
  if (!Number.isFinite(checkpointMinutes) || checkpointMinutes <= 0) problems.push(`REDRESS_AUDIT_CHECKPOINT_MINUTES must be a positive number, got "${env.REDRESS_AUDIT_CHECKPOINT_MINUTES}"`);

  const portal = loadPortalConfig(env, problems);

  const messageGatewayUrl = env.REDRESS_MESSAGE_GATEWAY_URL || undefined;
  if (messageGatewayUrl && !/^https?:\/\//.test(messageGatewayUrl)) problems.push('REDRESS_MESSAGE_GATEWAY_URL must start with http:// or https://');
  const messageGatewaySecret = env.REDRESS_MESSAGE_GATEWAY_SECRET || undefined;
  if (messageGatewayUrl && (!messageGatewaySecret || messageGatewaySecret.length < 16)) problems.push('REDRESS_MESSAGE_GATEWAY_SECRET must be set (at least 16 characters) with REDRESS_MESSAGE_GATEWAY_URL');

  const mail = loadMailConfig(env, host, problems);
  const metrics = loadMetricsConfig(env, problems);

  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    dialect,
    adminEmail,
    adminPassword,
    secretKey,
    timezone,
    locale,
    smtpUrl,
    mailFrom,
    logLevel,
    secureCookies: env.REDRESS_SECURE_COOKIES === '1',
    webhookAllowPrivate: env.REDRESS_WEBHOOK_ALLOW_PRIVATE === '1',
    auditCheckpointMinutes: checkpointMinutes,
    mail,
    messageGatewayUrl,
    messageGatewaySecret,
    portal,
    metrics,
  };
}

export function decodeKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  const b = Buffer.from(v, 'base64');
  return b.length === 32 ? b : null;
}
