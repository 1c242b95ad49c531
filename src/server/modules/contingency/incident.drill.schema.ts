// Request and response schemas of the drill routes (TypeBox; the report is exact: incident.drill.report.ts).
import { Type, type TSchema } from 'typebox';
import { Id } from '../../platform/http/schemas.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
const BilingualOut = Exact({ zh: Type.String(), en: Type.String() });

export const DrillPlanParams = Type.Object({ planId: Id }, { additionalProperties: false });
export const DrillBody = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 4, description: 'the level drilled: its steps, cadence and notices' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'default: the plan’s title; always prefixed 【演练】[DRILL]' })),
    departmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export const ReportQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) }, { additionalProperties: false });

export const DrillReportOut = Exact({
  incidentId: Type.String(),
  code: Type.String(),
  title: Type.String(),
  planId: Type.String(),
  planVersionId: Type.String(),
  planVersion: Type.Integer(),
  planTitle: BilingualOut,
  level: Type.Integer(),
  activatedAt: Instant,
  resolvedAt: Nullable(Instant),
  steps: Type.Array(
    Exact({
      stepKey: Type.String(),
      title: BilingualOut,
      ownerRole: Type.String(),
      plannedOffsetMinutes: Type.Integer(),
      actualOffsetMinutes: Nullable(Type.Integer({ description: 'task done − activation; null: never done' })),
      done: Type.Boolean(),
      late: Type.Boolean(),
      lateByMinutes: Nullable(Type.Integer()),
    }),
  ),
  lateSteps: Type.Array(Type.String()),
  stepsOnTime: Type.Integer(),
  sitreps: Exact({ everyMinutes: Type.Integer(), expected: Type.Integer(), filed: Type.Integer(), onTime: Type.Integer(), reminders: Type.Integer(), cadenceKept: Type.Boolean() }),
  roles: Exact({
    total: Type.Integer(),
    filled: Type.Integer(),
    unfilledRequired: Type.Array(Type.String()),
    items: Type.Array(Exact({ key: Type.String(), name: BilingualOut, required: Type.Boolean(), filled: Type.Boolean(), source: Type.String() })),
  }),
  score: Type.Integer({ minimum: 0, maximum: 100, description: 'half steps on time, a quarter report cadence, a quarter roles filled' }),
});
