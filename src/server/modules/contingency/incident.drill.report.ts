// The drill report (演练报告): every plan step of the drill's level with its planned offset against
// the actual one (task done − activation), the late steps, whether the situation-report cadence was
// kept, which roles were filled, and an overall score. Pure: built from loaded facts; Markdown in
// one language per export.
import type { BilingualText, PlanContent } from '../../../shared/contingency.js';

export interface DrillFacts {
  incident: { id: string; code: string; title: string; level: number; activatedAt: number; stableAt: number | null; resolvedAt: number | null; planId: string; planVersionId: string; version: number };
  content: PlanContent;
  tasks: { stepKey: string; titleZh: string; titleEn: string; ownerRole: string; offsetMinutes: number; dueAt: number; doneAt: number | null; status: string }[];
  roles: { roleKey: string; userId: string | null; source: string }[];
  /** sitrep timeline entries (wasOverdue) and how many reminders found a report late. */
  sitreps: { wasOverdue: boolean }[];
  sitrepReminders: number;
  sitrepEveryMinutes: number;
}

const MIN = 60_000;

/** A step is late once it would have escalated: done (or still not done) after its due time plus this grace. */
export function drillReport(f: DrillFacts, graceMs = 60_000) {
  const at = f.incident.activatedAt;
  const steps = f.tasks.map((t) => {
    const actual = t.doneAt === null ? null : Math.round((t.doneAt - at) / MIN);
    const late = t.doneAt === null || t.doneAt > t.dueAt + graceMs;
    return {
      stepKey: t.stepKey,
      title: { zh: t.titleZh, en: t.titleEn },
      ownerRole: t.ownerRole,
      plannedOffsetMinutes: t.offsetMinutes,
      actualOffsetMinutes: actual,
      done: t.doneAt !== null,
      late,
      lateByMinutes: actual === null ? null : Math.max(0, actual - t.offsetMinutes),
    };
  });
  // Reports the cadence asked for while the drill ran (activation → stable, else resolved).
  const end = f.incident.stableAt ?? f.incident.resolvedAt ?? at;
  const expected = Math.floor((end - at) / (f.sitrepEveryMinutes * MIN));
  const onTime = f.sitreps.filter((s) => !s.wasOverdue).length;
  const roles = f.content.roles.map((r) => {
    const held = f.roles.find((x) => x.roleKey === r.key);
    return { key: r.key, name: r.name, required: r.required, filled: !!held?.userId, source: held?.source ?? 'unfilled' };
  });
  const filled = roles.filter((r) => r.filled).length;
  const stepsOnTime = steps.filter((s) => !s.late).length;
  // Half for steps on time, a quarter each for the report cadence and the filled roles.
  const stepPart = steps.length ? stepsOnTime / steps.length : 1;
  const sitrepPart = expected === 0 ? (f.sitrepReminders ? 0 : 1) : Math.min(1, onTime / expected) * (f.sitrepReminders ? 0.5 : 1);
  const rolePart = roles.length ? filled / roles.length : 1;
  return {
    incidentId: f.incident.id,
    code: f.incident.code,
    title: f.incident.title,
    planId: f.incident.planId,
    planVersionId: f.incident.planVersionId,
    planVersion: f.incident.version,
    planTitle: f.content.title,
    level: f.incident.level,
    activatedAt: new Date(at).toISOString(),
    resolvedAt: f.incident.resolvedAt === null ? null : new Date(f.incident.resolvedAt).toISOString(),
    steps,
    lateSteps: steps.filter((s) => s.late).map((s) => s.stepKey),
    stepsOnTime,
    sitreps: { everyMinutes: f.sitrepEveryMinutes, expected, filed: f.sitreps.length, onTime, reminders: f.sitrepReminders, cadenceKept: f.sitrepReminders === 0 && onTime >= expected },
    roles: { total: roles.length, filled, unfilledRequired: roles.filter((r) => r.required && !r.filled).map((r) => r.key), items: roles },
    score: Math.round(100 * (0.5 * stepPart + 0.25 * sitrepPart + 0.25 * rolePart)),
  };
}

export type DrillReport = ReturnType<typeof drillReport>;

const L = {
  'zh-CN': { heading: '演练报告', plan: '预案', level: '响应级别', activated: '启动时间', resolved: '结束时间', steps: '处置步骤', step: '步骤', planned: '计划 (分钟)', actual: '实际 (分钟)', late: '超时', yes: '是', no: '否', notDone: '未完成', sitreps: '情况报告', every: '频次 (分钟)', expected: '应报', filed: '已报', onTime: '按时', kept: '频次达标', roles: '角色', filled: '已到位', unfilled: '空缺的必需角色', score: '总分', none: '无' },
  en: { heading: 'Drill report', plan: 'Plan', level: 'Level', activated: 'Activated', resolved: 'Resolved', steps: 'Steps', step: 'Step', planned: 'Planned (min)', actual: 'Actual (min)', late: 'Late', yes: 'yes', no: 'no', notDone: 'not done', sitreps: 'Situation reports', every: 'Every (min)', expected: 'Expected', filed: 'Filed', onTime: 'On time', kept: 'Cadence kept', roles: 'Roles', filled: 'Filled', unfilled: 'Required roles unfilled', score: 'Score', none: 'none' },
} as const;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as Markdown in one language (a screen or a file never mixes them). */
export function drillReportMarkdown(r: DrillReport, lang: 'zh-CN' | 'en'): string {
  const t = L[lang];
  const pick = (b: BilingualText) => (lang === 'en' ? b.en : b.zh);
  const yn = (b: boolean) => (b ? t.yes : t.no);
  const lines = [
    `# ${t.heading}: ${cell(r.title)} (${r.code})`,
    '',
    `- ${t.plan}: ${cell(pick(r.planTitle))} v${r.planVersion}`,
    `- ${t.level}: ${r.level}`,
    `- ${t.activated}: ${r.activatedAt}`,
    `- ${t.resolved}: ${r.resolvedAt ?? '—'}`,
    `- **${t.score}: ${r.score}/100**`,
    '',
    `## ${t.steps}`,
    '',
    `| ${t.step} | ${t.planned} | ${t.actual} | ${t.late} |`,
    '|---|---:|---:|---|',
    ...r.steps.map((s) => `| ${cell(pick(s.title))} | ${s.plannedOffsetMinutes} | ${s.actualOffsetMinutes ?? t.notDone} | ${yn(s.late)} |`),
    '',
    `## ${t.sitreps}`,
    '',
    `- ${t.every}: ${r.sitreps.everyMinutes}; ${t.expected}: ${r.sitreps.expected}; ${t.filed}: ${r.sitreps.filed}; ${t.onTime}: ${r.sitreps.onTime}; ${t.kept}: ${yn(r.sitreps.cadenceKept)}`,
    '',
    `## ${t.roles}`,
    '',
    `- ${t.filled}: ${r.roles.filled}/${r.roles.total}`,
    `- ${t.unfilled}: ${r.roles.unfilledRequired.length ? r.roles.unfilledRequired.map((k) => cell(pick(r.roles.items.find((x) => x.key === k)!.name))).join(', ') : t.none}`,
    '',
  ];
  return lines.join('\n');
}
