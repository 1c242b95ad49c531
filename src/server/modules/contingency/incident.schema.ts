// Request and response schemas of the incident routes (TypeBox; also the OpenAPI source). Response
// objects are exact: they list the presenter's fields one for one (incident.presenter.ts).
import { Type, type TSchema } from 'typebox';
import { INCIDENT_STATUSES, TASK_STATUSES } from '../../../shared/contingency.js';
import { Id } from '../../platform/http/schemas.js';

const lit = <T extends string>(...values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
const Level = Type.Integer({ minimum: 1, maximum: 4, description: '1 = Ⅰ 特别重大 … 4 = Ⅳ 一般' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const BilingualOut = Exact({ zh: Type.String(), en: Type.String() });
const Person = Nullable(Exact({ id: Type.String(), name: Type.String() }));

export const IncidentParams = Type.Object({ id: Id }, { additionalProperties: false });
export const RoleParams = Type.Object({ id: Id, roleKey: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }) }, { additionalProperties: false });
export const TaskParams = Type.Object({ id: Id, taskId: Id }, { additionalProperties: false });

export const ActivateBody = Type.Object(
  {
    planId: Type.Optional(Id),
    planVersionId: Type.Optional(Id),
    complaintIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
    departmentId: Type.Optional(Id),
    level: Level,
    title: Text(200),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    status: Type.Optional(lit(...INCIDENT_STATUSES)),
    level: Type.Optional(Level),
    drill: Type.Optional(Type.Boolean({ description: 'true: drills only; false: real incidents only' })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

const Note = Type.Optional(Type.String({ maxLength: 2000 }));
export const StatusBody = Type.Object({ status: lit(...INCIDENT_STATUSES), note: Note }, { additionalProperties: false });
export const LevelBody = Type.Object({ level: Level, reason: Text(2000) }, { additionalProperties: false });
export const RoleBody = Type.Object({ userId: Id, note: Note }, { additionalProperties: false });
export const TaskActionBody = Type.Union([
  Type.Object({ action: Type.Literal('start'), note: Note }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('done'), note: Note }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('block'), reason: Text(2000) }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('assign'), assigneeId: Id, note: Note }, { additionalProperties: false }),
]);
export const SitrepBody = Type.Object({ conditions: Text(8000), actions: Text(8000), needs: Type.String({ maxLength: 8000 }) }, { additionalProperties: false });
export const LinkBody = Type.Object({ complaintIds: Type.Array(Id, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false });
export const DecisionBody = Type.Object({ decision: Text(4000), rationale: Type.Optional(Type.String({ maxLength: 8000 })) }, { additionalProperties: false });

// ---- responses ----

const TRIGGERS = ['mass_cluster', 'fast_path', 'category', 'opinion_alert', 'manual', 'drill'] as const;

export const IncidentSummaryOut = Exact({
  id: Type.String(),
  code: Type.String({ description: 'YJ20261205-001' }),
  title: Type.String(),
  level: Level,
  status: lit(...INCIDENT_STATUSES),
  isDrill: Type.Boolean(),
  trigger: lit(...TRIGGERS),
  departmentId: Nullable(Type.String()),
  commander: Person,
  planId: Type.String(),
  planVersionId: Type.String(),
  activatedAt: Instant,
  stableAt: Nullable(Instant),
  resolvedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  sitrepDueAt: Nullable(Instant),
  sitrepOverdue: Type.Boolean(),
});

export const IncidentListOut = Exact({ items: Type.Array(IncidentSummaryOut), nextCursor: Nullable(Type.String()) });

const RoleOut = Exact({
  key: Type.String(),
  name: BilingualOut,
  duties: BilingualOut,
  required: Type.Boolean(),
  user: Person,
  source: lit('oncall', 'fallback', 'activator', 'manual', 'unfilled'),
  assignedAt: Nullable(Instant),
});

const TaskOut = Exact({
  id: Type.String(),
  stepKey: Type.String(),
  title: BilingualOut,
  ownerRole: Type.String(),
  assignee: Person,
  offsetMinutes: Type.Integer(),
  dueAt: Instant,
  status: lit(...TASK_STATUSES),
  blockedReason: Nullable(Type.String()),
  startedAt: Nullable(Instant),
  doneAt: Nullable(Instant),
  overdue: Type.Boolean({ description: 'Past due and not done (now, or done late)' }),
  overdueAt: Nullable(Instant),
  escalated: Type.Boolean(),
});

const SitrepOut = Exact({ id: Type.String(), conditions: Type.String(), actions: Type.String(), needs: Type.String(), author: Person, createdAt: Instant });
const DecisionOut = Exact({ id: Type.String(), decision: Type.String(), rationale: Nullable(Type.String()), author: Person, createdAt: Instant });
const LinkedComplaintOut = Exact({
  id: Type.String(),
  trackingNo: Type.String(),
  subject: Nullable(Type.String({ description: 'null when the caller may not see the complaint' })),
  level: Level,
  status: Type.String(),
  via: lit('trigger', 'cluster', 'manual'),
  linkedAt: Instant,
});

export const IncidentOut = Exact({
  ...IncidentSummaryOut.properties,
  activatedBy: Person,
  plan: Exact({ id: Type.String(), key: Type.String(), versionId: Type.String(), version: Type.Integer(), status: Type.String(), title: BilingualOut }),
  response: Exact({ level: Level, text: BilingualOut, sitrepEveryMinutes: Type.Integer() }),
  roles: Type.Array(RoleOut),
  tasks: Type.Array(TaskOut),
  sitreps: Type.Array(SitrepOut),
  decisions: Type.Array(DecisionOut),
  complaints: Type.Array(LinkedComplaintOut),
  can: Exact({ command: Type.Boolean(), close: Type.Boolean() }, 'What the caller may do here (the server checks again)'),
});

export const TimelineOut = Exact({
  items: Type.Array(Exact({ id: Type.String(), kind: Type.String(), actor: Person, data: Type.Record(Type.String(), Type.Unknown()), createdAt: Instant })),
});
