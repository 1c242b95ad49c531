import net from 'node:net';

/** Expands an IPv6 address to its eight 16-bit groups (null if it is not one). */
export function ipv6Groups(addr: string): number[] | null {
  if (!net.isIPv6(addr)) return null;
  let a = addr.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const [p, q, r, s] = v4[1].split('.').map(Number);
    a = a.slice(0, -v4[1].length) + `${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => parseInt(g, 16));
}

/** An address in its canonical family: IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible IPv6 as IPv4. */
export function unwrapAddress(addr: string): { address: string; family: 4 | 6 } {
  if (net.isIPv4(addr)) return { address: addr, family: 4 };
  const g = ipv6Groups(addr);
  if (g && g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || (g[5] === 0 && g[6] !== 0))) {
    return { address: `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`, family: 4 };
  }
  return { address: addr.replace(/%.*$/, ''), family: 6 };
}

/**
 * The client an address stands for when counting attempts: an IPv4 address, or the /64 of an IPv6
 * one (a single host is usually given a whole /64, so counting per /128 would be trivially evaded).
 */
export function clientKey(addr: string): string {
  const { address, family } = unwrapAddress(addr);
  if (family === 4) return address;
  const g = ipv6Groups(address);
  return g ? `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64` : address;
}
