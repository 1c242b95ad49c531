// Maintains the statistics rollups from domain events. Each complaint's contribution to
// `stats_rollup` is remembered in `stats_facts`; a refresh recomputes the contribution from the
// complaint as it is now, subtracts what was counted before and adds the new one, in one
// transaction. Re-delivered and out-of-order events therefore converge on the same totals.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import { withTransaction, type Db } from '../../platform/db/index.js';
import { localDay, monthOfDay } from './days.js';
import { compensationAgg, compensationOf, NO_COMPENSATION, type CompensationSums } from './compensation-facts.js';

export interface StatsFactsTable {
  complaint_id: string;
  day: number;
  month: number;
  department_id: string;
  category_id: string;
  level: number;
  channel: string;
  status: string;
  handled_ms: number | null;
  fr: number;
  res: number;
  open_breach: number;
  /** 1: closed by 即时办结 (answered on the first call) and never reopened. */
  fcr: number;
  /** Compensation in fen of CNY: approved (paid or not) and paid (migration 016). */
  comp_approved: number;
  comp_paid: number;
}

export type Grain = 'd' | 'm';
export type RollupDim = 'all' | 'category' | 'status';

export interface StatsRollupTable {
  grain: Grain;
  dim: RollupDim;
  period: number;
  department_id: string;
  level: number;
  channel: string;
  g: string;
  n: number;
  handled_n: number;
  handled_ms: number;
  fr_ontime: number;
  fr_decided: number;
  res_ontime: number;
  res_decided: number;
  open_breaches: number;
  /** Resolved at first contact (即时办结). */
  fcr_n: number;
  /** Compensation approved / paid, fen of CNY. */
  comp_approved: number;
  comp_paid: number;
}

export type ReportsDatabase = Database & { stats_facts: StatsFactsTable; stats_rollup: StatsRollupTable };
export type ReportsDb = Kysely<ReportsDatabase>;
export const reportsDb = (db: Db | Transaction<Database>): ReportsDb => db.withTables<{ stats_facts: StatsFactsTable; stats_rollup: StatsRollupTable }>() as unknown as ReportsDb;

/** Open = still being handled (counts toward "open"); closed = 办结. Rejected and merged are neither. */
export const OPEN_STATUSES = ['received', 'triaged', 'assigned', 'in_progress', 'returned', 'waiting', 'replied', 'follow_up'] as const;
export const CLOSED_STATUSES = ['closed'] as const;

/** SLA outcome of one kind of clock: 0 undecided, 1 met on time, 2 late (breached, met or not). */
export type Outcome = 0 | 1 | 2;

export interface SlaClockRow {
  complaint_id: string;
  kind: string;
  /** not_started | running | paused | stopped */
  state: string;
  /** ok | warning | breached */
  status: string;
  met_at: number | null;
  breached_at: number | null;
}

/**
 * The SLA part of a complaint's fact, from its `sla_clocks` rows (one per kind; `breached_at` is the
 * first breach and stays set through later cycles, `met_at` is when the clock last stopped):
 * - an outcome per kind: late (2) once ever breached, on time (1) once stopped without a breach,
 *   else undecided (0). A rejected or merged complaint's resolution clock is not a resolution and
 *   stays undecided, so 按时办结率 is over complaints actually handled.
 * - open_breach: the complaint is open and some clock is running or paused past its due time.
 */
export function slaOutcome(rows: SlaClockRow[], complaintStatus: string): { fr: Outcome; res: Outcome; open_breach: number } {
  const of = (kind: string): Outcome => {
    const mine = rows.filter((r) => r.kind === kind);
    if (mine.some((r) => r.breached_at != null)) return 2;
    if (mine.some((r) => r.state === 'stopped' && r.met_at != null)) return 1;
    return 0;
  };
  const open = (OPEN_STATUSES as readonly string[]).includes(complaintStatus);
  const handled = complaintStatus !== 'rejected' && complaintStatus !== 'merged';
  return {
    fr: of('firstResponse'),
    res: handled ? of('resolution') : 0,
    open_breach: open && rows.some((r) => (r.state === 'running' || r.state === 'paused') && r.status === 'breached') ? 1 : 0,
  };
}

