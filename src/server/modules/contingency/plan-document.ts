import { LEVEL_NUMERALS, type Level } from '../../../shared/enums.js';
import type { ActivationCriterion, BilingualText, ContingencyPlanStatus, PlanContent } from '../../../shared/contingency.js';
import { formatTime } from '../notifications/templates.js';

/**
 * A plan version as a document in one language: a header and the nine chapters plans are filed with
 * (总则 … 预案管理), as plain blocks. The Markdown, HTML and Word exports all render this one model,
 * so they never disagree about what a plan says. Pure.
 */
export type Lang = 'zh-CN' | 'en';
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'h'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };
export interface Chapter {
  title: string;
  blocks: Block[];
}
export interface PlanDocument {
  title: string;
  /** Label/value rows under the title: version, status, dates. */
  meta: [string, string][];
  chapters: Chapter[];
}
export interface VersionFacts {
  planKey: string;
  version: number;
  status: ContingencyPlanStatus;
  changeNote: string | null;
  createdAt: number;
  approvedAt: number | null;
  publishedAt: number | null;
  retiredAt: number | null;
  reviewDueAt: number | null;
}

const L = {
  'zh-CN': {
    version: '版本', status: '状态', key: '预案编号', created: '起草时间', approved: '批准时间', published: '发布时间', retired: '废止时间', reviewDue: '复审到期',
    statuses: { draft: '草稿', approved: '已批准', published: '已发布', retired: '已废止' },
    chapters: ['一、总则', '二、组织机构与职责', '三、预警与启动', '四、分级响应', '五、处置流程', '六、后期处置', '七、保障措施', '八、培训与演练', '九、预案管理'],
    roleHead: ['角色', '职责', '人员来源', '必设'], yes: '是', no: '否',
    scope: '适用范围', categories: '适用类别', levels: '适用等级', allLevels: '全部等级', allCategories: '全部类别', activation: '启动条件',
    levelHead: ['等级', '响应措施', '情况报告频次', '通知角色'],
    stepHead: ['时限', '步骤', '责任角色', '内容', '适用等级'],
    templates: '沟通模板', audience: { complainant: '投诉人', public: '公众', internal: '内部', leader: '领导' }, subject: '标题',
    resources: '应急资源', resourceKinds: { supplier: '供应商', manufacturer: '生产厂家', inventory: '物资', staff: '人员', expert: '专家', media: '媒体' }, quantity: '数量',
    reviewEvery: (d: number) => `本预案自发布之日起每 ${d} 天复审一次。`, changeNote: '修订说明', none: '无',
  },
  en: {
    version: 'Version', status: 'Status', key: 'Plan key', created: 'Drafted', approved: 'Approved', published: 'Published', retired: 'Retired', reviewDue: 'Review due',
    statuses: { draft: 'Draft', approved: 'Approved', published: 'Published', retired: 'Retired' },
    chapters: ['1. General provisions', '2. Organisation and responsibilities', '3. Early warning and activation', '4. Graded response', '5. Response procedure', '6. Post-incident handling', '7. Safeguards', '8. Training and drills', '9. Plan management'],
    roleHead: ['Role', 'Duties', 'Filled from', 'Required'], yes: 'yes', no: 'no',
    scope: 'Scope', categories: 'Categories', levels: 'Levels', allLevels: 'all levels', allCategories: 'all categories', activation: 'Activation criteria',
    levelHead: ['Level', 'Response', 'Situation reports', 'Roles notified'],
    stepHead: ['Due', 'Step', 'Owner', 'What to do', 'Levels'],
    templates: 'Communication templates', audience: { complainant: 'complainant', public: 'public', internal: 'internal', leader: 'leaders' }, subject: 'Subject',
    resources: 'Resources', resourceKinds: { supplier: 'supplier', manufacturer: 'manufacturer', inventory: 'inventory', staff: 'staff', expert: 'expert', media: 'media' }, quantity: 'quantity',
    reviewEvery: (d: number) => `This plan is reviewed every ${d} days after publication.`, changeNote: 'Change note', none: 'none',
  },
} as const;

export const pick = (t: BilingualText, lang: Lang) => (lang === 'en' ? t.en : t.zh);
export const levelLabel = (level: number, lang: Lang) => (lang === 'en' ? `Level ${LEVEL_NUMERALS[level as Level]}` : `${LEVEL_NUMERALS[level as Level]}级`);

/** T+0, T+30 min, T+1 h, T+1 h 30 min (T+30分钟, T+1小时 …). */
export function offsetLabel(minutes: number, lang: Lang): string {
  if (minutes === 0) return 'T+0';
  // Whole days from two days on (T+72 h reads as T+3 d); a day itself stays T+24 h, as plans write it.
  if (minutes >= 2880 && minutes % 1440 === 0) return lang === 'en' ? `T+${minutes / 1440} d` : `T+${minutes / 1440}天`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = lang === 'en' ? [h ? `${h} h` : '', m ? `${m} min` : ''] : [h ? `${h}小时` : '', m ? `${m}分钟` : ''];
  return `T+${parts.filter(Boolean).join(lang === 'en' ? ' ' : '')}`;
}

export function cadenceLabel(minutes: number, lang: Lang): string {
  const span = offsetLabel(minutes, lang).slice(2);
  return lang === 'en' ? `every ${span}` : `每${span}`;
}

