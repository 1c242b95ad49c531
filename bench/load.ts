import crypto from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../src/server/context.js';
import { hashRow } from '../src/server/platform/audit/audit.js';
import { sha256 } from '../src/server/platform/auth/tokens.js';
import { indexTerms } from '../src/server/platform/search/analyzer.js';
import { OrgService } from '../src/server/modules/org/org.service.js';
import { ComplaintGenerator, type GeneratedComplaint } from '../src/server/modules/demo/generator.js';

/**
 * Bulk loader for benchmarks: N generated complaints written the way ComplaintService.create writes
 * them — encrypted complainant with blind indexes, complaint row with a tracking number, search-index
 * row, public 'created' timeline entry, and one 'complaint.created' entry appended to the audit hash
 * chain (hashes computed with the audit module's own hashRow, so `redress audit verify` passes) — but
 * in large transactions: prepared statements on SQLite, unnest()-based multi-row INSERTs on PostgreSQL.
 *
 * Not written: the 'complaint.created' outbox job (subscribers would otherwise process a million
 * events after the load). Times are spread evenly over the span, in insertion order, so UUIDv7 ids
 * and audit seq follow created_at as they do in production.
 */

export interface BulkLoadOptions {
  seed?: number;
  /** Complaints per transaction. */
  batch?: number;
  /** created_at spread over [endMs − spanDays, endMs]. */
  endMs?: number;
  spanDays?: number;
  /** User recorded as creator/actor; default: the first admin. */
  actorId?: string;
  onProgress?: (done: number, n: number, perSec: number) => void;
}

export interface BulkLoadResult {
  n: number;
  ms: number;
  perSec: number;
}

const ACCESS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Category id by taxonomy code; creates the taxonomy's two levels (without departments) when the database has none. */
export async function ensureCategories(ctx: AppContext, gen: ComplaintGenerator): Promise<Map<string, string>> {
  const org = new OrgService(ctx);
  const have = new Map((await org.listCategories()).map((c) => [c.code, c.id]));
  for (const top of gen.datasets.taxonomy) {
    if (!have.has(top.code)) have.set(top.code, (await org.createCategory(null, { code: top.code, nameZh: top.nameZh, nameEn: top.nameEn })).id);
    for (const c of top.children) {
      if (!have.has(c.code)) have.set(c.code, (await org.createCategory(null, { code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, parentId: have.get(top.code)! })).id);
    }
  }
  return have;
}

