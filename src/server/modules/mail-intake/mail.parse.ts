import crypto from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import { detectLanguage as detectPreferredLanguage } from '../messaging/prefs.js';

/** One inbound mail, decoded (RFC 2047 headers, GBK/GB2312/UTF-8 bodies, HTML-only → text by mailparser). */
export interface InboundMail {
  /** Without angle brackets; a hash of the raw message when the mail has none. */
  messageId: string;
  /** In-Reply-To first, then References (newest last), without angle brackets. */
  threadIds: string[];
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  text: string;
  language: 'zh-CN' | 'en';
  /** Auto-Submitted, Precedence, X-Autoreply…: a machine sent it. */
  automatic: string | null;
  attachments: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export const stripBrackets = (id: string): string => id.trim().replace(/^<+|>+$/g, '').trim();

/** Every <…> id in a header value (References may hold many, some senders omit the brackets). */
function ids(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((v) => {
    const bracketed = v.match(/<[^<>\s]+>/g);
    return (bracketed ?? v.split(/\s+/)).map(stripBrackets).filter(Boolean);
  });
}

const headerText = (v: HeaderValue | undefined): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => headerText(x as HeaderValue)).join(' ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value ?? '');
  return '';
};

/** Why a mail looks machine-sent (RFC 3834 Auto-Submitted, Precedence, common auto-responder headers), or null. */
export function automaticReason(headers: ParsedMail['headers'], fromAddress: string | null): string | null {
  const autoSubmitted = headerText(headers.get('auto-submitted')).trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerText(headers.get('precedence')).trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const h of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    const v = headerText(headers.get(h)).trim().toLowerCase();
    if (v && !(h === 'x-auto-response-suppress' && v === 'none')) return `${h}: ${v}`;
  }
  const local = fromAddress?.split('@')[0]?.toLowerCase() ?? '';
  if (['mailer-daemon', 'postmaster', 'noreply', 'no-reply', 'donotreply'].includes(local)) return `From: ${fromAddress}`;
  return null;
}

/** The mail's language, decided as the intake decides the complainant's (messaging/prefs.ts): the two always agree. */
export function detectLanguage(text: string): 'zh-CN' | 'en' {
  return detectPreferredLanguage(text, 'zh-CN');
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string | null; name: string | null } {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value?.[0];
  const address = v?.address && /^[^@\s<>]+@[^@\s<>]+$/.test(v.address) ? v.address.toLowerCase() : null;
  return { address, name: v?.name?.trim() || null };
}

/**
 * Python's email package labels GB2312 encoded words with its codec name (=?eucgb2312_cn?b?…?=),
 * which no decoder knows: name the charset. Encoded words are ASCII, so a latin1 round trip is exact.
 */
function normalizeCharsetLabels(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  return /=\?eucgb2312_cn\?/i.test(s) ? Buffer.from(s.replace(/=\?eucgb2312_cn\?/gi, '=?gb2312?'), 'latin1') : raw;
}

export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const parsed = await simpleParser(normalizeCharsetLabels(raw), { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const from = firstAddress(parsed.from);
  const subject = (parsed.subject ?? '').replace(/\s+/g, ' ').trim();
  const text = (parsed.text ?? '').replace(/\r\n/g, '\n').trim();
  const messageId = parsed.messageId ? stripBrackets(parsed.messageId) : `${crypto.createHash('sha256').update(raw).digest('hex')}@no-message-id`;
  const threadIds = [...new Set([...ids(parsed.inReplyTo), ...ids(parsed.references).reverse()])].filter((id) => id !== messageId);
  return {
    messageId,
    threadIds,
    fromAddress: from.address,
    fromName: from.name,
    subject,
    text,
    language: detectLanguage(`${subject}\n${text}`),
    automatic: automaticReason(parsed.headers, from.address),
    attachments: parsed.attachments.map((a, i) => ({
      filename: (a.filename ?? '').trim() || `attachment-${i + 1}`,
      contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
      content: a.content,
    })),
  };
}
