// Emergency plans (应急预案) and incidents (应急事件): the structured content shared by the server
// (which validates it) and the web app (which edits and renders it). "Plan" alone in this codebase
// means a complaint's handling plan (处理方案); these are always "contingency plans".
import { Type, type Static } from 'typebox';

/** Every text a plan shows to people exists in both UI languages, so no screen mixes them. */
export const Bilingual = (max = 4000) =>
  Type.Object({ zh: Type.String({ minLength: 1, maxLength: max }), en: Type.String({ minLength: 1, maxLength: max }) }, { additionalProperties: false });
export type BilingualText = { zh: string; en: string };

const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'a stable machine key, e.g. incident_commander' });
const Level = Type.Integer({ minimum: 1, maximum: 4, description: '1 = Ⅰ 特别重大 … 4 = Ⅳ 一般' });

export const PLAN_STATUSES = ['draft', 'approved', 'published', 'retired'] as const;
export type ContingencyPlanStatus = (typeof PLAN_STATUSES)[number];

export const INCIDENT_STATUSES = ['active', 'stable', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const TASK_STATUSES = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type IncidentTaskStatus = (typeof TASK_STATUSES)[number];

/** The usual role keys; a plan may define others. */
export const STANDARD_ROLES = ['incident_commander', 'investigation_lead', 'communication_coordinator', 'pr_officer'] as const;

/** What starts a plan (预警与启动). A plan activates when any one criterion holds. */
export const ActivationCriterion = Type.Union([
  Type.Object({ kind: Type.Literal('level_at_or_above'), level: Level }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('mass_cluster'), minMembers: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000 })) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('fast_path') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('category') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('opinion_alert') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('manual') }, { additionalProperties: false }),
]);
export type ActivationCriterion = Static<typeof ActivationCriterion>;

/** 组织机构与职责: a role of the response team. */
export const PlanRole = Type.Object(
  {
    key: Key,
    name: Bilingual(100),
    duties: Bilingual(),
    /** Roles (src/shared/enums ROLES) whose on-call people may fill it, in order of preference. */
    fillFrom: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 9 }),
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** 分级响应: what each level demands. */
export const PlanLevelResponse = Type.Object(
  {
    level: Level,
    response: Bilingual(),
    /** Situation reports (情况报告) are due this often while the incident is active. */
    sitrepEveryMinutes: Type.Integer({ minimum: 10, maximum: 7 * 24 * 60 }),
    /** Role keys told at activation, beyond the role owners. */
    notifyRoles: Type.Array(Key, { maxItems: 20 }),
  },
  { additionalProperties: false },
);

/** 处置流程: a step, due `offsetMinutes` after activation, owned by a plan role. */
export const PlanStep = Type.Object(
  {
    key: Key,
    title: Bilingual(200),
    description: Bilingual(),
    offsetMinutes: Type.Integer({ minimum: 0, maximum: 30 * 24 * 60 }),
    ownerRole: Key,
    /** Only at these levels; absent = every level. */
    levels: Type.Optional(Type.Array(Level, { minItems: 1, maxItems: 4 })),
  },
  { additionalProperties: false },
);

export const PlanTemplate = Type.Object(
  {
    key: Key,
    audience: Type.Union([Type.Literal('complainant'), Type.Literal('public'), Type.Literal('internal'), Type.Literal('leader')]),
    subject: Bilingual(200),
    body: Bilingual(8000),
  },
  { additionalProperties: false },
);

export const PlanResourceNeed = Type.Object(
  {
    kind: Type.Union([Type.Literal('supplier'), Type.Literal('manufacturer'), Type.Literal('inventory'), Type.Literal('staff'), Type.Literal('expert'), Type.Literal('media')]),
    description: Bilingual(500),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

/** One version of a plan, structured as plans are usually written (总则 … 预案管理). */
export const PlanContent = Type.Object(
  {
    title: Bilingual(200),
    /** 总则: purpose, basis, principles. */
    general: Bilingual(),
    scope: Type.Object(
      {
        categoryIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200 }),
        levels: Type.Array(Level, { maxItems: 4, description: 'levels the plan covers; empty = every level (each needs a level response)' }),
      },
      { additionalProperties: false },
    ),
    activation: Type.Array(ActivationCriterion, { minItems: 1, maxItems: 20 }),
    roles: Type.Array(PlanRole, { minItems: 1, maxItems: 30 }),
    levels: Type.Array(PlanLevelResponse, { minItems: 1, maxItems: 4 }),
    steps: Type.Array(PlanStep, { minItems: 1, maxItems: 100 }),
    templates: Type.Array(PlanTemplate, { maxItems: 50 }),
    resources: Type.Array(PlanResourceNeed, { maxItems: 100 }),
    /** 后期处置 */
    postIncident: Type.Array(Bilingual(1000), { maxItems: 50 }),
    /** 保障措施 */
    safeguards: Bilingual(),
    /** 培训与演练 */
    training: Bilingual(),
    /** 预案管理: the plan is reviewed this many days after publication. */
    reviewEveryDays: Type.Integer({ minimum: 1, maximum: 3 * 365 }),
  },
  { additionalProperties: false },
);
export type PlanContent = Static<typeof PlanContent>;