async function firstAdmin(ctx: AppContext): Promise<string> {
  const u = await ctx.db.selectFrom('users').select(['id', 'roles']).orderBy('created_at').execute();
  const admin = u.find((x) => (JSON.parse(x.roles) as string[]).includes('admin')) ?? u[0];
  if (admin) return admin.id;
  return (await new OrgService(ctx).createUser(null, { email: 'bench-admin@redress.local', name: 'Bench admin', password: crypto.randomBytes(12).toString('hex'), roles: ['admin'] })).id;
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

interface Rows {
  complainants: unknown[][];
  complaints: unknown[][];
  search: Array<[string, string]>;
  timeline: unknown[][];
  /** audit rows without seq/prev_hash/hash, filled in inside the transaction. */
  audit: Array<{ at: number; actor_id: string; entity_id: string; data: string }>;
}

const COMPLAINANT_COLS = ['id', 'name_enc', 'phone_enc', 'email_enc', 'id_number_enc', 'address_enc', 'phone_bidx', 'email_bidx', 'created_at'];
const COMPLAINT_COLS = [
  'id', 'tracking_no', 'access_code_hash', 'channel', 'subject', 'description', 'location_text', 'lat', 'lng', 'occurred_at', 'category_id', 'level', 'department_id',
  'owner_id', 'status', 'flag_personal_safety', 'flag_property_loss', 'flag_media_attention', 'flag_vulnerable_group', 'complainant_id', 'merged_into_id', 'created_by',
  'created_at', 'updated_at', 'version',
];
const TIMELINE_COLS = ['id', 'complaint_id', 'kind', 'actor_id', 'visibility', 'body', 'data', 'created_at'];
const AUDIT_COLS = ['seq', 'at', 'actor_id', 'action', 'entity_type', 'entity_id', 'data', 'prev_hash', 'hash'];

export async function bulkLoad(ctx: AppContext, n: number, opts: BulkLoadOptions = {}): Promise<BulkLoadResult> {
  const started = performance.now();
  const gen = new ComplaintGenerator({ seed: opts.seed ?? 1 });
  const categories = await ensureCategories(ctx, gen);
  const defaultDept = new Map((await ctx.db.selectFrom('categories').select(['id', 'default_department_id']).execute()).map((c) => [c.id, c.default_department_id]));
  const actorId = opts.actorId ?? (await firstAdmin(ctx));
  const batch = opts.batch ?? (ctx.dialect === 'sqlite' ? 5000 : 1000);
  const endMs = opts.endMs ?? Date.now();
  const spanMs = (opts.spanDays ?? 365) * 86_400_000;
  const fc = ctx.fieldCrypto;
  const terms = new TermCache();

  // Tracking numbers: per local day, continuing the counters the service uses.
  const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.config.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayOfHour = new Map<number, string>();
  const localDay = (t: number) => {
    const h = Math.floor(t / 3_600_000);
    let d = dayOfHour.get(h);
    if (!d) dayOfHour.set(h, (d = dayFmt.format(t).replace(/-/g, '')));
    return d;
  };
  const counters = new Map<string, number>();
  for (const c of await ctx.db.selectFrom('counters').selectAll().where('name', 'like', 'tracking:%').execute()) counters.set(c.name.slice(9), Number(c.value));

  const build = (from: number, count: number): Rows => {
    const rows: Rows = { complainants: [], complaints: [], search: [], timeline: [], audit: [] };
    for (let k = 0; k < count; k++) {
      const i = from + k;
      const g: GeneratedComplaint = gen.next();
      const at = Math.floor(endMs - spanMs + ((i + 0.5) * spanMs) / n);
      const id = uuidv7({ msecs: at });
      let complainantId: string | null = null;
      const p = g.complainant;
      if (p) {
        complainantId = uuidv7({ msecs: at });
        rows.complainants.push([complainantId, fc.encrypt(p.name), fc.encrypt(p.phone), fc.encrypt(p.email), fc.encrypt(p.idNumber), fc.encrypt(p.address), fc.blindIndex('phone', p.phone), fc.blindIndex('email', p.email), at]);
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
    return rows;
  };

  /** Links the batch's audit rows to the chain head; returns the rows and the new head. */
  const chain = (rows: Rows, head: { seq: number; hash: string }) => {
    let { seq, hash } = head;
    const out: unknown[][] = [];
    for (const a of rows.audit) {
      const row = { seq: ++seq, at: a.at, actor_id: a.actor_id, action: 'complaint.created', entity_type: 'complaint', entity_id: a.entity_id, data: a.data, prev_hash: hash };
      hash = hashRow(row);
      out.push([row.seq, row.at, row.actor_id, row.action, row.entity_type, row.entity_id, row.data, row.prev_hash, hash]);
    }
    return { out, head: { seq, hash } };
  };

  const counterRows = () => [...counters.entries()].map(([day, v]) => [`tracking:${day}`, v] as [string, number]);
  const report = (done: number) => opts.onProgress?.(done, n, Math.round(done / ((performance.now() - started) / 1000)));

  if (ctx.dialect === 'sqlite') {
    const db = ctx.handle.sqlite!;
    const ins = (table: string, cols: string[]) => db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    const insComplainant = ins('complainants', COMPLAINANT_COLS);
    const insComplaint = ins('complaints', COMPLAINT_COLS);
    const insSearchDoc = db.prepare('INSERT INTO complaint_search_docs (complaint_id) VALUES (?) RETURNING doc_id');
    const insSearch = ins('complaint_search', ['rowid', 'complaint_id', 'tokens']);
    const insTimeline = ins('timeline', TIMELINE_COLS);
    const insAudit = ins('audit_log', AUDIT_COLS);
    const getHead = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
    const setHead = db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1');
    const setCounter = db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)');
    const write = db.transaction((rows: Rows) => {
      const head = getHead.get() as { seq: number; hash: string };
      const linked = chain(rows, { seq: Number(head.seq), hash: head.hash });
      for (const r of rows.complainants) insComplainant.run(r);
      for (const r of rows.complaints) insComplaint.run(r);
      for (const [id, tokens] of rows.search) insSearch.run((insSearchDoc.get(id) as { doc_id: number }).doc_id, id, tokens);
      for (const r of rows.timeline) insTimeline.run(r);
      for (const r of linked.out) insAudit.run(r);
      setHead.run(linked.head.seq, linked.head.hash);
      for (const [k, v] of counterRows()) setCounter.run(k, v);
    }).immediate;
    for (let done = 0; done < n; ) {
      const count = Math.min(batch, n - done);
      write(build(done, count));
      done += count;
      report(done);
      await new Promise((r) => setImmediate(r));
    }
  } else {
    const client = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await client.connect();
    // Lexemes are passed as one space-joined string per row (analyzer terms never contain spaces).
    const unnest = (table: string, cols: string[], types: string[], select?: string) =>
      `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${select ?? '*'} FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) AS u(${cols.map((c) => `c_${c}`).join(', ')})`;
    const qComplainant = unnest('complainants', COMPLAINANT_COLS, ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'int8']);
    const qComplaint = unnest('complaints', COMPLAINT_COLS, [
      'text', 'text', 'text', 'text', 'text', 'text', 'text', 'float8', 'float8', 'int8', 'text', 'int4', 'text',
      'text', 'text', 'int4', 'int4', 'int4', 'int4', 'text', 'text', 'text', 'int8', 'int8', 'int4',
    ]);
    const qSearch = unnest('complaint_search', ['complaint_id', 'tokens'], ['text', 'text'], `c_complaint_id, array_to_tsvector(string_to_array(c_tokens, ' '))`);
    const qTimeline = unnest('timeline', TIMELINE_COLS, ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'int8']);
    const qAudit = unnest('audit_log', AUDIT_COLS, ['int8', 'int8', 'text', 'text', 'text', 'text', 'text', 'text', 'text']);
    const columns = (rows: unknown[][], width: number) => {
      const cols: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
      for (let r = 0; r < rows.length; r++) for (let c = 0; c < width; c++) cols[c][r] = rows[r][c];
      return cols;
    };
    const write = async (rows: Rows) => {
      await client.query('BEGIN');
      try {
        const h = (await client.query('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE')).rows[0];
        const linked = chain(rows, { seq: Number(h.seq), hash: h.hash });
        if (rows.complainants.length) await client.query(qComplainant, columns(rows.complainants, COMPLAINANT_COLS.length));
        await client.query(qComplaint, columns(rows.complaints, COMPLAINT_COLS.length));
        await client.query(qSearch, columns(rows.search, 2));
        await client.query(qTimeline, columns(rows.timeline, TIMELINE_COLS.length));
        await client.query(qAudit, columns(linked.out, AUDIT_COLS.length));
        await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [linked.head.seq, linked.head.hash]);
        const cr = counterRows();
        await client.query(
          `INSERT INTO counters (name, value) SELECT * FROM unnest($1::text[], $2::int8[]) ON CONFLICT (name) DO UPDATE SET value = greatest(counters.value, excluded.value)`,
          [cr.map((x) => x[0]), cr.map((x) => x[1])],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    };
    try {
      // Overlap: build the next batch in Node while PostgreSQL writes the previous one.
      let pending: Promise<void> | undefined;
      for (let done = 0; done < n; ) {
        const count = Math.min(batch, n - done);
        const rows = build(done, count);
        if (pending) await pending;
        pending = write(rows);
        done += count;
        const d = done - count;
        if (d > 0) report(d);
      }
      if (pending) await pending;
      report(n);
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
  }
  const ms = performance.now() - started;
  return { n, ms, perSec: Math.round(n / (ms / 1000)) };
}
