/** Masks for personal data shown to roles that may not see it (or have not asked to). */

export function maskPhone(v: string | null): string | null {
  if (!v) return v;
  const d = v.replace(/\s/g, '');
  if (d.length <= 4) return '*'.repeat(d.length);
  if (d.length < 8) return `${'*'.repeat(d.length - 4)}${d.slice(-4)}`;
  return `${d.slice(0, 3)}${'*'.repeat(d.length - 7)}${d.slice(-4)}`;
}

export function maskEmail(v: string | null): string | null {
  if (!v) return v;
  const at = v.lastIndexOf('@');
  if (at < 1) return '***';
  return `${v[0]}***${v.slice(at)}`;
}

export function maskName(v: string | null): string | null {
  if (!v) return v;
  const chars = [...v.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export function maskIdNumber(v: string | null): string | null {
  if (!v) return v;
  if (v.length <= 7) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}

export function maskAddress(v: string | null): string | null {
  if (!v) return v;
  const chars = [...v];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}***` : `${chars.slice(0, 6).join('')}***`;
}
