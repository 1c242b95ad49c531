import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Role, Status } from '../../../shared/enums.js';
import { OrgService } from '../org/org.service.js';
import { findUserByEmail } from '../org/org.repo.js';
import { ComplaintService } from '../complaints/complaint.service.js';
import { ComplaintGenerator, toCreateBody, type GeneratedComplaint } from './generator.js';
import { Rng } from './people.js';

/**
 * `redress demo`: a bilingual demo organisation — department tree, one user per role, the TipDM
 * category tree with default departments — and a few hundred complaints from the real data sets,
 * created through ComplaintService and moved through their lifecycle by the right roles, so the
 * timeline, audit log and search index are the real thing.
 */

export const DEMO_PASSWORD = 'redress-demo-2025';
export const DEMO_DOMAIN = 'demo.redress';
const DEMO_COMPLAINTS = Number(process.env.REDRESS_DEMO_COMPLAINTS || 300);

interface DeptSpec {
  key: string;
  zh: string;
  en: string;
  children?: DeptSpec[];
}

const DEPARTMENTS: DeptSpec[] = [
  {
    key: 'cs',
    zh: '客户服务中心',
    en: 'Customer Service Center',
    children: [
      { key: 'cs.hotline', zh: '热线受理组', en: 'Hotline Intake Team' },
      { key: 'cs.followup', zh: '回访组', en: 'Follow-up Team' },
    ],
  },
  {
    key: 'facilities',
    zh: '后勤保障部',
    en: 'Facilities & Logistics',
    children: [
      { key: 'facilities.catering', zh: '餐饮服务科', en: 'Catering Services' },
      { key: 'facilities.sanitation', zh: '环境卫生科', en: 'Sanitation & Environment' },
    ],
  },
  { key: 'food', zh: '食品安全办公室', en: 'Food Safety Office' },
  { key: 'property', zh: '物业管理部', en: 'Property Management', children: [{ key: 'property.repair', zh: '维修服务中心', en: 'Maintenance Center' }] },
  { key: 'engineering', zh: '工程部', en: 'Engineering', children: [{ key: 'engineering.it', zh: '信息技术组', en: 'IT Team' }] },
  { key: 'legal', zh: '法务部', en: 'Legal Affairs', children: [{ key: 'legal.compliance', zh: '纪检监察室', en: 'Compliance & Inspection' }] },
  { key: 'pr', zh: '公共关系部', en: 'Public Relations' },
  { key: 'hr', zh: '人力资源部', en: 'Human Resources' },
  { key: 'finance', zh: '财务部', en: 'Finance' },
];

/** Default department of each top-level category. */
const CATEGORY_DEPARTMENT: Record<string, string> = {
  城乡建设: 'engineering',
  环境保护: 'facilities.sanitation',
  交通运输: 'facilities',
  经济管理: 'finance',
  商贸旅游: 'cs',
  卫生计生: 'food',
  劳动和社会保障: 'hr',
  教育文体: 'cs',
  政法: 'legal',
  党务政务: 'pr',
  纪检监察: 'legal.compliance',
  农村农业: 'facilities',
  国土资源: 'property',
  民政: 'cs',
  科技与信息产业: 'engineering.it',
};
/** Second-level categories that belong elsewhere than their top level's default. */
const SECOND_DEPARTMENT: Record<string, string> = {
  住房保障与房地产: 'property',
  城市建设和市政管理: 'property.repair',
  旅游管理: 'cs',
  公共卫生: 'food',
  食品药品监管: 'food',
  宣传舆论: 'pr',
  交通管理: 'facilities',
};

interface UserSpec {
  local: string;
  name: string;
  roles: Role[];
  departments: string[];
}

const USERS: UserSpec[] = [
  { local: 'agent', name: '李娜 (受理员 Intake agent)', roles: ['intake_agent'], departments: ['cs', 'cs.hotline'] },
  {
    local: 'handler',
    name: '王强 (承办人 Handler)',
    roles: ['handler'],
    departments: ['facilities', 'facilities.catering', 'facilities.sanitation', 'food', 'property', 'property.repair', 'engineering', 'engineering.it', 'legal', 'legal.compliance', 'hr', 'finance', 'cs', 'pr'],
  },
  { local: 'coordinator', name: '陈静 (沟通协调员 Coordinator)', roles: ['coordinator'], departments: ['cs', 'cs.followup'] },
  { local: 'head', name: '张伟 (部门负责人 Department head)', roles: ['dept_head'], departments: ['engineering', 'property', 'facilities'] },
  { local: 'leader', name: '刘洋 (领导 Leader)', roles: ['leader'], departments: [] },
  { local: 'pr', name: '赵敏 (公关 PR officer)', roles: ['pr_officer'], departments: ['pr'] },
  { local: 'analyst', name: '周杰 (分析员 Analyst)', roles: ['analyst'], departments: [] },
  { local: 'auditor', name: '吴昊 (审计员 Auditor)', roles: ['auditor'], departments: [] },
  { local: 'admin', name: '孙丽 (管理员 Administrator)', roles: ['admin'], departments: [] },
];