interface ComplaintBits {
  id: string;
  created_at: number;
  updated_at: number;
  department_id: string | null;
  category_id: string | null;
  level: number;
  channel: string;
  status: string;
}

/** From a complaint's status changes: when it was last closed, and whether it was resolved at first contact. */
export interface Closes {
  at: Map<string, number>;
  /** Closed by 即时办结 and never reopened. */
  firstContact: Set<string>;
}

/** When a closed complaint was closed: its last close on the timeline, else (bulk-loaded rows) updated_at. */
function closedAt(c: ComplaintBits, closes: Closes): number {
  return closes.at.get(c.id) ?? Number(c.updated_at);
}

export function factOf(c: ComplaintBits, timeZone: string, closes: Closes, clocks: SlaClockRow[], comp: CompensationSums = NO_COMPENSATION): StatsFactsTable {
  const closed = c.status === 'closed';
  const day = localDay(Number(c.created_at), timeZone);
  return {
    complaint_id: c.id,
    day,
    month: monthOfDay(day),
    department_id: c.department_id ?? '',
    category_id: c.category_id ?? '',
    level: Number(c.level),
    channel: c.channel,
    status: c.status,
    handled_ms: closed ? Math.max(0, closedAt(c, closes) - Number(c.created_at)) : null,
    ...slaOutcome(clocks, c.status),
    fcr: closed && closes.firstContact.has(c.id) ? 1 : 0,
    comp_approved: comp.comp_approved,
    comp_paid: comp.comp_paid,
  };
}

const KEY = ['grain', 'dim', 'period', 'department_id', 'level', 'channel', 'g'] as const;
const MEASURES = ['n', 'handled_n', 'handled_ms', 'fr_ontime', 'fr_decided', 'res_ontime', 'res_decided', 'open_breaches', 'fcr_n', 'comp_approved', 'comp_paid'] as const;
const keyOf = (r: StatsRollupTable) => KEY.map((k) => String(r[k])).join('\u0001');

/** The rollup rows one fact adds to (sign 1) or removes from (sign -1): 2 grains × 3 dims. */
function deltasOf(f: StatsFactsTable, sign: 1 | -1): StatsRollupTable[] {
  const measures = {
    n: sign,
    handled_n: f.handled_ms != null ? sign : 0,
    handled_ms: f.handled_ms != null ? sign * Number(f.handled_ms) : 0,
    fr_ontime: f.fr === 1 ? sign : 0,
    fr_decided: f.fr !== 0 ? sign : 0,
    res_ontime: f.res === 1 ? sign : 0,
    res_decided: f.res !== 0 ? sign : 0,
    open_breaches: f.open_breach ? sign : 0,
    fcr_n: f.fcr ? sign : 0,
    comp_approved: sign * Number(f.comp_approved),
    comp_paid: sign * Number(f.comp_paid),
  };
  const out: StatsRollupTable[] = [];
  for (const [grain, period] of [['d', f.day], ['m', f.month]] as const) {
    for (const [dim, g] of [['all', ''], ['category', f.category_id], ['status', f.status]] as const) {
      out.push({ grain, dim, period, department_id: f.department_id, level: f.level, channel: f.channel, g, ...measures });
    }
  }
  return out;
}

/**
 * Adds the deltas in one multi-row upsert (rows in key order, so two transactions touching the same
 * rows cannot deadlock), then deletes the rows a negative delta may have emptied — one statement,
 * and only when some delta removed a complaint from a row.
 */
