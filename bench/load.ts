import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { AppContext } from '../src/server/context.js';
import { chainHasher } from '../src/server/platform/audit/audit.js';
import { OrgService } from '../src/server/modules/org/org.service.js';
import { ComplaintGenerator } from '../src/server/modules/demo/generator.js';
import { makeBuilder, type BuildParams, type Rows } from './load-build.js';

/**
 * Bulk loader for benchmarks: N generated complaints written the way ComplaintService.create writes
 * them — encrypted complainant with blind indexes, complaint row with a tracking number, search-index
 * row, public 'created' timeline entry, and one 'complaint.created' entry appended to the audit hash
 * chain (keyed hashes from the audit module's chainHasher, so `redress audit verify` passes) — but
 * in large transactions: prepared statements on SQLite, unnest()-based multi-row INSERTs on PostgreSQL.
 * The rows are built (bench/load-build.ts) in a worker thread while the main thread writes.
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
  /** Phases after the rows (PostgreSQL: index and constraint rebuild, VACUUM ANALYZE), with their duration. */
  onPhase?: (what: string, ms: number) => void;
  /** Build rows in a worker thread (default true; BENCH_LOAD_WORKER=0 turns it off). */
  worker?: boolean;
}

export interface BulkLoadResult {
  n: number;
  /** Wall-clock ms in all, rebuilds and VACUUM ANALYZE included (perSec is n over this). */
  ms: number;
  perSec: number;
  /** ms spent after the rows were written (PostgreSQL: indexes, foreign keys, VACUUM ANALYZE). */
  finishMs: number;
}

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

const COMPLAINANT_COLS = ['id', 'name_enc', 'phone_enc', 'email_enc', 'id_number_enc', 'address_enc', 'phone_bidx', 'email_bidx', 'created_at'];
const COMPLAINT_COLS = [
  'id', 'tracking_no', 'access_code_hash', 'channel', 'subject', 'description', 'location_text', 'lat', 'lng', 'occurred_at', 'category_id', 'level', 'department_id',
  'owner_id', 'status', 'flag_personal_safety', 'flag_property_loss', 'flag_media_attention', 'flag_vulnerable_group', 'complainant_id', 'merged_into_id', 'created_by',
  'created_at', 'updated_at', 'version',
];
const TIMELINE_COLS = ['id', 'complaint_id', 'kind', 'actor_id', 'visibility', 'body', 'data', 'created_at'];
const AUDIT_COLS = ['seq', 'at', 'actor_id', 'action', 'entity_type', 'entity_id', 'data', 'prev_hash', 'hash'];

/** Tables the loader writes; on PostgreSQL their secondary indexes and foreign keys are rebuilt after the rows. */
const LOADED_TABLES = ['complainants', 'complaints', 'complaint_search', 'timeline', 'audit_log'];

/** Batches of rows, in order. */
interface BatchSource {
  next(): Promise<Rows>;
  close(): Promise<void>;
}

function inlineSource(params: BuildParams, ctx: AppContext, batch: number): BatchSource {
  const build = makeBuilder(params, ctx.fieldCrypto);
  let done = 0;
  return {
    async next() {
      const count = Math.min(batch, params.n - done);
      const rows = build(done, count);
      done += count;
      return rows;
    },
    close: async () => undefined,
  };
}

