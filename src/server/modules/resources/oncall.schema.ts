// TypeBox schemas of on-call schedules (值班): requests and response shapes.
import { Type, type Static } from 'typebox';
import { Id } from '../../platform/http/schemas.js';
import { PERIODS } from './rotation.js';

const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RoleKey = Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$', description: 'An incident role key (incident_commander, pr_officer, …) or an app role' });
const Period = literalUnion(PERIODS);
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local handoff time, HH:MM' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Local day of the first shift, YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time' });

const fields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  roleKey: RoleKey,
  departmentId: Type.Optional(Nullable(Id)),
  participants: Type.Array(Id, { minItems: 1, maxItems: 100, description: 'User ids in rotation order' }),
  period: Period,
  handoffTime: Clock,
  startsOn: Day,
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone; default Asia/Shanghai' })),
};

export const CreateScheduleBody = Type.Object(fields, { additionalProperties: false });
export type CreateScheduleBody = Static<typeof CreateScheduleBody>;
export const UpdateScheduleBody = Type.Partial(Type.Object({ ...fields, active: Type.Boolean() }), { additionalProperties: false, minProperties: 1 });
export type UpdateScheduleBody = Static<typeof UpdateScheduleBody>;

export const OverrideBody = Type.Object(
  { userId: Id, startsAt: Instant, endsAt: Instant, reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type OverrideBody = Static<typeof OverrideBody>;

export const ScheduleListQuery = Type.Object({ roleKey: Type.Optional(RoleKey), departmentId: Type.Optional(Id) }, { additionalProperties: false });
export const OnCallQuery = Type.Object(
  { roleKey: RoleKey, departmentId: Type.Optional(Id), at: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })) },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Id });
export const OverrideParams = Type.Object({ id: Id, overrideId: Id });

const UserRef = Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false });
const ShiftOut = Type.Object({ user: UserRef, startsAt: Instant, endsAt: Instant }, { additionalProperties: false });
const OverrideOut = Type.Object({ id: Type.String(), user: UserRef, startsAt: Instant, endsAt: Instant, reason: Nullable(Type.String()) }, { additionalProperties: false });

export const ScheduleOut = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    roleKey: Type.String(),
    departmentId: Nullable(Type.String()),
    participants: Type.Array(UserRef),
    period: Period,
    handoffTime: Type.String(),
    startsOn: Type.String(),
    timezone: Type.String(),
    active: Type.Boolean(),
    onCall: Nullable(Type.Object({ user: UserRef, viaOverride: Type.Boolean() }, { additionalProperties: false })),
    upcoming: Type.Array(ShiftOut, { description: 'The current and next rotation shifts (overrides not applied)' }),
    overrides: Type.Array(OverrideOut, { description: 'Overrides not yet ended' }),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { additionalProperties: false },
);
export type ScheduleOut = Static<typeof ScheduleOut>;
export const ScheduleList = Type.Object({ items: Type.Array(ScheduleOut) }, { additionalProperties: false });

export const OnCallOut = Type.Object(
  {
    at: Instant,
    roleKey: Type.String(),
    items: Type.Array(Type.Object({ user: UserRef, scheduleId: Type.String(), scheduleName: Type.String(), departmentId: Nullable(Type.String()), viaOverride: Type.Boolean() }, { additionalProperties: false }), {
      description: 'In fallback order: the department’s schedules, then organisation-wide ones',
    }),
  },
  { additionalProperties: false },
);
