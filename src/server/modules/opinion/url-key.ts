/** The key a mention's URL is deduplicated by: lower-case scheme and host, no fragment, no tracking parameters. Pure. */
const TRACKING = /^(utm_[a-z]+|spm|from|share_from|fbclid|gclid)$/i;

export function urlKey(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
  u.searchParams.sort();
  let s = u.toString();
  if (s.endsWith('/') && u.pathname !== '/') s = s.slice(0, -1);
  return s.replace(/^https:/, 'http:');
}