/** The same batches built by a worker thread (bench/load-worker.mjs → load-worker.ts), `ahead` batches in advance. */
function workerSource(params: BuildParams, ctx: AppContext, batch: number, ahead = 2): BatchSource {
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: { params, secretKey: ctx.config.secretKey, dataDir: ctx.config.dataDir } });
  const waiting: Array<{ resolve: (r: Rows) => void; reject: (e: unknown) => void }> = [];
  const ready: Array<Promise<Rows>> = [];
  let failure: unknown;
  const fail = (e: unknown) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('message', (rows: Rows) => waiting.shift()?.resolve(rows));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`bulk-load worker exited (${code})`)));
  let requested = 0;
  const request = () => {
    if (requested >= params.n) return;
    const from = requested;
    const count = Math.min(batch, params.n - from);
    requested += count;
    const p = new Promise<Rows>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.push({ resolve, reject });
      worker.postMessage({ from, count });
    });
    p.catch(() => undefined); // a batch built ahead may fail unread
    ready.push(p);
  };
  for (let i = 0; i < ahead; i++) request();
  return {
    next() {
      const p = ready.shift()!;
      request();
      return p;
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function bulkLoad(ctx: AppContext, n: number, opts: BulkLoadOptions = {}): Promise<BulkLoadResult> {
  const started = performance.now();
  const gen = new ComplaintGenerator({ seed: opts.seed ?? 1 });
  const categories = await ensureCategories(ctx, gen);
  const defaultDept = (await ctx.db.selectFrom('categories').select(['id', 'default_department_id']).execute()).map((c) => [c.id, c.default_department_id] as [string, string | null]);
  const counters = (await ctx.db.selectFrom('counters').selectAll().where('name', 'like', 'tracking:%').execute()).map((c) => [c.name.slice(9), Number(c.value)] as [string, number]);
  const params: BuildParams = {
    seed: opts.seed ?? 1,
    n,
    endMs: opts.endMs ?? Date.now(),
    spanMs: (opts.spanDays ?? 365) * 86_400_000,
    timezone: ctx.config.timezone,
    actorId: opts.actorId ?? (await firstAdmin(ctx)),
    categories: [...categories.entries()],
    defaultDept,
    counters,
  };
  const batch = opts.batch ?? 5000;
  const useWorker = (opts.worker ?? process.env.BENCH_LOAD_WORKER !== '0') && n > batch;
  let source = useWorker ? workerSource(params, ctx, batch) : inlineSource(params, ctx, batch);
  /** The first batch; falls back to building inline when the worker cannot start (e.g. no TypeScript loader in workers). */
  const first = async () => {
    try {
      return await source.next();
    } catch (e) {
      if (!useWorker) throw e;
      await source.close();
      console.warn(`bulk load: worker thread failed (${(e as Error).message.split('\n')[0]}); building rows inline`);
      source = inlineSource(params, ctx, batch);
      return source.next();
    }
  };

  /** Links the batch's audit rows to the chain head; returns the rows and the new head. */
  const hashRow = chainHasher(ctx.db);
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

  const report = (done: number) => opts.onProgress?.(done, n, Math.round(done / ((performance.now() - started) / 1000)));
  let finishMs = 0;

  try {
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
        for (const [k, v] of rows.counters) setCounter.run(k, v);
      }).immediate;
      // This connection only, for the load: no sync at checkpoints (a crash loses a benchmark
      // database, nothing else) and a page cache large enough for the indexes being appended to.
      const sync = db.pragma('synchronous', { simple: true });
      const cache = db.pragma('cache_size', { simple: true });
      db.pragma('synchronous = OFF');
      db.pragma('cache_size = -524288');
      // FTS5 inserts are most of the write time (≈190 terms per complaint); a 64 MB in-memory term
      // buffer (default 1 MB) flushes fewer, larger segments to merge: ≈25 % less FTS time measured
      // alone at 200,000. Set back to the default afterwards (FTS5 keeps it as a config row:
      // complaint_search_config gains ('hashsize', 1048576), which changes nothing).
      const ftsHash = (bytes: number) => db.exec(`INSERT INTO complaint_search(complaint_search, rank) VALUES ('hashsize', ${Math.floor(bytes)})`);
      ftsHash(64 << 20);
      try {
        for (let done = 0; done < n; ) {
          const rows = done === 0 ? await first() : await source.next();
          write(rows);
          done += rows.complaints.length;
          report(done);
        }
      } finally {
        ftsHash(1 << 20);
        db.pragma(`synchronous = ${sync}`);
        db.pragma(`cache_size = ${cache}`);
      }
    } else {
      finishMs = await loadPostgres(ctx, n, opts, () => first(), () => source.next(), chain, report);
    }
  } finally {
    await source.close();
  }
  const ms = performance.now() - started;
  return { n, ms, perSec: Math.round(n / (ms / 1000)), finishMs };
}