const REASONS = {
  return: ['不属于本部门职责范围，请重新派单', '投诉内容涉及其他部门，退回重新分派', 'Not within our remit; please re-dispatch'],
  request_info: ['请投诉人补充具体时间、地点及相关凭证', '需要投诉人提供订单号和照片', 'Asked the complainant for the account statement'],
  reject: ['投诉内容不明确，无法受理', '属于咨询类诉求，已电话答复，不予受理', 'Duplicate of an earlier complaint by the same person'],
  reopen: ['投诉人对处理结果不满意，要求重新办理', 'Complainant not satisfied with the reply'],
};
const EN_REPLIES = [
  'Thank you for contacting us. We have investigated your complaint, corrected the error and sent you a written confirmation.',
  'We have reviewed the account with the company, which agreed to remove the disputed item. Please allow 30 days for the update.',
  'A crew was dispatched and the condition has been corrected. Please contact us again if the problem recurs.',
];
const FINDINGS = ['经核实，投诉反映情况基本属实。', '经现场调查，问题部分属实，已责成相关单位整改。', 'Investigation confirmed the issue; root cause identified.'];
const MEASURES = ['约谈责任单位，限期整改并回访投诉人。', '对投诉人予以合理补偿并加强日常巡查。', 'Corrective action ordered; complainant to be compensated.'];

function actorOf(u: { id: string; email: string; name: string; roles: Role[]; departmentIds: string[] }): Actor {
  return { id: u.id, email: u.email, name: u.name, roles: u.roles, departmentIds: u.departmentIds, locale: 'zh-CN', via: 'session' };
}

