import crypto from 'node:crypto';
import { isProblem, postToTarget, resolveWebhookTarget, type TargetPolicy } from './webhook-target.js';

/**
 * Outbound webhooks, the mechanism: the signature scheme and one HTTP attempt to a checked,
 * pinned address (webhook-target.ts).
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

/**
 * One POST of the exact body; 2xx is success. Redirects are not followed (they count as failures).
 * The host is resolved and every address checked first; a refused target is a failed attempt.
 */
export async function postWebhook(opts: { url: string; secret: string; eventType: string; deliveryId: string; body: string; timeoutMs: number; now?: number; signal?: AbortSignal; policy: TargetPolicy }): Promise<AttemptResult> {
  const timestamp = Math.floor((opts.now ?? Date.now()) / 1000);
  const started = performance.now();
  const signal = opts.signal ? AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), opts.signal]) : AbortSignal.timeout(opts.timeoutMs);
  try {
    const target = await resolveWebhookTarget(opts.url, opts.policy);
    if (isProblem(target)) return { ok: false, statusCode: null, durationMs: Math.round(performance.now() - started), error: `refused: ${target.message}`.slice(0, 500) };
    const res = await postToTarget(target, {
      signal,
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
    const durationMs = Math.round(performance.now() - started);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, durationMs, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    const e = err as Error & { code?: string; cause?: { name?: string; code?: string; message?: string } };
    const timedOut = e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError';
    const why = timedOut ? `timed out after ${opts.timeoutMs} ms` : (e.code ?? e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, statusCode: null, durationMs, error: String(why).slice(0, 500) };
  }
}
