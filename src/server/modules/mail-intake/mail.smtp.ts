import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../../context.js';
import { PermanentMailError, processMail, type IntakeOutcome } from './mail.intake.js';

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export interface SmtpListenerOptions {
  port: number;
  host: string;
  /** Largest message accepted (SIZE extension; bigger ones get 552). */
  maxBytes: number;
  /** Processing of one message (tests replace it to see the answer to a failing write). */
  process?: (raw: Buffer, envelopeFrom: string | null) => Promise<IntakeOutcome>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The inbound SMTP listener (smtp-server): any recipient, no AUTH. A message is answered 250 only
 * after processMail committed it (a new complaint or a complainant addition); a failing write
 * answers 451 (the sending server keeps the mail and retries), an over-size message 552.
 */
export async function startSmtpListener(ctx: AppContext, opts: SmtpListenerOptions): Promise<SmtpListener> {
  const process = opts.process ?? ((raw, envelopeFrom) => processMail(ctx, raw, { via: 'smtp', envelopeFrom }));
  const server = new SMTPServer({
    name: 'redress',
    banner: 'Redress complaint intake',
    size: opts.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    maxClients: 100,
    socketTimeout: 60_000,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes <= opts.maxBytes) chunks.push(c);
      });
      stream.on('error', (e) => callback(e));
      stream.on('end', () => {
        if (stream.sizeExceeded || bytes > opts.maxBytes) return callback(smtpError(552, `Message exceeds the size limit of ${opts.maxBytes} bytes`));
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        process(Buffer.concat(chunks), envelopeFrom).then(
          (outcome) => callback(null, outcome.status === 'created' ? `Queued as complaint ${outcome.trackingNo}` : `Accepted (${outcome.status})`),
          (e: unknown) => {
            if (e instanceof PermanentMailError) return callback(smtpError(554, `Rejected: ${e.message}`));
            ctx.log.error({ err: e }, 'mail intake: a message could not be recorded');
            callback(smtpError(451, 'Temporary failure recording the message, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (e) => ctx.log.error({ err: e }, 'mail intake: SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  ctx.log.info({ host: opts.host, port }, 'mail intake: SMTP listener started');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
