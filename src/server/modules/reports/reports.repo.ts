// The only SQL behind the dashboard: GROUP BY over the `stats_rollup` table, never over complaints.
// A range reads monthly rows for its whole months and daily rows for the loose days at its edges.
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

const MEASURES = ['n', 'handled_n', 'handled_ms', 'fr_ontime', 'fr_decided', 'res_ontime', 'res_decided', 'open_breaches'] as const;
type Measure = (typeof MEASURES)[number];

/** Where each dimension is read from: which rollup rows, grouped by which column. */
const SOURCE: Record<Dimension, { dim: RollupDim; col: 'period' | 'g' | 'level' | 'channel' | 'department_id' }> = {
  day: { dim: 'all', col: 'period' },
  category_id: { dim: 'category', col: 'g' },
  status: { dim: 'status', col: 'g' },
  level: { dim: 'all', col: 'level' },
  channel: { dim: 'all', col: 'channel' },
  department_id: { dim: 'all', col: 'department_id' },
};

function slices(f: StatsFilter, dayOnly: boolean): Array<{ grain: Grain; from: number; to: number }> {
  if (dayOnly) return [{ grain: 'd', from: f.fromDay, to: f.toDay }];
  const { days, months } = splitRange(f.fromDay, f.toDay);
  return [...days.map(([from, to]) => ({ grain: 'd' as const, from, to })), ...(months ? [{ grain: 'm' as const, from: months[0], to: months[1] }] : [])];
}

async function sumBy(db: ReportsDb, f: StatsFilter, d: Dimension, measures: readonly Measure[]): Promise<Map<string, Record<Measure, number>>> {
  const { dim, col } = SOURCE[d];
  const out = new Map<string, Record<Measure, number>>();
  const parts = await Promise.all(
    slices(f, d === 'day').map(({ grain, from, to }) => {
      let q = db.selectFrom('stats_rollup').where('grain', '=', grain).where('dim', '=', dim).where('period', '>=', from).where('period', '<=', to);
      if (f.departmentIds) q = q.where('department_id', 'in', f.departmentIds.length ? f.departmentIds : ['\u0000none']);
      if (f.levels?.length) q = q.where('level', 'in', f.levels);
      if (f.channels?.length) q = q.where('channel', 'in', f.channels);
      return q
        .select((eb) => [eb.ref(col).as('key'), ...measures.map((m) => eb.fn.sum<number>(m).as(m))])
        .groupBy(col)
        .execute();
    }),
  );
  for (const rows of parts) {
    for (const r of rows as Array<Record<string, unknown>>) {
      const key = String(r.key);
      const acc = out.get(key) ?? (Object.fromEntries(MEASURES.map((m) => [m, 0])) as Record<Measure, number>);
      for (const m of measures) acc[m] += Number(r[m] ?? 0);
      out.set(key, acc);
    }
  }
  return out;
}

/** Complaint counts by one dimension (keys as text: day numbers, ids, levels, channels, statuses). */
export async function countBy(db: ReportsDb, f: StatsFilter, d: Dimension): Promise<Array<{ key: string; n: number }>> {
  const by = await sumBy(db, f, d, ['n']);
  return [...by].map(([key, m]) => ({ key, n: m.n })).filter((r) => r.n > 0);
}

export interface StatusTotals extends Record<Measure, number> {
  status: string;
}

/** Everything summed per status: totals, open/closed, handling time and SLA figures in one pass. */
export async function totalsByStatus(db: ReportsDb, f: StatsFilter): Promise<StatusTotals[]> {
  const by = await sumBy(db, f, 'status', MEASURES);
  return [...by].map(([status, m]) => ({ status, ...m }));
}

export async function names(db: ReportsDb, table: 'categories' | 'departments'): Promise<Map<string, { zh: string; en: string }>> {
  const rows = await db.selectFrom(table).select(['id', 'name_zh', 'name_en']).execute();
  return new Map(rows.map((r) => [r.id, { zh: r.name_zh, en: r.name_en }]));
}
