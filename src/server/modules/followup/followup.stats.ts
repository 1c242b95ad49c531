import type { Db } from '../../platform/db/index.js';
import { reportsDb } from '../reports/rollups.js';
import type { StatsFilter } from '../reports/reports.repo.js';
import { followUpRates } from './followup.policy.js';

/**
 * Follow-up figures for the dashboard, over the complaints the filter selects (created in range, in
 * scope — the same `stats_facts` rows the rollups come from):
 *  - answers by result (every answered survey, one per handling cycle; web and phone);
 *  - 满意率 = (satisfied + basically) ÷ answered;
 *  - 回访率 = closed complaints with an answered survey ÷ closed complaints;
 *  - 不满意重办率 = dissatisfied answers that reopened the complaint ÷ dissatisfied answers.
 */
export async function followUpStats(db: Db, f: StatsFilter) {
  const zero = { answered: 0, satisfied: 0, basically: 0, dissatisfied: 0, surveyedClosed: 0, closed: 0, reopened: 0 };
  if (f.departmentIds && f.departmentIds.length === 0) return { ...zero, ...followUpRates(zero) };
  const rdb = reportsDb(db);
  let answers = rdb
    .selectFrom('complaint_surveys as s')
    .innerJoin('stats_facts as f', 'f.complaint_id', 's.complaint_id')
    .select((eb) => ['s.result', eb.fn.countAll().as('n'), eb.fn.sum<number>('s.reopened').as('r')])
    .where('s.status', '=', 'answered')
    .where('f.day', '>=', f.fromDay)
    .where('f.day', '<=', f.toDay)
    .groupBy('s.result');
  let closed = rdb
    .selectFrom('stats_facts as f')
    .select((eb) => [
      eb.fn.countAll().as('closed'),
      eb.fn.sum<number>(eb.case().when(eb.exists(eb.selectFrom('complaint_surveys as s').select('s.id').whereRef('s.complaint_id', '=', 'f.complaint_id').where('s.status', '=', 'answered'))).then(1).else(0).end()).as('surveyed'),
    ])
    .where('f.status', '=', 'closed')
    .where('f.day', '>=', f.fromDay)
    .where('f.day', '<=', f.toDay);
  if (f.departmentIds) {
    answers = answers.where('f.department_id', 'in', f.departmentIds);
    closed = closed.where('f.department_id', 'in', f.departmentIds);
  }
  if (f.levels?.length) {
    answers = answers.where('f.level', 'in', f.levels);
    closed = closed.where('f.level', 'in', f.levels);
  }
  if (f.channels?.length) {
    answers = answers.where('f.channel', 'in', f.channels);
    closed = closed.where('f.channel', 'in', f.channels);
  }
  const [rows, c] = await Promise.all([answers.execute(), closed.executeTakeFirst()]);
  const out = { ...zero };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.result === 'satisfied' || r.result === 'basically' || r.result === 'dissatisfied') out[r.result] += n;
    if (r.result === 'dissatisfied') out.reopened += Number(r.r ?? 0);
    out.answered += n;
  }
  out.closed = Number(c?.closed ?? 0);
  out.surveyedClosed = Number(c?.surveyed ?? 0);
  return { ...out, ...followUpRates(out) };
}
