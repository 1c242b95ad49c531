import crypto from 'node:crypto';
import net from 'node:net';

/**
 * Outbound webhooks, the mechanism: URL checks, the signature scheme and one HTTP attempt.
 *
 * Signature: `X-Redress-Signature: sha256=<hex>` where hex = HMAC-SHA256(secret,
 * `${X-Redress-Timestamp}.${raw body}`); the timestamp is Unix seconds. Receivers recompute it over
 * the exact bytes received, compare in constant time and reject old timestamps (replays).
 */

export const SIGNATURE_HEADER = 'x-redress-signature';
export const TIMESTAMP_HEADER = 'x-redress-timestamp';
export const EVENT_HEADER = 'x-redress-event';
export const DELIVERY_HEADER = 'x-redress-delivery';

export function sign(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Constant-time check of a received signature header (what a receiver does; used by tests). */
export function verify(secret: string, timestamp: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(sign(secret, timestamp, body));
  const b = Buffer.from(header);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export type UrlProblem = { code: string; message: string };

/**
 * Refuses obviously unsafe endpoint URLs: anything but http(s), embedded credentials (they would sit
 * in the database in the clear and in logs), and the link-local range where cloud metadata services
 * live. Private and loopback addresses stay allowed: on-premises receivers are the common case.
 */
export function checkWebhookUrl(raw: string): UrlProblem | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { code: 'webhook_url_invalid', message: 'The URL does not parse' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { code: 'webhook_url_scheme', message: 'Only http:// and https:// URLs can receive webhooks' };
  if (u.username || u.password) return { code: 'webhook_url_credentials', message: 'Do not put credentials in the URL; verify the signature instead' };
  if (u.hash) return { code: 'webhook_url_fragment', message: 'A webhook URL has no #fragment' };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { code: 'webhook_url_invalid', message: 'The URL has no host' };
  if (net.isIPv4(host) && (host.startsWith('169.254.') || host === '0.0.0.0')) return { code: 'webhook_url_unsafe_host', message: 'Link-local and unspecified addresses (cloud metadata) are refused' };
  if (net.isIPv6(host) && (/^fe[89ab]/i.test(host) || host === '::' || /^::ffff:169\.254\./i.test(host))) return { code: 'webhook_url_unsafe_host', message: 'Link-local and unspecified addresses are refused' };
  if (/^metadata(\.google\.internal)?$/i.test(host)) return { code: 'webhook_url_unsafe_host', message: 'Cloud metadata hosts are refused' };
  return undefined;
}

/** Event type patterns an endpoint subscribes with: an exact type, "prefix.*", or "*". */
export const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/** One POST of the exact body; 2xx is success. Redirects are not followed (they count as failures). */
export async function postWebhook(opts: { url: string; secret: string; eventType: string; deliveryId: string; body: string; timeoutMs: number; now?: number }): Promise<AttemptResult> {
  const timestamp = Math.floor((opts.now ?? Date.now()) / 1000);
  const started = performance.now();
  try {
    const res = await fetch(opts.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Redress-Webhooks/1',
        [EVENT_HEADER]: opts.eventType,
        [DELIVERY_HEADER]: opts.deliveryId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: sign(opts.secret, timestamp, opts.body),
      },
      body: opts.body,
    });
    // Drain (bounded) so the connection is released.
    await res.arrayBuffer().catch(() => undefined);
    const durationMs = Math.round(performance.now() - started);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, durationMs, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `timed out after ${opts.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, statusCode: null, durationMs, error: String(why).slice(0, 500) };
  }
}
