import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { ActivationCriterion } from '../../../shared/contingency.js';
import { setCategoryPlan } from '../contingency/contingency.plans.categories.js';
import { publishedVersions } from '../contingency/contingency.plans.repo.js';
import { ContingencyPlanService } from '../contingency/contingency.plans.service.js';
import { actOnTask } from '../contingency/incident.tasks.js';
import { fileSitrep } from '../contingency/incident.command.js';
import { OnCallService } from '../resources/oncall.service.js';
import type { DemoLocale, DemoOrg, DemoRole } from './org.js';

/**
 * The emergency side of the demo (应急): the desk's categories name the three shipped plans, the
 * plans start on mass clusters (not on every complaint of a mapped category), and on-call rotas fill
 * the incident roles — so the scenario's mass cluster opens an incident by itself during the load.
 * Afterwards the leader drives it a little (a task done, a situation report). Every step is
 * find-or-skip, so a resumed load runs it again safely.
 */

const b = (zh: string, en: string) => ({ zh, en });

/** Categories ("top" or "top/second" of the demo taxonomy) per example plan, with the response strategy (应对策略). */
const MAPPINGS: Array<{ plan: string; categories: string[]; strategy: { zh: string; en: string } }> = [
  { plan: 'customer_complaints', categories: ['商贸旅游', '商贸旅游/商业贸易', '商贸旅游/市场监管', '商贸旅游/旅游管理', '商贸旅游/质监检验检疫'], strategy: b('先联系投诉人核实，按消费纠纷处理流程限时办结。', 'Call the complainant back first; settle as a consumer dispute within the deadline.') },
  { plan: 'canteen_food_safety', categories: ['卫生计生/食品药品监管', '教育文体/教育行政管理'], strategy: b('立即封存留样，联系就医学生，食品安全专员到场。', 'Seal the retained samples, reach the students who fell ill, send the food-safety officer on site.') },
  { plan: 'construction_site_opinion', categories: ['城乡建设', '城乡建设/城市建设和市政管理', '城乡建设/安全生产', '城乡建设/工程质量', '环境保护/环境污染'], strategy: b('现场核查施工与噪声，关注舆情，统一对外口径。', 'Check the site and its noise on the spot, watch public opinion, speak with one voice.') },
];

/** Incident roles and the demo people who take turns on call for them. */
const ONCALL: Array<{ role: string; people: DemoRole[]; zh: string; en: string }> = [
  { role: 'incident_commander', people: ['leader', 'head'], zh: '总指挥值班', en: 'Incident commander rota' },
  { role: 'investigation_lead', people: ['head'], zh: '调查组长值班', en: 'Investigation lead rota' },
  { role: 'communication_coordinator', people: ['coordinator'], zh: '沟通协调值班', en: 'Communication coordinator rota' },
  { role: 'pr_officer', people: ['pr'], zh: '新闻发言人值班', en: 'PR officer rota' },
  { role: 'site_manager', people: ['handler'], zh: '现场负责人值班', en: 'Site manager rota' },
  { role: 'opinion_monitor', people: ['analyst'], zh: '舆情监测值班', en: 'Opinion monitor rota' },
];

/** Criteria that fire on single complaints of a mapped category (the demo's plans start on clusters and the fast path). */
const PER_COMPLAINT: ActivationCriterion['kind'][] = ['category', 'level_at_or_above'];