export async function loadDemo(ctx: AppContext, print: (s: string) => void): Promise<void> {
  const org = new OrgService(ctx);
  if (await findUserByEmail(ctx.db, `agent@${DEMO_DOMAIN}`)) {
    print(`The demo organisation is already loaded (agent@${DEMO_DOMAIN} exists); nothing to do.`);
    print(`Sign in as agent@${DEMO_DOMAIN}, handler@${DEMO_DOMAIN}, … with the password ${DEMO_PASSWORD}`);
    return;
  }
  const started = Date.now();
  const gen = new ComplaintGenerator({ seed: 2025, endMs: Date.now(), spanDays: 120 });
  const { taxonomy, replies } = gen.datasets;

  // Departments.
  const deptId = new Map<string, string>();
  const existing = await org.listDepartments();
  const addDept = async (d: DeptSpec, parentId: string | null) => {
    const found = existing.find((x) => x.nameZh === d.zh && x.parentId === parentId);
    const id = found?.id ?? (await org.createDepartment(null, { nameZh: d.zh, nameEn: d.en, parentId })).id;
    deptId.set(d.key, id);
    for (const c of d.children ?? []) await addDept(c, id);
  };
  for (const d of DEPARTMENTS) await addDept(d, null);
  print(`Departments: ${deptId.size}`);

  // Users, one per role.
  const actors = new Map<string, Actor>();
  for (const u of USERS) {
    const email = `${u.local}@${DEMO_DOMAIN}`;
    const created = await org.createUser(null, { email, name: u.name, password: DEMO_PASSWORD, roles: u.roles, departmentIds: u.departments.map((k) => deptId.get(k)!) });
    actors.set(u.local, actorOf(created));
  }
  print(`Users: ${USERS.length} (${USERS.map((u) => u.local).join(', ')})`);

  // Categories: the TipDM tree's first two levels, each with its default department.
  const categoryIdByCode = new Map<string, string>();
  const have = new Map((await org.listCategories()).map((c) => [c.code, c.id]));
  let nCat = 0;
  for (const top of taxonomy) {
    const topDept = deptId.get(CATEGORY_DEPARTMENT[top.nameZh] ?? 'cs')!;
    const topId = have.get(top.code) ?? (await org.createCategory(null, { code: top.code, nameZh: top.nameZh, nameEn: top.nameEn, defaultDepartmentId: topDept })).id;
    categoryIdByCode.set(top.code, topId);
    nCat++;
    for (const c of top.children) {
      const dept = SECOND_DEPARTMENT[c.nameZh] ? deptId.get(SECOND_DEPARTMENT[c.nameZh])! : topDept;
      const id = have.get(c.code) ?? (await org.createCategory(null, { code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, parentId: topId, defaultDepartmentId: dept, keywords: [c.nameZh] })).id;
      categoryIdByCode.set(c.code, id);
      nCat++;
    }
  }
  print(`Categories: ${nCat} (${taxonomy.length} top-level)`);

  // Complaints through the service, then through their lifecycle.
  const svc = new ComplaintService(ctx);
  const A = (k: string) => actors.get(k)!;
  const r = new Rng(7);
  const made: Array<{ id: string; g: GeneratedComplaint }> = [];
  const counts: Partial<Record<Status, number>> = {};
  for (let i = 0; i < DEMO_COMPLAINTS; i++) {
    const g = gen.next();
    const creator = g.channel === 'social' ? A('coordinator') : A('agent');
    const { complaint } = await svc.create(creator, toCreateBody(g, categoryIdByCode));
    const final = await drive(svc, A, r, complaint.id, g, made, replies);
    made.push({ id: complaint.id, g });
    counts[final] = (counts[final] ?? 0) + 1;
    await backdate(ctx, complaint.id, g.createdAt);
  }
  print(`Complaints: ${made.length} — ${Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(', ')}`);
  print(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Sign in with any of these, password ${DEMO_PASSWORD}:`);
  for (const u of USERS) print(`  ${`${u.local}@${DEMO_DOMAIN}`.padEnd(26)} ${u.roles.join(', ')}`);
}

/** Moves a fresh complaint towards g.status with the roles that may take each step; returns where it ended. */
async function drive(svc: ComplaintService, A: (k: string) => Actor, r: Rng, id: string, g: GeneratedComplaint, earlier: Array<{ id: string; g: GeneratedComplaint }>, replies: string[]): Promise<Status> {
  const target = g.status;
  const en = g.lang === 'en';
  const act = (who: string, body: Parameters<ComplaintService['act']>[2]) => svc.act(A(who), id, body);
  if (target === 'received') return 'received';
  if (target === 'rejected') {
    await act('agent', { action: 'reject', reason: r.pick(REASONS.reject) });
    return 'rejected';
  }
  if (target === 'merged') {
    const open = earlier.filter((e) => e.g.status !== 'merged');
    const into = open.filter((e) => e.g.categoryCode === g.categoryCode).pop() ?? open[open.length - 1];
    if (into) {
      await act('agent', { action: 'merge', targetId: into.id, reason: en ? 'Same issue as an earlier complaint' : '与此前投诉反映同一问题，合并办理' });
      return 'merged';
    }
    return 'received';
  }
  await act('agent', { action: 'triage' });
  if (target === 'triaged') return 'triaged';
  await act('agent', { action: 'assign', ownerId: r.chance(0.6) ? A('handler').id : undefined });
  if (target === 'assigned') return 'assigned';
  if (target === 'returned') {
    await act('handler', { action: 'return', reason: r.pick(REASONS.return) });
    return 'returned';
  }
  await act('handler', { action: 'sign' });
  if (r.chance(0.4)) await svc.addNote(A('handler'), id, { body: en ? 'Called the complainant; site visit scheduled.' : '已电话联系投诉人，安排现场核查。' });
  if (target === 'in_progress') return 'in_progress';
  if (target === 'waiting') {
    await act('handler', { action: 'request_info', reason: r.pick(REASONS.request_info) });
    return 'waiting';
  }
  if (g.level <= 2 || r.chance(0.15)) {
    await svc.submitPlan(A('handler'), id, {
      findings: r.pick(FINDINGS),
      measures: r.pick(MEASURES),
      ...(g.flags.propertyLoss ? { compensationAmount: 50 * (1 + r.int(40)), compensationKind: en ? 'refund' : '退款' } : {}),
    });
    await svc.decidePlan(A('leader'), id, { decision: 'approve', comment: en ? 'Approved.' : '同意，按方案办理。' });
  }
  await act('handler', { action: 'reply', message: en ? r.pick(EN_REPLIES) : r.pick(replies) });
  if (target === 'replied') return 'replied';
  await act('coordinator', { action: 'follow_up' });
  if (target === 'follow_up') return 'follow_up';
  if (r.chance(0.1)) {
    await act('coordinator', { action: 'reopen', reason: r.pick(REASONS.reopen) });
    await act('handler', { action: 'reply', message: en ? r.pick(EN_REPLIES) : r.pick(replies) });
  }
  await act('coordinator', { action: 'close' });
  return 'closed';
}

/**
 * Spreads the demo over months: the complaint and its timeline pretend to have happened from
 * g.createdAt on (steps a few hours apart), so dashboards have history. The audit log keeps the real
 * load times — it is append-only and hash-chained, and the demo does not rewrite it.
 */
async function backdate(ctx: AppContext, id: string, createdAt: number): Promise<void> {
  const rows = await ctx.db.selectFrom('timeline').select(['id']).where('complaint_id', '=', id).orderBy('id').execute();
  const now = Date.now();
  let t = Math.min(createdAt, now);
  let last = t;
  for (const [i, row] of rows.entries()) {
    last = t;
    await ctx.db.updateTable('timeline').set({ created_at: t }).where('id', '=', row.id).execute();
    // Steps between 20 minutes and a day and a half apart, never in the future.
    t = Math.min(now, t + 20 * 60_000 + ((createdAt + i * 7919) % 36) * 3_600_000);
  }
  await sql`UPDATE complaints SET created_at = ${Math.min(createdAt, now)}, updated_at = ${last} WHERE id = ${id}`.execute(ctx.db);
}
