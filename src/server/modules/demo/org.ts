import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Role } from '../../../shared/enums.js';
import { OrgService } from '../org/org.service.js';
import { findUserByEmail } from '../org/org.repo.js';
import type { TaxonomyNode } from './taxonomy.js';

/**
 * The demo organisation: a city's 12345 hotline centre and the bureaus it dispatches to (zh), or a
 * city's 311 centre and its agencies (en); one user per role; the TipDM category tree with each
 * category's default bureau. Find-or-create throughout, so an interrupted load can run again.
 */

export type DemoLocale = 'zh' | 'en';
export const DEMO_PASSWORD = 'redress-demo-2025';
export const DEMO_DOMAIN = 'demo.redress';

interface DeptSpec {
  key: string;
  zh: string;
  en: string;
  children?: DeptSpec[];
}

const DEPARTMENTS: DeptSpec[] = [
  {
    key: 'hotline',
    zh: '市12345政务服务便民热线中心',
    en: 'City 311 Service Center',
    children: [
      { key: 'hotline.intake', zh: '话务受理科', en: 'Call Intake' },
      { key: 'hotline.followup', zh: '回访督办科', en: 'Follow-up and Supervision' },
    ],
  },
  { key: 'housing', zh: '市住房和城乡建设局', en: 'Housing and Buildings', children: [{ key: 'housing.property', zh: '物业管理科', en: 'Property Management' }] },
  { key: 'utilities', zh: '市城市管理局', en: 'Sanitation and Street Services' },
  { key: 'environment', zh: '市生态环境局', en: 'Environmental Protection' },
  { key: 'transport', zh: '市交通运输局', en: 'Transportation' },
  { key: 'market', zh: '市市场监督管理局', en: 'Consumer and Worker Protection' },
  { key: 'health', zh: '市卫生健康委员会', en: 'Health and Mental Hygiene' },
  { key: 'labour', zh: '市人力资源和社会保障局', en: 'Labor and Benefits' },
  { key: 'education', zh: '市教育局', en: 'Education' },
  { key: 'police', zh: '市公安局', en: 'Police' },
  { key: 'civil', zh: '市民政局', en: 'Social Services' },
  { key: 'land', zh: '市自然资源和规划局', en: 'City Planning' },
  { key: 'agriculture', zh: '市农业农村局', en: 'Parks and Rural Affairs' },
  { key: 'finance', zh: '市地方金融监督管理局', en: 'Financial Services' },
  { key: 'office', zh: '市政府办公厅', en: 'Mayor’s Office', children: [{ key: 'office.inspection', zh: '市纪委监委信访室', en: 'Inspector General' }] },
  { key: 'it', zh: '市数据资源局', en: 'Technology and Innovation' },
];

/** Default bureau of each top-level category. */
const CATEGORY_DEPARTMENT: Record<string, string> = {
  城乡建设: 'housing',
  环境保护: 'environment',
  交通运输: 'transport',
  经济管理: 'finance',
  商贸旅游: 'market',
  卫生计生: 'health',
  劳动和社会保障: 'labour',
  教育文体: 'education',
  政法: 'police',
  党务政务: 'office',
  纪检监察: 'office.inspection',
  农村农业: 'agriculture',
  国土资源: 'land',
  民政: 'civil',
  科技与信息产业: 'it',
};
/** Second-level categories handled elsewhere than their top level's default. */
const SECOND_DEPARTMENT: Record<string, string> = {
  住房保障与房地产: 'housing.property',
  城市建设和市政管理: 'utilities',
  食品药品监管: 'market',
  交通管理: 'police',
};

/** Cold-start keywords of the top-level categories (the keyword rules triage uses before any model). */
const TOP_KEYWORDS: Record<string, string[]> = {
  城乡建设: ['小区', '物业', '业主', '开发商', '施工', '房屋', '停水', '停电', '拆迁', '电梯', '城管', 'building', 'heat', 'plumbing'],
  环境保护: ['污染', '噪音', '扰民', '排放', '异味', '臭', '粉尘', '环保', 'noise'],
  交通运输: ['公交', '出租车', '地铁', '道路', '车站', '线路', '客运', '网约车', 'taxi'],
  商贸旅游: ['商家', '商户', '消费者', '价格', '退款', '市场', '旅游', '超市', '商品'],
  卫生计生: ['医院', '医生', '患者', '卫生', '疫苗', '药', '食品', '诊所', 'food', 'rodent'],
  劳动和社会保障: ['工资', '社保', '养老', '医保', '公积金', '劳动', '退休', '欠薪', '合同'],
  教育文体: ['学校', '学生', '老师', '教师', '幼儿园', '学位', '招生', '补课', '教育'],
  经济管理: ['银行', '贷款', 'loan', 'credit', 'mortgage', 'debt', 'bank'],
  政法: ['派出所', '户口', '违停', '治安', '交警', 'parking', 'police'],
};

interface UserSpec {
  local: string;
  zh: string;
  en: string;
  roles: Role[];
  departments: string[];
}

const BUREAUS = DEPARTMENTS.filter((d) => d.key !== 'hotline').flatMap((d) => [d.key, ...(d.children ?? []).map((c) => c.key)]);

