import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { sha256 } from '../src/server/platform/auth/tokens.js';
import type { FieldCrypto } from '../src/server/platform/crypto/fields.js';
import { indexTerms } from '../src/server/platform/search/analyzer.js';
import { ComplaintGenerator, type GeneratedComplaint } from '../src/server/modules/demo/generator.js';

/**
 * The bulk loader's row builder (bench/load.ts): generated complaints turned into the rows the
 * loader inserts. Pure CPU work (generation, analyzer terms, AES-GCM/HMAC), so bench/load-worker.ts
 * runs it in a worker thread while the main thread writes the previous batch.
 */

const ACCESS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Everything the builder needs; plain data, so it can be posted to a worker. */
export interface BuildParams {
  seed: number;
  n: number;
  endMs: number;
  spanMs: number;
  timezone: string;
  actorId: string;
  /** [taxonomy code, category id] */
  categories: Array<[string, string]>;
  /** [category id, default department id] */
  defaultDept: Array<[string, string | null]>;
  /** [local day yyyymmdd, last tracking sequence] */
  counters: Array<[string, number]>;
}

export interface Rows {
  complainants: unknown[][];
  complaints: unknown[][];
  search: Array<[string, string]>;
  timeline: unknown[][];
  /** audit rows without seq/prev_hash/hash, filled in inside the transaction. */
  audit: Array<{ at: number; actor_id: string; entity_id: string; data: string }>;
  /** Tracking counters after this batch: [`tracking:<day>`, value]. */
  counters: Array<[string, number]>;
}

/** Analyzer terms, memoised per text piece (the generator recombines a finite pool of texts). */
class TermCache {
  private map = new Map<string, string[]>();
  terms(parts: string[]): string {
    const out = new Set<string>();
    for (const p of parts) {
      let t = this.map.get(p);
      if (!t) {
        t = indexTerms(p);
        if (this.map.size < 300_000) this.map.set(p, t);
      }
      for (const x of t) out.add(x);
    }
    return [...out].join(' ');
  }
}

/** Returns build(from, count): the rows of complaints from … from + count − 1; must be called in order. */
export function makeBuilder(p: BuildParams, fc: FieldCrypto): (from: number, count: number) => Rows {
  const gen = new ComplaintGenerator({ seed: p.seed });
  const categories = new Map(p.categories);
  const defaultDept = new Map(p.defaultDept);
  const counters = new Map(p.counters);
  const terms = new TermCache();
  const { n, endMs, spanMs, actorId } = p;

  // Tracking numbers: per local day, continuing the counters the service uses.
  const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: p.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayOfHour = new Map<number, string>();
  const localDay = (t: number) => {
    const h = Math.floor(t / 3_600_000);
    let d = dayOfHour.get(h);
    if (!d) dayOfHour.set(h, (d = dayFmt.format(t).replace(/-/g, '')));
    return d;
  };

  return (from: number, count: number): Rows => {
    const rows: Rows = { complainants: [], complaints: [], search: [], timeline: [], audit: [], counters: [] };
    for (let k = 0; k < count; k++) {
      const i = from + k;
      const g: GeneratedComplaint = gen.next();
      const at = Math.floor(endMs - spanMs + ((i + 0.5) * spanMs) / n);
      const id = uuidv7({ msecs: at });
      let complainantId: string | null = null;
      const c = g.complainant;
      if (c) {
        complainantId = uuidv7({ msecs: at });
        rows.complainants.push([complainantId, fc.encrypt(c.name), fc.encrypt(c.phone), fc.encrypt(c.email), fc.encrypt(c.idNumber), fc.encrypt(c.address), fc.blindIndex('phone', c.phone), fc.blindIndex('email', c.email), at]);
      }
      const day = localDay(at);
      const seq = (counters.get(day) ?? 0) + 1;
      counters.set(day, seq);
      const bytes = crypto.randomBytes(10);
      let code = '';
      for (const b of bytes) code += ACCESS[b % 32];
      const categoryId = categories.get(g.categoryCode) ?? categories.get(g.categoryCode.slice(0, 2)) ?? null;
      const status = g.status === 'merged' ? 'closed' : g.status;
      const f = g.flags;
      rows.complaints.push([
        id, `TS${day}-${String(seq).padStart(6, '0')}`, sha256(code), g.channel, g.subject, g.description, g.location?.text ?? null, g.location?.lat ?? null, g.location?.lng ?? null,
        Math.min(g.occurredAt - g.createdAt + at, at), categoryId, g.level, categoryId ? (defaultDept.get(categoryId) ?? null) : null, null, status,
        f.personalSafety ? 1 : 0, f.propertyLoss ? 1 : 0, f.mediaAttention ? 1 : 0, f.vulnerableGroup ? 1 : 0, complainantId, null, actorId, at, at, 1,
      ]);
      // The service indexes `${subject}\n${description}\n${location}`; searchParts are those pieces.
      rows.search.push([id, terms.terms(g.searchParts)]);
      const data = JSON.stringify({ channel: g.channel });
      rows.timeline.push([uuidv7({ msecs: at }), id, 'created', actorId, 'public', null, data, at]);
      rows.audit.push({ at, actor_id: actorId, entity_id: id, data });
    }
    rows.counters = [...counters.entries()].map(([day, v]) => [`tracking:${day}`, v]);
    return rows;
  };
}