async function applyDeltas(trx: ReportsDb, deltas: StatsRollupTable[]): Promise<void> {
  if (!deltas.length) return;
  await trx
    .insertInto('stats_rollup')
    .values(deltas)
    .onConflict((oc) =>
      oc.columns([...KEY]).doUpdateSet((eb) => Object.fromEntries(MEASURES.map((m) => [m, eb(eb.ref(`stats_rollup.${m}`), '+', eb.ref(`excluded.${m}`))])) as never),
    )
    .execute();
  const emptied = deltas.filter((d) => d.n < 0);
  if (emptied.length) {
    await trx
      .deleteFrom('stats_rollup')
      .where('n', '<=', 0)
      .where((eb) => eb.or(emptied.map((d) => eb.and(KEY.map((k) => eb(k, '=', d[k] as never))))))
      .execute();
  }
}

/** Old and new contributions netted per rollup row; rows whose measures do not change are left out. */
function netDeltas(old: StatsFactsTable | undefined, next: StatsFactsTable | undefined): StatsRollupTable[] {
  const net = new Map<string, StatsRollupTable>();
  for (const d of [...(old ? deltasOf(old, -1) : []), ...(next ? deltasOf(next, 1) : [])]) {
    const k = keyOf(d);
    const acc = net.get(k);
    if (!acc) net.set(k, d);
    else for (const m of MEASURES) acc[m] += d[m];
  }
  return [...net]
    .filter(([, d]) => MEASURES.some((m) => d[m] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, d]) => d);
}

// ---- SLA clocks (owned by the SLA module) --------------------------------------------------------

async function clocksFor(db: Kysely<any>, ids: string[]): Promise<Map<string, SlaClockRow[]>> {
  const out = new Map<string, SlaClockRow[]>();
  if (!ids.length) return out;
  const rows = (await db
    .selectFrom('sla_clocks')
    .select(['complaint_id', 'kind', 'state', 'status', 'met_at', 'breached_at'])
    .where('complaint_id', 'in', ids)
    .execute()) as SlaClockRow[];
  for (const r of rows) out.set(r.complaint_id, [...(out.get(r.complaint_id) ?? []), r]);
  return out;
}

async function closesFor(db: Kysely<Database>, ids: string[]): Promise<Closes> {
  const out: Closes = { at: new Map(), firstContact: new Set() };
  if (!ids.length) return out;
  const reopened = new Set<string>();
  const rows = await db
    .selectFrom('timeline')
    .select(['complaint_id', 'data', 'created_at'])
    .where('complaint_id', 'in', ids)
    .where('kind', '=', 'status_changed')
    .execute();
  for (const r of rows) {
    let d: { to?: unknown; action?: unknown };
    try {
      d = JSON.parse(r.data) as typeof d;
    } catch {
      continue;
    }
    if (d.to === 'closed') out.at.set(r.complaint_id, Math.max(out.at.get(r.complaint_id) ?? 0, Number(r.created_at)));
    if (d.action === 'resolve_on_call') out.firstContact.add(r.complaint_id);
    if (d.action === 'reopen') reopened.add(r.complaint_id);
  }
  for (const id of reopened) out.firstContact.delete(id);
  return out;
}

const COMPLAINT_BITS = ['id', 'created_at', 'updated_at', 'department_id', 'category_id', 'level', 'channel', 'status'] as const;

/**
 * Recomputes one complaint's contribution to the rollups. Idempotent: calling it twice, or for an
 * old event after a newer one, leaves the same totals.
 */
