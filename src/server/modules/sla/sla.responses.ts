// Response schemas of the SLA routes: the objects sla.views.ts, sla.supervision.ts, sla.extensions.ts
// and the config store return, field for field (the API tests validate every response against them).
import { Type, type TSchema } from 'typebox';

const lit = <T extends string>(...values: T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
const LevelNo = Type.Integer({ minimum: 1, maximum: 4 });

export const SlaKindSchema = lit('signFor', 'firstResponse', 'updateCadence', 'resolution');
const TimeModeSchema = lit('natural', 'working');

/** The most urgent open clock of a complaint (lists and detail: `sla`). */
export const SlaSummaryOut = Exact(
  {
    kind: SlaKindSchema,
    dueAt: Nullable(Instant),
    status: lit('ok', 'warning', 'breached'),
    state: lit('not_started', 'running', 'paused', 'stopped'),
  },
  'The most urgent open deadline',
);

const ClockCycleOut = Exact({
  startedAt: Instant,
  endedAt: Nullable(Instant),
  pausedMs: Type.Number(),
  budgetMs: Type.Number(),
  dueAt: Nullable(Instant),
  outcome: lit('open', 'met', 'breached'),
});

export const ClockOut = Exact({
  id: Type.String(),
  kind: SlaKindSchema,
  policyId: Nullable(Type.String()),
  state: lit('not_started', 'running', 'paused', 'met', 'breached'),
  phase: lit('not_started', 'running', 'paused', 'stopped'),
  status: lit('ok', 'warning', 'breached'),
  target: Exact({ durationMs: Type.Number(), mode: TimeModeSchema, warnRatio: Type.Number() }),
  startedAt: Nullable(Instant),
  dueAt: Nullable(Instant),
  warnAt: Nullable(Instant),
  remainingMs: Type.Number({ description: 'negative once overdue' }),
  elapsedMs: Type.Number(),
  budgetMs: Type.Number(),
  metAt: Nullable(Instant),
  breachedAt: Nullable(Instant),
  cycles: Type.Array(ClockCycleOut),
});
export const ClocksOut = Exact({ now: Instant, items: Type.Array(ClockOut) });

const SupervisionOut = Exact({
  id: Type.String(),
  supervisorId: Type.String(),
  dueAt: Instant,
  note: Type.String(),
  status: lit('open', 'closed'),
  reminders: Type.Array(Exact({ key: Type.String(), at: Instant, sentAt: Nullable(Instant) })),
  createdAt: Instant,
  closedAt: Nullable(Instant),
});
export const SupervisionsOut = Exact({ items: Type.Array(SupervisionOut) });

export const ExtensionOut = Exact({
  id: Type.String(),
  requestedBy: Type.String(),
  reason: Type.String(),
  currentDueAt: Nullable(Instant),
  newDueAt: Instant,
  status: lit('pending', 'approved', 'rejected'),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
  decisionComment: Nullable(Type.String()),
  createdAt: Instant,
});
export const ExtensionsOut = Exact({ items: Type.Array(ExtensionOut) });

// ---- configuration (policy.ts, calendar.ts, escalation.ts, holidays.ts) ----

const SlaTargetOut = Exact({
  value: Type.Number(),
  unit: lit('minutes', 'hours', 'days'),
  mode: TimeModeSchema,
  warnRatio: Type.Optional(Type.Number()),
});
const TargetOrNone = Type.Optional(Nullable(SlaTargetOut));
const SlaPolicyOut = Exact({
  id: Type.String(),
  name: Type.String(),
  match: Exact({ levels: Type.Optional(Type.Array(LevelNo)), categoryIds: Type.Optional(Type.Array(Type.String())), channels: Type.Optional(Type.Array(Type.String())) }),
  targets: Exact(
    { signFor: TargetOrNone, firstResponse: TargetOrNone, updateCadence: TargetOrNone, resolution: TargetOrNone },
    'absent: inherited from a later policy; null: this SLA does not apply',
  ),
  warnRatio: Type.Optional(Type.Number()),
  escalation: Type.Optional(Type.Array(Exact({ on: lit('warning', 'breach'), afterMs: Type.Number(), notify: lit('owner', 'department_head', 'leader') }))),
});

const Versioned = {
  version: Type.Integer({ minimum: 0, description: '0 = the built-in default, never saved' }),
  updatedAt: Nullable(Instant),
  updatedBy: Nullable(Type.String()),
};
export const PoliciesOut = Exact({ policies: Type.Array(SlaPolicyOut), ...Versioned });

const TimeRangeOut = Exact({ start: Type.String({ description: 'HH:MM' }), end: Type.String({ description: 'HH:MM, 24:00 allowed' }) });
const CalendarConfigOut = Exact({
  timeZone: Type.String(),
  workingDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 })),
  workingHours: Type.Array(TimeRangeOut),
  holidays: Nullable(
    Exact({
      country: Type.String(),
      region: Type.Optional(Type.String()),
      types: Type.Optional(Type.Array(lit('public', 'bank', 'optional', 'school', 'observance'))),
    }),
  ),
  overrides: Type.Array(Exact({ date: Type.String({ format: 'date' }), kind: lit('workday', 'holiday'), hours: Type.Optional(Type.Array(TimeRangeOut)), note: Type.Optional(Type.String()) })),
});
export const CalendarOut = Exact({ calendar: CalendarConfigOut, ...Versioned });

export const CalendarDaysOut = Exact({
  timeZone: Type.String(),
  items: Type.Array(
    Exact({
      date: Type.String({ format: 'date' }),
      working: Type.Boolean(),
      hours: Type.Array(TimeRangeOut),
      reason: lit('override', 'statutory_holiday', 'makeup_workday', 'weekly'),
      name: Type.Optional(Type.String()),
    }),
  ),
});
