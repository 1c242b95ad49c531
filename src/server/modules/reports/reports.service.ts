import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, workDepartmentIds } from '../../platform/auth/actor.js';
import { badRequest, forbidden } from '../../platform/http/problem.js';
import { CHANNELS, LEVELS, STATUSES } from '../../../shared/enums.js';
import { dayLabel, dayRange, dayStartMs } from './days.js';
import { channelLabel, CSV_HEADERS, levelLabel, noneLabel, statusLabel, type Lang } from './labels.js';
import { countBy, countByDay, names, sumByMany, type Dimension, type StatsFilter } from './reports.repo.js';
import { CLOSED_STATUSES, OPEN_STATUSES, reportsDb } from './rollups.js';
import { incidentCompensation } from './compensation-facts.js';
import { followUpStats } from '../followup/followup.stats.js';
import type { Chart, OverviewOut, StatsQuery } from './reports.schema.js';

const MAX_DAYS = 3700;

interface Item {
  key: string;
  label: string;
  count: number;
}
type Range = OverviewOut['range'];

const DIM: Record<Chart, Dimension> = {
  byDay: 'day',
  byCategory: 'category_id',
  byLevel: 'level',
  byChannel: 'channel',
  byDepartment: 'department_id',
  byStatus: 'status',
};

const split = (v?: string) => (v ? [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] : undefined);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export class ReportsService {
  constructor(private readonly ctx: AppContext) {}

  /** Turns the query into a rollup filter, narrowing a department-scoped actor to their departments. */
  filter(actor: Actor, q: StatsQuery): { filter: StatsFilter; range: Range; lang: Lang } {
    const tz = this.ctx.config.timezone;
    const toMs = q.to ? Date.parse(q.to) : Date.now();
    const { toDay } = dayRange(toMs - 1, toMs, tz);
    const fromDay = q.from ? dayRange(Date.parse(q.from), toMs, tz).fromDay : toDay - 29;
    if (fromDay > toDay) throw badRequest('invalid_range', '`from` must be before `to`');
    if (toDay - fromDay + 1 > MAX_DAYS) throw badRequest('invalid_range', `At most ${MAX_DAYS} days at once`);

    const levels = split(q.level)?.map(Number);
    if (levels?.some((l) => !(LEVELS as readonly number[]).includes(l))) throw badRequest('invalid_filter', 'level must be 1–4');
    const channels = split(q.channel);
    if (channels?.some((c) => !(CHANNELS as readonly string[]).includes(c))) throw badRequest('invalid_filter', `channel must be one of ${CHANNELS.join(', ')}`);
    const none = (ids?: string[]) => ids?.map((id) => (id === 'none' ? '' : id));
    let departmentIds = none(split(q.departmentId));
    if (!can(actor, 'complaint.read_all')) {
      // A department head (or any scoped role) sees only the figures of the departments they work on.
      const mine = workDepartmentIds(actor);
      if (departmentIds) {
        const outside = departmentIds.filter((d) => !mine.includes(d));
        if (outside.length) throw forbidden('Statistics are limited to your departments');
      } else departmentIds = [...mine];
    }
    const filter: StatsFilter = { fromDay, toDay, departmentIds, levels, channels };
    const range: Range = {
      from: new Date(dayStartMs(fromDay, tz)).toISOString(),
      to: new Date(dayStartMs(toDay + 1, tz)).toISOString(),
      firstDay: dayLabel(fromDay),
      lastDay: dayLabel(toDay),
      timezone: tz,
    };
    const lang: Lang = q.lang ?? (actor.locale === 'en' ? 'en' : 'zh-CN');
    return { filter, range, lang };
  }

  async chart(f: StatsFilter, chart: Chart, lang: Lang): Promise<Item[]> {
    const db = reportsDb(this.ctx.db);
    const dim = DIM[chart];
    if (dim === 'day') return this.items(f, chart, [], lang, await countByDay(db, f));
    const [rows, named] = await Promise.all([countBy(db, f, dim), this.namesFor(chart)]);
    return this.items(f, chart, rows, lang, undefined, named);
  }

  private namesFor(chart: Chart) {
    if (chart !== 'byCategory' && chart !== 'byDepartment') return undefined;
    return names(reportsDb(this.ctx.db), chart === 'byCategory' ? 'categories' : 'departments');
  }

  /** Chart items from counts (`rows` by key, or `byDay` for the day chart). */
  private items(f: StatsFilter, chart: Chart, rows: Array<{ key: string; n: number }>, lang: Lang, byDay?: Map<number, number>, named?: Map<string, { zh: string; en: string }>): Item[] {
    switch (chart) {
      case 'byDay': {
        const out: Item[] = [];
        for (let d = f.fromDay; d <= f.toDay; d++) out.push({ key: dayLabel(d), label: dayLabel(d), count: byDay?.get(d) ?? 0 });
        return out;
      }
      case 'byLevel': {
        const by = new Map(rows.map((r) => [Number(r.key), r.n]));
        return LEVELS.map((l) => ({ key: String(l), label: levelLabel(lang, l), count: by.get(l) ?? 0 }));
      }
      case 'byStatus': {
        const by = new Map(rows.map((r) => [String(r.key), r.n]));
        return STATUSES.filter((s) => by.has(s)).map((s) => ({ key: s, label: statusLabel(lang, s), count: by.get(s)! }));
      }
      case 'byChannel':
        return rows.sort((a, b) => b.n - a.n).map((r) => ({ key: String(r.key), label: channelLabel(lang, String(r.key)), count: r.n }));
      case 'byCategory':
      case 'byDepartment': {
        const what = chart === 'byCategory' ? 'category' : 'department';
        return rows
          .sort((a, b) => b.n - a.n)
          .map((r) => {
            const id = String(r.key);
            const n = named?.get(id);
            return { key: id || 'none', label: id ? (n ? (lang === 'en' ? n.en : n.zh) : id) : noneLabel(lang, what), count: r.n };
          });
      }
    }
  }

  async overview(actor: Actor, q: StatsQuery): Promise<OverviewOut> {
    const { filter, range, lang } = this.filter(actor, q);
    const db = reportsDb(this.ctx.db);
    // At most three rollup queries: the range's days, and every dimension's sums once per grain.
    const [byDayCounts, sums, categoryNames, departmentNames, incidentComp, followUp] = await Promise.all([
      countByDay(db, filter),
      sumByMany(db, filter, ['status', 'category_id', 'level', 'channel', 'department_id'], ['status']),
      this.namesFor('byCategory'),
      this.namesFor('byDepartment'),
      incidentCompensation(this.ctx.db, filter, Date.parse(range.from), Date.parse(range.to)),
      followUpStats(this.ctx.db, filter),
    ]);
    const counts = (d: Exclude<Dimension, 'day'>) => [...sums.get(d)!].map(([key, m]) => ({ key, n: m.n })).filter((r) => r.n > 0);
    const totals = [...sums.get('status')!].map(([status, m]) => ({ status, ...m }));
    const byDay = this.items(filter, 'byDay', [], lang, byDayCounts);
    const byCategory = this.items(filter, 'byCategory', counts('category_id'), lang, undefined, categoryNames);
    const byLevel = this.items(filter, 'byLevel', counts('level'), lang);
    const byChannel = this.items(filter, 'byChannel', counts('channel'), lang);
    const byDepartment = this.items(filter, 'byDepartment', counts('department_id'), lang, undefined, departmentNames);
    const sum = (pick: (t: (typeof totals)[number]) => number, only?: readonly string[]) =>
      totals.filter((t) => !only || only.includes(t.status)).reduce((s, t) => s + pick(t), 0);
    const handledN = sum((t) => t.handled_n);
    const frDecided = sum((t) => t.fr_decided);
    const resDecided = sum((t) => t.res_decided);
    const byStatusMap = new Map(totals.map((t) => [t.status, t.n]));
    return {
      range,
      total: sum((t) => t.n),
      open: sum((t) => t.n, OPEN_STATUSES),
      closed: sum((t) => t.n, CLOSED_STATUSES),
      /** Closed by 即时办结: answered on the first call (and not reopened). */
      resolvedAtFirstContact: sum((t) => t.fcr_n),
      avgHandlingHours: handledN > 0 ? Math.round((sum((t) => t.handled_ms) / handledN / 3_600_000) * 100) / 100 : null,
      sla: {
        available: true,
        firstResponseOnTimeRate: ratio(sum((t) => t.fr_ontime), frDecided),
        firstResponseDecided: frDecided,
        resolutionOnTimeRate: ratio(sum((t) => t.res_ontime), resDecided),
        resolutionDecided: resDecided,
        openBreaches: sum((t) => t.open_breaches),
      },
      /** Compensation (fen of CNY) on these complaints and on the incidents activated in range (no drills). */
      compensation: {
        currency: 'CNY',
        approved: sum((t) => t.comp_approved) + incidentComp.approved,
        paid: sum((t) => t.comp_paid) + incidentComp.paid,
        incidents: incidentComp,
      },
      satisfactionRate: followUp.satisfactionRate,
      followUp,
      repeatRate: null,
      byDay,
      byCategory,
      byLevel,
      byChannel,
      byDepartment,
      byStatus: STATUSES.filter((s) => (byStatusMap.get(s) ?? 0) > 0).map((s) => ({ key: s, label: statusLabel(lang, s), count: byStatusMap.get(s)! })),
    };
  }

  async breakdown(actor: Actor, q: StatsQuery, chart: Chart) {
    const { filter, range, lang } = this.filter(actor, q);
    return { range, chart, items: await this.chart(filter, chart, lang) };
  }

  /** One chart's data as CSV: UTF-8 with a byte-order mark (Excel then reads Chinese correctly). */
  async csv(actor: Actor, q: StatsQuery, chart: Chart): Promise<{ body: string; filename: string }> {
    const { filter, range, lang } = this.filter(actor, q);
    const items = await this.chart(filter, chart, lang);
    const h = CSV_HEADERS[lang];
    const lines = [chart === 'byDay' ? [h.byDay, h.count] : [h.key, h[chart], h.count]];
    for (const it of items) lines.push(chart === 'byDay' ? [it.key, String(it.count)] : [it.key, it.label, String(it.count)]);
    const body = '\uFEFF' + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
    return { body, filename: `redress-${chart}-${range.firstDay}_${range.lastDay}.csv` };
  }
}

/** RFC 4180 quoting, and a leading quote on text a spreadsheet would run as a formula. */
export function csvField(v: string): string {
  let s = v;
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

