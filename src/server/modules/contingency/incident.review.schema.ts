// Request and response schemas of the review (复盘) routes (TypeBox; exact objects, the shapes
// incident.review.queries.ts returns).
import { Type, type TSchema } from 'typebox';
import { Id } from '../../platform/http/schemas.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
const Person = Nullable(Exact({ id: Type.String(), name: Type.String() }));
const lit = <T extends string>(...values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Minutes = (description: string) => Nullable(Type.Integer({ minimum: 0, description }));
const ActionType = lit('revise_plan', 'training', 'process', 'other');

export const ActionParams = Type.Object({ id: Id, actionId: Id }, { additionalProperties: false });
export const ReviewBody = Type.Object({ findings: Type.Optional(Type.String({ maxLength: 20_000 })) }, { additionalProperties: false });
export const ActionBody = Type.Object(
  {
    type: ActionType,
    title: Type.String({ minLength: 1, maxLength: 500 }),
    ownerId: Id,
    dueAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const ActionDoneBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

export const MetricsOut = Exact(
  {
    timeToAcknowledgeMinutes: Minutes('activation → the first task started or done (or a role taken by hand)'),
    timeToFirstContactMinutes: Minutes('activation → the first-contact step done, or the first call/reply on a linked complaint'),
    timeToContainmentMinutes: Minutes('activation → status stable'),
    timeToResolutionMinutes: Minutes('activation → status resolved'),
    tasksOnTime: Type.Integer(),
    tasksTotal: Type.Integer({ description: 'tasks not cancelled' }),
    sitrepsOnTime: Type.Integer(),
    sitrepsTotal: Type.Integer(),
  },
  'Computed from the incident’s timeline and tasks (frozen when the review is completed)',
);

export const ActionOut = Exact({
  id: Type.String(),
  type: ActionType,
  title: Type.String(),
  owner: Person,
  dueAt: Instant,
  status: lit('open', 'done'),
  overdue: Type.Boolean(),
  planVersion: Nullable(Exact({ id: Type.String(), version: Type.Integer(), status: Type.String() }, 'revise_plan: the draft version it opened or joined')),
  createdAt: Instant,
  doneAt: Nullable(Instant),
  doneBy: Person,
});

export const ReviewOut = Exact({
  incidentId: Type.String(),
  status: lit('none', 'draft', 'completed'),
  findings: Nullable(Type.String()),
  metrics: MetricsOut,
  createdAt: Nullable(Instant),
  updatedAt: Nullable(Instant),
  completedAt: Nullable(Instant),
  completedBy: Person,
  actions: Type.Array(ActionOut),
});
