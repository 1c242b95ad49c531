/**
 * One conditional GET of a feed: the host is resolved and every address checked like an outbound
 * webhook's (platform/notify/webhook-target.ts), the socket goes to the checked address, redirects are
 * followed (up to 3, each target checked again), If-None-Match / If-Modified-Since are sent, 304 is
 * "not modified", the body is capped.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { isProblem, resolveWebhookTarget, type ResolvedTarget, type TargetPolicy } from '../../platform/notify/webhook-target.js';

export const MAX_FEED_BYTES = 5 * 1024 * 1024;

export type FetchResult = { status: 'not_modified' } | { status: 'ok'; body: string; etag: string | null; lastModified: string | null };

export class FeedFetchError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function get(target: ResolvedTarget, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const mod = target.url.protocol === 'https:' ? https : http;
  const lookup: net.LookupFunction = (_host, options, cb) => {
    if ((options as dns.LookupOptions).all) (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  return new Promise((resolve, reject) => {
    const req = mod.request(target.url, { method: 'GET', headers, lookup, signal, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_FEED_BYTES) {
          req.destroy(new FeedFetchError('feed_too_large', `The feed is larger than ${MAX_FEED_BYTES} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The feed's text: the charset of the Content-Type, else the XML declaration's encoding (GBK and
 * GB2312 feeds are common in China), else UTF-8. An unknown charset is read as UTF-8.
 */
export function decodeFeed(body: Buffer, contentType: string | undefined): string {
  let charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (!charset) charset = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i.exec(body.subarray(0, 200).toString('latin1'))?.[1];
  const label = (charset ?? 'utf-8').toLowerCase();
  try {
    const text = new TextDecoder(label === 'gb2312' || label === 'gbk' ? 'gb18030' : label).decode(body);
    return text;
  } catch {
    return body.toString('utf8');
  }
}

export async function fetchFeed(url: string, cache: { etag: string | null; lastModified: string | null }, policy: TargetPolicy, timeoutMs = 15_000): Promise<FetchResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  for (let hop = 0; hop < 4; hop++) {
    const target = await resolveWebhookTarget(current, policy);
    if (isProblem(target)) throw new FeedFetchError(target.code.replace(/^webhook_/, 'feed_'), target.message);
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1', 'user-agent': 'Redress opinion monitor' };
    if (cache.etag) headers['if-none-match'] = cache.etag;
    if (cache.lastModified) headers['if-modified-since'] = cache.lastModified;
    let res;
    try {
      res = await get(target, headers, signal);
    } catch (err) {
      if (err instanceof FeedFetchError) throw err;
      throw new FeedFetchError(signal.aborted ? 'feed_timeout' : 'feed_unreachable', (err as Error).message);
    }
    if (res.status === 304) return { status: 'not_modified' };
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (res.status !== 200) throw new FeedFetchError('feed_http_error', `The feed answered HTTP ${res.status}`);
    const etag = typeof res.headers.etag === 'string' ? res.headers.etag : null;
    const lastModified = typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : null;
    return { status: 'ok', body: decodeFeed(res.body, res.headers['content-type']), etag, lastModified };
  }
  throw new FeedFetchError('feed_too_many_redirects', 'The feed redirected more than 3 times');
}
