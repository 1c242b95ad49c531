// The only SQL behind the dashboard: GROUP BY over the `stats_daily` rollup, never over complaints.
import type { ReportsDb } from './rollups.js';

export interface StatsFilter {
  fromDay: number;
  toDay: number;
  /** undefined = every department; [] = none (an empty scope) */
  departmentIds?: string[];
  categoryIds?: string[];
  levels?: number[];
  channels?: string[];
}

export type Dimension = 'day' | 'category_id' | 'level' | 'channel' | 'department_id' | 'status';

function filtered(db: ReportsDb, f: StatsFilter) {
  let q = db.selectFrom('stats_daily').where('day', '>=', f.fromDay).where('day', '<=', f.toDay);
  if (f.departmentIds) q = q.where('department_id', 'in', f.departmentIds.length ? f.departmentIds : ['\u0000none']);
  if (f.categoryIds?.length) q = q.where('category_id', 'in', f.categoryIds);
  if (f.levels?.length) q = q.where('level', 'in', f.levels);
  if (f.channels?.length) q = q.where('channel', 'in', f.channels);
  return q;
}

/** Complaint counts by one dimension. */
export async function countBy(db: ReportsDb, f: StatsFilter, dim: Dimension): Promise<Array<{ key: string | number; n: number }>> {
  const rows = await filtered(db, f)
    .select((eb) => [eb.ref(dim).as('key'), eb.fn.sum<number>('n').as('n')])
    .groupBy(dim)
    .orderBy(dim)
    .execute();
  return rows.map((r) => ({ key: r.key as string | number, n: Number(r.n) })).filter((r) => r.n > 0);
}

export interface StatusTotals {
  status: string;
  n: number;
  handled_n: number;
  handled_ms: number;
  fr_ontime: number;
  fr_decided: number;
  res_ontime: number;
  res_decided: number;
  open_breaches: number;
}

/** Everything summed per status: totals, open/closed, handling time and SLA figures in one pass. */
export async function totalsByStatus(db: ReportsDb, f: StatsFilter): Promise<StatusTotals[]> {
  const rows = await filtered(db, f)
    .select((eb) => [
      'status',
      eb.fn.sum<number>('n').as('n'),
      eb.fn.sum<number>('handled_n').as('handled_n'),
      eb.fn.sum<number>('handled_ms').as('handled_ms'),
      eb.fn.sum<number>('fr_ontime').as('fr_ontime'),
      eb.fn.sum<number>('fr_decided').as('fr_decided'),
      eb.fn.sum<number>('res_ontime').as('res_ontime'),
      eb.fn.sum<number>('res_decided').as('res_decided'),
      eb.fn.sum<number>('open_breaches').as('open_breaches'),
    ])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({
    status: r.status,
    n: Number(r.n),
    handled_n: Number(r.handled_n),
    handled_ms: Number(r.handled_ms),
    fr_ontime: Number(r.fr_ontime),
    fr_decided: Number(r.fr_decided),
    res_ontime: Number(r.res_ontime),
    res_decided: Number(r.res_decided),
    open_breaches: Number(r.open_breaches),
  }));
}

export async function names(db: ReportsDb, table: 'categories' | 'departments'): Promise<Map<string, { zh: string; en: string }>> {
  const rows = await db.selectFrom(table).select(['id', 'name_zh', 'name_en']).execute();
  return new Map(rows.map((r) => [r.id, { zh: r.name_zh, en: r.name_en }]));
}