export async function refreshComplaintStats(ctx: AppContext, complaintId: string, inTrx?: Transaction<Database>): Promise<void> {
  await withTransaction(ctx.db, inTrx, async (trx) => {
    const rdb = reportsDb(trx);
    // Lock the fact row first (PostgreSQL) so concurrent refreshes of one complaint serialise.
    const lock = ctx.dialect === 'postgres' ? sql`FOR UPDATE` : sql``;
    const old = (await sql<StatsFactsTable>`SELECT * FROM stats_facts WHERE complaint_id = ${complaintId} ${lock}`.execute(trx)).rows[0];
    const c = await trx.selectFrom('complaints').select([...COMPLAINT_BITS]).where('id', '=', complaintId).executeTakeFirst();
    let next: StatsFactsTable | undefined;
    if (c) {
      const closes = c.status === 'closed' ? await closesFor(trx, [c.id]) : { at: new Map<string, number>(), firstContact: new Set<string>() };
      const clocks = (await clocksFor(trx, [c.id])).get(c.id) ?? [];
      next = factOf(c, ctx.config.timezone, closes, clocks, await compensationOf(trx, c.id));
    }
    if (old) {
      for (const k of ['day', 'month', 'level', 'fr', 'res', 'open_breach', 'fcr', 'comp_approved', 'comp_paid'] as const) old[k] = Number(old[k]);
      if (old.handled_ms != null) old.handled_ms = Number(old.handled_ms);
    }
    if (old && next && JSON.stringify(old) === JSON.stringify({ ...next })) return;
    await applyDeltas(rdb, netDeltas(old, next));
    if (next) {
      if (old) await rdb.updateTable('stats_facts').set(next).where('complaint_id', '=', complaintId).execute();
      else await rdb.insertInto('stats_facts').values(next).execute();
    } else if (old) {
      await rdb.deleteFrom('stats_facts').where('complaint_id', '=', complaintId).execute();
    }
  });
}

/**
 * refreshComplaintStats for a batch of complaints that have no facts yet (a bulk import): their facts
 * are computed together and their rollup deltas netted into one upsert. Complaints that already
 * have a fact are refreshed one by one as usual.
 */
export async function addComplaintsStats(ctx: AppContext, complaintIds: string[], trx: Transaction<Database>): Promise<void> {
  for (let i = 0; i < complaintIds.length; i += 500) {
    const ids = complaintIds.slice(i, i + 500);
    const rdb = reportsDb(trx);
    const known = new Set((await rdb.selectFrom('stats_facts').select('complaint_id').where('complaint_id', 'in', ids).execute()).map((r) => r.complaint_id));
    for (const id of known) await refreshComplaintStats(ctx, id, trx);
    const fresh = ids.filter((id) => !known.has(id));
    if (!fresh.length) continue;
    const rows = await trx.selectFrom('complaints').select([...COMPLAINT_BITS]).where('id', 'in', fresh).execute();
    const closes = await closesFor(trx, rows.filter((c) => c.status === 'closed').map((c) => c.id));
    const clocks = await clocksFor(trx, fresh);
    const facts = rows.map((c) => factOf(c, ctx.config.timezone, closes, clocks.get(c.id) ?? []));
    const net = new Map<string, StatsRollupTable>();
    for (const d of facts.flatMap((f) => deltasOf(f, 1))) {
      const k = keyOf(d);
      const acc = net.get(k);
      if (!acc) net.set(k, d);
      else for (const m of MEASURES) acc[m] += d[m];
    }
    await applyDeltas(rdb, [...net].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d));
    for (let j = 0; j < facts.length; j += 200) await rdb.insertInto('stats_facts').values(facts.slice(j, j + 200)).execute();
  }
}

/**
 * Rebuilds both tables from the complaints (and timeline and SLA clocks) as they are. For bulk-loaded
 * data (`bench/`), restores, or after changing REDRESS_TIMEZONE. One transaction; run it while intake
 * is quiet — events processed meanwhile wait for it and then apply on top correctly.
 *
 * Set-based: one INSERT … SELECT computes every fact in the database (the same rules as `factOf`:
 * local day, handling time to the last close, SLA outcomes from `sla_clocks`), then one grouped
 * INSERT … SELECT per grain and dim fills the rollups. The local day is the database's own time-zone
 * arithmetic on PostgreSQL and `localDay` registered as an SQL function on SQLite.
 */