export async function setUpEmergency(ctx: AppContext, org: DemoOrg, locale: DemoLocale, print: (s: string) => void): Promise<void> {
  const admin = org.actors.get('admin')!;
  const leader = org.actors.get('leader')!;
  const plans = new ContingencyPlanService(ctx);
  // A new published version of each example plan (version 1 stays as shipped) scoped to its mapped
  // categories and without the per-complaint criteria: otherwise a mapped category opens an incident
  // for each of its complaints, and a Ⅰ–Ⅱ complaint of any category falls to the one catch-all plan
  // that answers the fast path.
  for (const v of await publishedVersions(ctx.db)) {
    const categoryIds = (MAPPINGS.find((m) => m.plan === v.planKey)?.categories ?? []).map((n) => org.categoryId.get(n)).filter((id): id is string => !!id);
    if (!categoryIds.length || (v.content.scope.categoryIds.length && !v.content.activation.some((c) => PER_COMPLAINT.includes(c.kind)))) continue;
    const draft = await plans.newDraft(admin, v.planId, null);
    const content = { ...v.content, scope: { ...v.content.scope, categoryIds }, activation: v.content.activation.filter((c) => !PER_COMPLAINT.includes(c.kind)) };
    const note = locale === 'zh' ? '热线按群体性投诉、快速通道和人工启动本预案，适用于所映射的类别，不按类别逐件启动。' : 'The desk starts this plan on mass clusters, the fast path and by hand, for its mapped categories, not on each complaint of a category.';
    await plans.updateDraft(admin, v.planId, draft.version, { content, changeNote: note });
    await plans.approve(leader, v.planId, draft.version);
    await plans.publish(admin, v.planId, draft.version);
  }
  const byKey = new Map((await publishedVersions(ctx.db)).map((v) => [v.planKey, v.planId]));
  let mapped = 0;
  for (const m of MAPPINGS) {
    const planId = byKey.get(m.plan);
    if (!planId) continue;
    for (const name of m.categories) {
      const categoryId = org.categoryId.get(name);
      if (!categoryId) continue;
      await setCategoryPlan(ctx, admin, categoryId, { planId, responseStrategy: m.strategy });
      mapped++;
    }
  }
  const oncall = new OnCallService(ctx);
  const have = new Set((await oncall.list({})).items.map((s) => s.roleKey));
  const startsOn = new Date(Date.now()).toISOString().slice(0, 10);
  for (const o of ONCALL) {
    if (have.has(o.role)) continue;
    const participants = o.people.map((p) => org.actors.get(p)!.id);
    await oncall.create(admin, { name: locale === 'zh' ? o.zh : o.en, roleKey: o.role, participants, period: 'weekly', handoffTime: '09:00', startsOn, timezone: ctx.config.timezone });
  }
  print(`Emergency plans: ${mapped} categories mapped to the three example plans; on-call rotas for ${ONCALL.length} incident roles`);
}

/** The leader completes the first open task of the cluster's incident and files a situation report. */
export async function driveIncident(ctx: AppContext, org: DemoOrg, locale: DemoLocale, print: (s: string) => void): Promise<void> {
  const incident = await ctx.db.selectFrom('incidents').selectAll().where('trigger_kind', '=', 'mass_cluster').where('is_drill', '=', 0).orderBy('activated_at').executeTakeFirst();
  if (!incident) {
    print('Emergency: no mass cluster activated an incident during the load.');
    return;
  }
  const leader: Actor = org.actors.get('leader')!;
  const open = await ctx.db.selectFrom('incident_tasks').select(['id', 'status']).where('incident_id', '=', incident.id).where('status', 'in', ['open', 'in_progress', 'blocked']).orderBy('due_at').executeTakeFirst();
  if (open) await actOnTask(ctx, leader, incident.id, open.id, { action: 'done', note: locale === 'zh' ? '已电话报告分管领导。' : 'Reported to the leader in charge by phone.' });
  const filed = await ctx.db.selectFrom('incident_sitreps').select('id').where('incident_id', '=', incident.id).executeTakeFirst();
  if (!filed) {
    await fileSitrep(ctx, leader, incident.id, locale === 'zh'
      ? { conditions: '同一小区多名居民反映停水，已确认为供水管网故障。', actions: '已通知供水公司抢修，沟通协调员逐一回访来电居民。', needs: '需要送水车两台。' }
      : { conditions: 'Many residents of one estate report no water; a broken main is confirmed.', actions: 'The water company is repairing it; the coordinator is calling each resident back.', needs: 'Two water tankers.' });
  }
  ctx.events.flush();
  print(`Emergency: incident ${incident.code} (${incident.title}) opened by the mass cluster; a task done and a situation report filed.`);
}