const USERS: UserSpec[] = [
  { local: 'agent', zh: '李娜', en: 'Lina Li', roles: ['intake_agent'], departments: ['hotline', 'hotline.intake'] },
  { local: 'handler', zh: '王强', en: 'Wang Qiang', roles: ['handler'], departments: BUREAUS },
  { local: 'coordinator', zh: '陈静', en: 'Jing Chen', roles: ['coordinator'], departments: ['hotline', 'hotline.followup'] },
  { local: 'head', zh: '张伟', en: 'Wei Zhang', roles: ['dept_head'], departments: BUREAUS },
  { local: 'leader', zh: '刘洋', en: 'Yang Liu', roles: ['leader'], departments: [] },
  { local: 'pr', zh: '赵敏', en: 'Min Zhao', roles: ['pr_officer'], departments: ['office'] },
  { local: 'analyst', zh: '周杰', en: 'Jie Zhou', roles: ['analyst'], departments: [] },
  { local: 'auditor', zh: '吴昊', en: 'Hao Wu', roles: ['auditor'], departments: [] },
  { local: 'admin', zh: '孙丽', en: 'Li Sun', roles: ['admin'], departments: [] },
];

export type DemoRole = 'agent' | 'handler' | 'coordinator' | 'head' | 'leader' | 'pr' | 'analyst' | 'auditor' | 'admin';

export interface DemoOrg {
  actors: Map<DemoRole, Actor>;
  /** Category id by name (top-level 一级分类 name, or "top/second"). */
  categoryId: Map<string, string>;
  /** Top-level category name by category id (for any level). */
  topOf: Map<string, string>;
}

export function demoUsers(locale: DemoLocale): Array<{ email: string; name: string; roles: Role[] }> {
  return USERS.map((u) => ({ email: `${u.local}@${DEMO_DOMAIN}`, name: locale === 'zh' ? u.zh : u.en, roles: u.roles }));
}

export async function ensureDemoOrg(ctx: AppContext, locale: DemoLocale, taxonomy: TaxonomyNode[], print: (s: string) => void): Promise<DemoOrg> {
  const org = new OrgService(ctx);
  const deptId = new Map<string, string>();
  const existing = await org.listDepartments();
  const addDept = async (d: DeptSpec, parentId: string | null) => {
    const [nameZh, nameEn] = [d.zh, d.en];
    const found = existing.find((x) => x.nameZh === nameZh && x.parentId === parentId);
    const id = found?.id ?? (await org.createDepartment(null, { nameZh, nameEn, parentId })).id;
    deptId.set(d.key, id);
    for (const c of d.children ?? []) await addDept(c, id);
  };
  for (const d of DEPARTMENTS) await addDept(d, null);

  const actors = new Map<DemoRole, Actor>();
  // Users (each hashes its password) and each top-level category's children are created concurrently.
  await Promise.all(USERS.map(async (u) => {
    const email = `${u.local}@${DEMO_DOMAIN}`;
    const found = await findUserByEmail(ctx.db, email);
    const departmentIds = u.departments.map((k) => deptId.get(k)!);
    const user = found
      ? { id: found.id, email, name: found.name, roles: u.roles, departmentIds }
      : await org.createUser(null, { email, name: locale === 'zh' ? u.zh : u.en, password: DEMO_PASSWORD, roles: u.roles, departmentIds, locale: locale === 'zh' ? 'zh-CN' : 'en' });
    actors.set(u.local as DemoRole, { id: user.id, email, name: user.name, roles: u.roles, departmentIds, locale: locale === 'zh' ? 'zh-CN' : 'en', via: 'session' });
  }));

  const categoryId = new Map<string, string>();
  const topOf = new Map<string, string>();
  const have = new Map((await org.listCategories()).map((c) => [c.code, c.id]));
  for (const top of taxonomy) {
    const topDept = deptId.get(CATEGORY_DEPARTMENT[top.nameZh] ?? 'office')!;
    const keywords = [...(TOP_KEYWORDS[top.nameZh] ?? []), ...top.children.map((c) => c.nameZh).filter((n) => n !== '其他')];
    // Top-level categories (those the demo files complaints under) are Open311 services (/open311/v2/services).
    const topId = have.get(top.code) ?? (await org.createCategory(null, { code: top.code, nameZh: top.nameZh, nameEn: top.nameEn, defaultDepartmentId: topDept, keywords, public: true })).id;
    categoryId.set(top.nameZh, topId);
    topOf.set(topId, top.nameZh);
    await Promise.all(top.children.map(async (c) => {
      const dept = SECOND_DEPARTMENT[c.nameZh] ? deptId.get(SECOND_DEPARTMENT[c.nameZh])! : topDept;
      const id = have.get(c.code) ?? (await org.createCategory(null, { code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, parentId: topId, defaultDepartmentId: dept })).id;
      categoryId.set(`${top.nameZh}/${c.nameZh}`, id);
      topOf.set(id, top.nameZh);
    }));
  }
  print(`Organisation: ${deptId.size} departments, ${USERS.length} users, ${categoryId.size} categories (${taxonomy.length} top-level)`);
  return { actors, categoryId, topOf };
}
