import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { unwrapAddress } from '../http/ip.js';

/**
 * Where a webhook may go. Every address a host resolves to is checked (IPv4-mapped IPv6 unwrapped
 * first); link-local, cloud metadata, unspecified, multicast and reserved ranges are always refused;
 * loopback and private ranges unless REDRESS_WEBHOOK_ALLOW_PRIVATE=1 (on-premises receivers). The
 * connection then goes to the address that was checked (a custom lookup), so a second DNS answer
 * cannot swap in another one (DNS rebinding).
 */
export type UrlProblem = { code: string; message: string };
export interface TargetPolicy {
  allowPrivate: boolean;
}

const unsafe = (message: string): UrlProblem => ({ code: 'webhook_url_unsafe_host', message });

const ALWAYS = new net.BlockList();
ALWAYS.addSubnet('0.0.0.0', 8, 'ipv4'); // unspecified / "this network"
ALWAYS.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, incl. 169.254.169.254 (AWS, GCP, Azure, …)
ALWAYS.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
ALWAYS.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
ALWAYS.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
ALWAYS.addAddress('::', 'ipv6');
ALWAYS.addSubnet('fe80::', 10, 'ipv6'); // link-local
ALWAYS.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
ALWAYS.addSubnet('ff00::', 8, 'ipv6'); // multicast

const LOCAL = new net.BlockList();
LOCAL.addSubnet('127.0.0.0', 8, 'ipv4');
LOCAL.addSubnet('10.0.0.0', 8, 'ipv4');
LOCAL.addSubnet('172.16.0.0', 12, 'ipv4');
LOCAL.addSubnet('192.168.0.0', 16, 'ipv4');
LOCAL.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
LOCAL.addAddress('::1', 'ipv6');
LOCAL.addSubnet('fc00::', 7, 'ipv6'); // unique local

/** Why this address may not receive webhooks, or undefined when it may. */
export function checkAddress(addr: string, policy: TargetPolicy): UrlProblem | undefined {
  const { address, family } = unwrapAddress(addr);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (ALWAYS.check(address, type)) return unsafe(`${addr} is a link-local, metadata, unspecified or reserved address`);
  if (!policy.allowPrivate && LOCAL.check(address, type)) return unsafe(`${addr} is a loopback or private address (set REDRESS_WEBHOOK_ALLOW_PRIVATE=1 for on-premises receivers)`);
  return undefined;
}

const METADATA_NAMES = /^(metadata|metadata\.google\.internal|metadata\.goog|instance-data(\.ec2\.internal)?)$/i;

/** The checks that need no DNS: scheme, credentials, fragment, metadata names and literal addresses. */
export function checkWebhookUrl(raw: string, policy: TargetPolicy): UrlProblem | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { code: 'webhook_url_invalid', message: 'The URL does not parse' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { code: 'webhook_url_scheme', message: 'Only http:// and https:// URLs can receive webhooks' };
  if (u.username || u.password) return { code: 'webhook_url_credentials', message: 'Do not put credentials in the URL; verify the signature instead' };
  if (u.hash) return { code: 'webhook_url_fragment', message: 'A webhook URL has no #fragment' };
  const host = hostOf(u);
  if (!host) return { code: 'webhook_url_invalid', message: 'The URL has no host' };
  if (METADATA_NAMES.test(host)) return unsafe('Cloud metadata hosts are refused');
  if (net.isIP(host)) return checkAddress(host, policy);
  return undefined;
}

/** The host without IPv6 brackets and trailing dots ("metadata.google.internal." is that host). */
function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}

export interface ResolvedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

const LOOKUP_TIMEOUT_MS = 5_000;

/** Resolves the URL's host and checks every address; throws a UrlProblem-carrying error when refused. */
export async function resolveWebhookTarget(raw: string, policy: TargetPolicy): Promise<ResolvedTarget | UrlProblem> {
  const p = checkWebhookUrl(raw, policy);
  if (p) return p;
  const url = new URL(raw);
  const host = hostOf(url);
  if (net.isIP(host)) return { url, ...unwrapAddress(host) };
  let addrs: dns.LookupAddress[];
  try {
    addrs = await Promise.race([
      dns.promises.lookup(host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => setTimeout(() => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })), LOOKUP_TIMEOUT_MS).unref()),
    ]);
  } catch (err) {
    return { code: 'webhook_url_unresolvable', message: `${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  if (!addrs.length) return { code: 'webhook_url_unresolvable', message: `${host} has no address` };
  for (const a of addrs) {
    const bad = checkAddress(a.address, policy);
    if (bad) return unsafe(`${host} resolves to ${a.address}: ${bad.message}`);
  }
  return { url, ...unwrapAddress(addrs[0].address) };
}

export const isProblem = (x: ResolvedTarget | UrlProblem): x is UrlProblem => 'code' in x;

/**
 * One POST to the checked address: the socket connects only there, while the Host header and TLS
 * name (SNI, certificate check) stay the URL's host. Redirects are not followed.
 */
export function postToTarget(target: ResolvedTarget, opts: { headers: Record<string, string>; body: string; signal: AbortSignal }): Promise<{ status: number }> {
  const mod = target.url.protocol === 'https:' ? https : http;
  const lookup: net.LookupFunction = (_host, options, cb) => {
    if ((options as dns.LookupOptions).all) (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  return new Promise((resolve, reject) => {
    const req = mod.request(
      target.url,
      { method: 'POST', headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) }, lookup, signal: opts.signal, agent: false },
      (res) => {
        // Drain, bounded by the caller's signal, so the socket is released.
        res.on('data', () => undefined);
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