async function loadPostgres(
  ctx: AppContext,
  n: number,
  opts: BulkLoadOptions,
  first: () => Promise<Rows>,
  next: () => Promise<Rows>,
  chain: (rows: Rows, head: { seq: number; hash: string }) => { out: unknown[][]; head: { seq: number; hash: string } },
  report: (done: number) => void,
): Promise<number> {
  const connect = async () => {
    const c = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await c.connect();
    // A lost benchmark database on a crash is fine; index builds get room to sort in memory.
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SET maintenance_work_mem = '1GB'`);
    return c;
  };
  const client = await connect();
  // The search rows go through a second connection, in parallel: maintaining the GIN index is the
  // single largest cost of the load (≈350 µs of backend CPU per complaint, 190 terms each), and
  // building the index afterwards instead costs as much (measured at 100,000: 32–38 s either way)
  // but leaves the other core idle. A large pending list lets GIN merge new entries in big sorted runs.
  const searchClient = await connect();
  await searchClient.query(`SET gin_pending_list_limit = '64MB'`);
  await searchClient.query(`SET work_mem = '256MB'`);
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
      await client.query(qTimeline, columns(rows.timeline, TIMELINE_COLS.length));
      await client.query(qAudit, columns(linked.out, AUDIT_COLS.length));
      await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [linked.head.seq, linked.head.hash]);
      await client.query(
        `INSERT INTO counters (name, value) SELECT * FROM unnest($1::text[], $2::int8[]) ON CONFLICT (name) DO UPDATE SET value = greatest(counters.value, excluded.value)`,
        [rows.counters.map((x) => x[0]), rows.counters.map((x) => x[1])],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  };

  /** The search rows of a batch, in their own transaction on the second connection. */
  const writeSearch = async (rows: Rows) => {
    await searchClient.query(qSearch, columns(rows.search, 2));
  };

  // B-tree indexes maintained row by row and a foreign-key lookup per row cost more than building
  // and validating them once afterwards. The foreign keys of the loaded tables are dropped for the
  // load (the search rows are committed separately, so theirs could not be checked per batch
  // anyway) and so, when the load at least doubles the tables, are their secondary B-tree indexes;
  // both are created again afterwards from their own definitions. Primary keys, unique constraints
  // and the search GIN (see searchClient) stay.
  const schemaTables = `t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1::text[])`;
  const fks: Array<{ table: string; name: string; def: string }> = (
    await client.query(
      `SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
        WHERE k.contype = 'f' AND ${schemaTables} ORDER BY 1, 2`,
      [LOADED_TABLES],
    )
  ).rows;
  const existing = Number((await client.query('SELECT count(*) AS n FROM complaints')).rows[0].n);
  const indexes: Array<{ table: string; name: string; def: string }> =
    n < existing
      ? []
      : (
          await client.query(
            `SELECT t.relname AS table, ci.relname AS name, pg_get_indexdef(i.indexrelid) AS def
               FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
              WHERE ${schemaTables} AND t.relname <> 'complaint_search'
                AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
              ORDER BY 1, 2`,
            [LOADED_TABLES],
          )
        ).rows;
  await client.query('BEGIN');
  for (const f of fks) await client.query(`ALTER TABLE ${quote(f.table)} DROP CONSTRAINT ${quote(f.name)}`);
  for (const i of indexes) await client.query(`DROP INDEX ${quote(i.name)}`);
  await client.query('COMMIT');
  let restored = false;
  /** Indexes, then foreign keys. */
  const restore = async () => {
    if (restored) return;
    restored = true;
    let t = performance.now();
    for (const i of indexes) await client.query(i.def);
    if (indexes.length) opts.onPhase?.(`${indexes.length} indexes built`, performance.now() - t);
    t = performance.now();
    for (const f of fks) await client.query(`ALTER TABLE ${quote(f.table)} ADD CONSTRAINT ${quote(f.name)} ${f.def}`);
    if (fks.length) opts.onPhase?.(`${fks.length} foreign keys added (validated)`, performance.now() - t);
  };

  try {
    // The search connection may run up to two batches behind (a pending-list merge takes seconds);
    // its batches are chained, one statement at a time.
    const searching: Array<Promise<void>> = [];
    let tail: Promise<void> = Promise.resolve();
    for (let done = 0; done < n; ) {
      const rows = done === 0 ? await first() : await next();
      tail = tail.then(() => writeSearch(rows));
      tail.catch(() => undefined); // awaited below
      searching.push(tail);
      await write(rows);
      while (searching.length > 2) await searching.shift();
      done += rows.complaints.length;
      report(done);
    }
    await tail;
    const t = performance.now();
    await restore();
    // autovacuum may be off (it is on the benchmark machine) and would otherwise leave the loaded
    // tables without visibility map or hint bits; production's autovacuum vacuums after inserts too.
    const tv = performance.now();
    await client.query('VACUUM (ANALYZE)');
    opts.onPhase?.('VACUUM (ANALYZE)', performance.now() - tv);
    return performance.now() - t;
  } finally {
    // Never leave the database without its indexes, even when the load failed.
    await restore().catch(() => undefined);
    await client.end();
    await searchClient.end();
  }
}