export async function rebuildRollups(ctx: AppContext, opts: { log?: (line: string) => void } = {}): Promise<{ complaints: number; rollupRows: number; ms: number }> {
  const t0 = performance.now();
  const tz = ctx.config.timezone;
  const pg = ctx.dialect === 'postgres';
  if (!pg) ctx.handle.sqlite!.function('redress_local_day', { deterministic: true }, (ms: unknown) => localDay(Number(ms), tz));
  const dayOf = pg ? sql`((to_timestamp(c.created_at / 1000.0) AT TIME ZONE ${sql.lit(tz)})::date - date '1970-01-01')` : sql`redress_local_day(c.created_at)`;
  const monthOf = pg
    ? sql`(extract(year from date '1970-01-01' + f.day)::int * 12 + extract(month from date '1970-01-01' + f.day)::int - 1)`
    : sql`(CAST(strftime('%Y', f.day * 86400, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', f.day * 86400, 'unixepoch') AS INTEGER) - 1)`;
  const closedTo = pg ? sql`(t.data::jsonb ->> 'to')` : sql`json_extract(t.data, '$.to')`;
  const actionOf = pg ? sql`(t.data::jsonb ->> 'action')` : sql`json_extract(t.data, '$.action')`;
  const list = (xs: readonly string[]) => sql.join(xs.map((x) => sql.lit(x)));
  const outcome = (kind: string) => sql`CASE WHEN s.${sql.raw(kind)}_late > 0 THEN 2 WHEN s.${sql.raw(kind)}_met > 0 THEN 1 ELSE 0 END`;
  const clockAgg = sql`LEFT JOIN (
        SELECT complaint_id,
          SUM(CASE WHEN kind = 'firstResponse' AND breached_at IS NOT NULL THEN 1 ELSE 0 END) AS fr_late,
          SUM(CASE WHEN kind = 'firstResponse' AND state = 'stopped' AND met_at IS NOT NULL THEN 1 ELSE 0 END) AS fr_met,
          SUM(CASE WHEN kind = 'resolution' AND breached_at IS NOT NULL THEN 1 ELSE 0 END) AS res_late,
          SUM(CASE WHEN kind = 'resolution' AND state = 'stopped' AND met_at IS NOT NULL THEN 1 ELSE 0 END) AS res_met,
          SUM(CASE WHEN state IN ('running', 'paused') AND status = 'breached' THEN 1 ELSE 0 END) AS breached_open
        FROM sla_clocks GROUP BY complaint_id) s ON s.complaint_id = c.id`;
  let complaints = 0;
  await ctx.db.transaction().execute(async (trx) => {
    const rdb = reportsDb(trx);
    await rdb.deleteFrom('stats_rollup').execute();
    await rdb.deleteFrom('stats_facts').execute();
    const r = await sql`
      INSERT INTO stats_facts (complaint_id, day, month, department_id, category_id, level, channel, status, handled_ms, fr, res, open_breach, fcr, comp_approved, comp_paid)
      SELECT f.id, f.day, ${monthOf}, f.department_id, f.category_id, f.level, f.channel, f.status, f.handled_ms, f.fr, f.res, f.open_breach, f.fcr, f.comp_approved, f.comp_paid
      FROM (
        SELECT c.id, ${dayOf} AS day, COALESCE(c.department_id, '') AS department_id, COALESCE(c.category_id, '') AS category_id,
          c.level, c.channel, c.status,
          CASE WHEN c.status = 'closed' THEN
            CASE WHEN COALESCE(cl.at, c.updated_at) > c.created_at THEN COALESCE(cl.at, c.updated_at) - c.created_at ELSE 0 END
          END AS handled_ms,
          ${outcome('fr')} AS fr,
          CASE WHEN c.status IN ('rejected', 'merged') THEN 0 ELSE ${outcome('res')} END AS res,
          CASE WHEN c.status IN (${list(OPEN_STATUSES)}) AND s.breached_open > 0 THEN 1 ELSE 0 END AS open_breach,
          CASE WHEN c.status = 'closed' AND fc.complaint_id IS NOT NULL AND fc.reopens = 0 THEN 1 ELSE 0 END AS fcr,
          COALESCE(cp.approved, 0) AS comp_approved, COALESCE(cp.paid, 0) AS comp_paid
        FROM complaints c
        LEFT JOIN (
          SELECT t.complaint_id, MAX(t.created_at) AS at FROM timeline t
          WHERE t.kind = 'status_changed' AND ${closedTo} = 'closed' GROUP BY t.complaint_id
        ) cl ON c.status = 'closed' AND cl.complaint_id = c.id
        LEFT JOIN (
          SELECT t.complaint_id, SUM(CASE WHEN ${actionOf} = 'reopen' THEN 1 ELSE 0 END) AS reopens FROM timeline t
          WHERE t.kind = 'status_changed' AND ${actionOf} IN ('resolve_on_call', 'reopen') GROUP BY t.complaint_id
          HAVING SUM(CASE WHEN ${actionOf} = 'resolve_on_call' THEN 1 ELSE 0 END) > 0
        ) fc ON c.status = 'closed' AND fc.complaint_id = c.id
        ${clockAgg}
        ${compensationAgg}
      ) f`.execute(trx);
    complaints = Number(r.numAffectedRows ?? 0);
    opts.log?.(`stats facts: ${complaints}`);
    for (const [grain, period] of [['d', 'day'], ['m', 'month']] as const) {
      for (const [dim, g] of [['all', `''`], ['category', 'category_id'], ['status', 'status']] as const) {
        const groupBy = sql.raw(`${period}, department_id, level, channel${g === `''` ? '' : `, ${g}`}`);
        await sql`
          INSERT INTO stats_rollup (grain, dim, period, department_id, level, channel, g, n, handled_n, handled_ms, fr_ontime, fr_decided, res_ontime, res_decided, open_breaches, fcr_n, comp_approved, comp_paid)
          SELECT ${grain}, ${dim}, ${sql.raw(period)}, department_id, level, channel, ${sql.raw(g)},
            COUNT(*),
            SUM(CASE WHEN handled_ms IS NULL THEN 0 ELSE 1 END),
            COALESCE(SUM(handled_ms), 0),
            SUM(CASE WHEN fr = 1 THEN 1 ELSE 0 END),
            SUM(CASE WHEN fr <> 0 THEN 1 ELSE 0 END),
            SUM(CASE WHEN res = 1 THEN 1 ELSE 0 END),
            SUM(CASE WHEN res <> 0 THEN 1 ELSE 0 END),
            SUM(open_breach),
            SUM(fcr),
            SUM(comp_approved),
            SUM(comp_paid)
          FROM stats_facts
          GROUP BY ${groupBy}
          ORDER BY ${groupBy}`.execute(trx); // key order: PostgreSQL's heap then holds a period's rows together
      }
    }
  });
  if (ctx.dialect === 'postgres') await sql`ANALYZE stats_rollup`.execute(ctx.db);
  const rollupRows = Number((await reportsDb(ctx.db).selectFrom('stats_rollup').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { complaints, rollupRows, ms: Math.round(performance.now() - t0) };
}

const installed = new WeakSet<object>();

/**
 * Subscribes the rollups to domain events (once per context). Any event whose data names a
 * complaint refreshes that complaint — complaint.created/updated/status_changed, and the SLA
 * module's clock events, whatever they are called.
 */
export function installReports(ctx: AppContext): void {
  if (installed.has(ctx)) return;
  installed.add(ctx);
  ctx.events.on('*', async (event, { trx }) => {
    const id = (event.data as { complaintId?: unknown })?.complaintId;
    if (typeof id === 'string') await refreshComplaintStats(ctx, id, trx);
  });
}
