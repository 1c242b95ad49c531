import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { registerAck } from './mail.ack.js';
import { scheduleImapPolling } from './mail.imap.js';
import { startSmtpListener, type SmtpListener } from './mail.smtp.js';

export { processMail } from './mail.intake.js';
export { threadHeaders, recordSentMessageId, newMessageId } from './mail.threading.js';

/** Email intake's jobs (acknowledgements, IMAP polling): wherever jobs run (context.ts). */
export async function registerMailIntake(ctx: AppContext): Promise<void> {
  registerAck(ctx);
  await scheduleImapPolling(ctx);
}

/**
 * The inbound SMTP listener follows the HTTP server (app.ts): it starts when the app listens, with
 * REDRESS_MAIL_SMTP_PORT set, and stops when the app closes. Tests driving the app by inject() do
 * not open it.
 */
export function installMailIntake(app: FastifyInstance, ctx: AppContext): void {
  let listener: Promise<SmtpListener> | undefined;
  app.addHook('onListen', async () => {
    const { smtpPort, smtpHost, maxBytes } = ctx.config.mail;
    if (smtpPort === undefined || listener) return;
    listener = startSmtpListener(ctx, { port: smtpPort, host: smtpHost, maxBytes });
    await listener;
  });
  app.addHook('onClose', async () => {
    if (listener) await (await listener.catch(() => undefined))?.close();
  });
}
