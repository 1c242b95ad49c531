// The only SQL behind the dashboard: GROUP BY over the `stats_rollup` table, never over complaints.
// A range reads monthly rows for its whole months and daily rows for the loose days at its edges:
// one query per rollup dim and slice (the level, channel and department charts share dim 'all').
import { splitRange } from './days.js';
import type { Grain, ReportsDb, RollupDim } from './rollups.js';

export interface StatsFilter {
  fromDay: number;
  toDay: number;
  /** undefined = every department; [] = none (an empty scope); '' = not dispatched */
  departmentIds?: string[];
  levels?: number[];
  channels?: string[];
}

export type Dimension = 'day' | 'category_id' | 'level' | 'channel' | 'department_id' | 'status';

export const MEASURES = ['n', 'handled_n', 'handled_ms', 'fr_ontime', 'fr_decided', 'res_ontime', 'res_decided', 'open_breaches', 'fcr_n', 'comp_approved', 'comp_paid'] as const;
export type Measure = (typeof MEASURES)[number];
export type Sums = Record<Measure, number>;

/** Where each dimension is read from: which rollup rows, grouped by which column. */
const SOURCE: Record<Exclude<Dimension, 'day'>, { dim: RollupDim; col: 'g' | 'level' | 'channel' | 'department_id' }> = {
  category_id: { dim: 'category', col: 'g' },
  status: { dim: 'status', col: 'g' },
  level: { dim: 'all', col: 'level' },
  channel: { dim: 'all', col: 'channel' },
  department_id: { dim: 'all', col: 'department_id' },
};

/** The rollup slices of a range: daily rows for the loose days at either edge, monthly rows for the whole months. */
function slices(f: StatsFilter): Array<{ grain: Grain; from: number; to: number }> {
  const { days, months } = splitRange(f.fromDay, f.toDay);
  return [...days.map(([from, to]) => ({ grain: 'd' as const, from, to })), ...(months ? [{ grain: 'm' as const, from: months[0], to: months[1] }] : [])];
}

const zero = (): Sums => Object.fromEntries(MEASURES.map((m) => [m, 0])) as Sums;

function filtered<Q extends { where: (...a: any[]) => Q }>(q: Q, f: StatsFilter): Q {
  if (f.departmentIds) q = q.where('department_id', 'in', f.departmentIds);
  if (f.levels?.length) q = q.where('level', 'in', f.levels);
  if (f.channels?.length) q = q.where('channel', 'in', f.channels);
  return q;
}

/** An empty department scope (a head of no department) matches nothing; no query needed. */
const emptyScope = (f: StatsFilter) => !!f.departmentIds && f.departmentIds.length === 0;

/**
 * Sums over the range for several dimensions at once: one query per rollup dim and grain. The
 * level, channel and department charts all read dim 'all' rows, grouped once by the three columns
 * together (a few dozen groups) and folded here into each chart; category and status rows are
 * grouped by their value. (One query for all dims, grouping on CASE expressions, was measured
 * slower on SQLite: a single sort over every row instead of three small ones.)
 */
/** `all` lists the dimensions that need every measure; the others sum `n` only (cheaper). */
export async function sumByMany(db: ReportsDb, f: StatsFilter, dims: ReadonlyArray<Exclude<Dimension, 'day'>>, all: ReadonlyArray<Dimension> = []): Promise<Map<Exclude<Dimension, 'day'>, Map<string, Sums>>> {
  const out = new Map(dims.map((d) => [d, new Map<string, Sums>()]));
  if (emptyScope(f) || !dims.length) return out;
  const queries: Array<Promise<{ dim: RollupDim; measures: readonly Measure[]; rows: Array<Record<string, unknown>> }>> = [];
  for (const dim of new Set(dims.map((d) => SOURCE[d].dim))) {
    const measures: readonly Measure[] = dims.some((d) => SOURCE[d].dim === dim && all.includes(d)) ? MEASURES : ['n'];
    const cols = dim === 'all' ? (['level', 'channel', 'department_id'] as const).filter((c) => dims.some((d) => SOURCE[d].dim === 'all' && SOURCE[d].col === c)) : (['g'] as const);
    for (const s of slices(f)) {
      let q = db.selectFrom('stats_rollup').where('grain', '=', s.grain).where('dim', '=', dim).where('period', '>=', s.from).where('period', '<=', s.to);
      q = filtered(q, f);
      queries.push(
        q
          .select((eb) => [...cols, ...measures.map((m) => eb.fn.sum<number>(m).as(m))])
          .groupBy([...cols])
          .execute()
          .then((rows) => ({ dim, measures, rows: rows as Array<Record<string, unknown>> })),
      );
    }
  }
  for (const { dim, measures, rows } of await Promise.all(queries)) {
    for (const d of dims) {
      const src = SOURCE[d];
      if (src.dim !== dim) continue;
      const by = out.get(d)!;
      for (const r of rows) {
        const key = String(r[src.col]);
        const acc = by.get(key) ?? zero();
        for (const m of measures) acc[m] += Number(r[m] ?? 0);
        by.set(key, acc);
      }
    }
  }
  return out;
}

/** Complaints per local day over the whole range, from the daily rows (one query). */
export async function countByDay(db: ReportsDb, f: StatsFilter): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (emptyScope(f)) return out;
  const rows = await filtered(db.selectFrom('stats_rollup').where('grain', '=', 'd').where('dim', '=', 'all').where('period', '>=', f.fromDay).where('period', '<=', f.toDay), f)
    .select((eb) => ['period', eb.fn.sum<number>('n').as('n')])
    .groupBy('period')
    .execute();
  for (const r of rows) out.set(Number(r.period), Number(r.n));
  return out;
}

/** Complaint counts by one dimension (keys as text: day numbers, ids, levels, channels, statuses). */
export async function countBy(db: ReportsDb, f: StatsFilter, d: Dimension): Promise<Array<{ key: string; n: number }>> {
  if (d === 'day') return [...(await countByDay(db, f))].map(([key, n]) => ({ key: String(key), n })).filter((r) => r.n > 0);
  const by = (await sumByMany(db, f, [d])).get(d)!;
  return [...by].map(([key, m]) => ({ key, n: m.n })).filter((r) => r.n > 0);
}

export interface StatusTotals extends Sums {
  status: string;
}

/** Everything summed per status: totals, open/closed, handling time and SLA figures in one pass. */
export async function totalsByStatus(db: ReportsDb, f: StatsFilter): Promise<StatusTotals[]> {
  const by = (await sumByMany(db, f, ['status'], ['status'])).get('status')!;
  return [...by].map(([status, m]) => ({ status, ...m }));
}

export async function names(db: ReportsDb, table: 'categories' | 'departments'): Promise<Map<string, { zh: string; en: string }>> {
  const rows = await db.selectFrom(table).select(['id', 'name_zh', 'name_en']).execute();
  return new Map(rows.map((r) => [r.id, { zh: r.name_zh, en: r.name_en }]));
}