function criterionLabel(c: ActivationCriterion, lang: Lang): string {
  const en = lang === 'en';
  switch (c.kind) {
    case 'level_at_or_above':
      return en ? `A complaint at ${levelLabel(c.level, lang)} or above` : `投诉等级达到${levelLabel(c.level, lang)}及以上`;
    case 'mass_cluster':
      return en ? `A mass-complaint cluster${c.minMembers ? ` of ${c.minMembers} or more` : ''}` : `形成群体性投诉${c.minMembers ? `（${c.minMembers}件及以上）` : ''}`;
    case 'fast_path':
      return en ? 'A complaint on the fast path (Ⅰ–Ⅱ)' : '投诉进入快速通道（Ⅰ–Ⅱ级）';
    case 'category':
      return en ? 'A complaint in a category mapped to this plan' : '投诉属于关联本预案的类别';
    case 'opinion_alert':
      return en ? 'A public-opinion alert' : '出现舆情预警';
    case 'manual':
      return en ? 'Activated by hand by an authorised person' : '由有权限的人员手动启动';
  }
}

export function buildPlanDocument(c: PlanContent, v: VersionFacts, lang: Lang, timeZone: string, categoryNames: Map<string, BilingualText>): PlanDocument {
  const t = L[lang];
  const when = (at: number | null) => (at ? formatTime(at, timeZone) : '');
  const roleName = new Map(c.roles.map((r) => [r.key, pick(r.name, lang)]));
  const role = (key: string) => roleName.get(key) ?? key;
  const join = (items: string[]) => items.join(lang === 'en' ? ', ' : '、');
  const meta: [string, string][] = [
    [t.key, v.planKey],
    [t.version, `v${v.version}`],
    [t.status, t.statuses[v.status]],
    [t.created, when(v.createdAt)],
    ...(v.approvedAt ? [[t.approved, when(v.approvedAt)] as [string, string]] : []),
    ...(v.publishedAt ? [[t.published, when(v.publishedAt)] as [string, string]] : []),
    ...(v.retiredAt ? [[t.retired, when(v.retiredAt)] as [string, string]] : []),
    ...(v.reviewDueAt ? [[t.reviewDue, when(v.reviewDueAt)] as [string, string]] : []),
  ];
  const categories = c.scope.categoryIds.map((id) => {
    const n = categoryNames.get(id);
    return n ? pick(n, lang) : id;
  });
  const chapters: Chapter[] = [
    { title: t.chapters[0], blocks: [{ kind: 'p', text: pick(c.general, lang) }] },
    {
      title: t.chapters[1],
      blocks: [{ kind: 'table', head: [...t.roleHead], rows: c.roles.map((r) => [`${pick(r.name, lang)} (${r.key})`, pick(r.duties, lang), r.fillFrom.join(', ') || t.none, r.required ? t.yes : t.no]) }],
    },
    {
      title: t.chapters[2],
      blocks: [
        { kind: 'h', text: t.scope },
        {
          kind: 'list',
          items: [
            `${t.categories}: ${categories.length ? join(categories) : t.allCategories}`,
            `${t.levels}: ${c.scope.levels.length ? join(c.scope.levels.map((l) => levelLabel(l, lang))) : t.allLevels}`,
          ],
        },
        { kind: 'h', text: t.activation },
        { kind: 'list', items: c.activation.map((a) => criterionLabel(a, lang)) },
      ],
    },
    {
      title: t.chapters[3],
      blocks: [
        {
          kind: 'table',
          head: [...t.levelHead],
          rows: [...c.levels].sort((a, b) => a.level - b.level).map((l) => [levelLabel(l.level, lang), pick(l.response, lang), cadenceLabel(l.sitrepEveryMinutes, lang), join(l.notifyRoles.map(role)) || t.none]),
        },
      ],
    },
    {
      title: t.chapters[4],
      blocks: [
        {
          kind: 'table',
          head: [...t.stepHead],
          rows: [...c.steps]
            .sort((a, b) => a.offsetMinutes - b.offsetMinutes)
            .map((s) => [offsetLabel(s.offsetMinutes, lang), pick(s.title, lang), role(s.ownerRole), pick(s.description, lang), s.levels ? join(s.levels.map((l) => levelLabel(l, lang))) : t.allLevels]),
        },
        ...(c.templates.length
          ? ([{ kind: 'h', text: t.templates }, ...c.templates.flatMap((tp) => [{ kind: 'p', text: `【${t.audience[tp.audience]}】${t.subject}: ${pick(tp.subject, lang)}` }, { kind: 'p', text: pick(tp.body, lang) }])] as Block[])
          : []),
      ],
    },
    { title: t.chapters[5], blocks: c.postIncident.length ? [{ kind: 'list', items: c.postIncident.map((p) => pick(p, lang)) }] : [{ kind: 'p', text: t.none }] },
    {
      title: t.chapters[6],
      blocks: [
        { kind: 'p', text: pick(c.safeguards, lang) },
        ...(c.resources.length
          ? ([{ kind: 'h', text: t.resources }, { kind: 'list', items: c.resources.map((r) => `${t.resourceKinds[r.kind]}: ${pick(r.description, lang)}${r.quantity ? ` (${t.quantity} ${r.quantity})` : ''}`) }] as Block[])
          : []),
      ],
    },
    { title: t.chapters[7], blocks: [{ kind: 'p', text: pick(c.training, lang) }] },
    {
      title: t.chapters[8],
      blocks: [{ kind: 'p', text: t.reviewEvery(c.reviewEveryDays) }, ...(v.changeNote ? ([{ kind: 'p', text: `${t.changeNote}: ${v.changeNote}` }] as Block[]) : [])],
    },
  ];
  return { title: pick(c.title, lang), meta, chapters };
}
