import { Type, type Static } from 'typebox';
import { CHANNELS, COMPLAINT_ACTIONS, STATUSES } from '../../../shared/enums.js';
import { Id } from '../../platform/http/schemas.js';
import { MessageLanguageSchema, PreferredChannelSchema } from '../messaging/messaging.schema.js';

/** An enum as a union of literals (OpenAPI: anyOf const), typed as the TS union. */
export const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const ChannelSchema = literalUnion(CHANNELS);
export const StatusSchema = literalUnion(STATUSES);
export const ActionSchema = literalUnion(COMPLAINT_ACTIONS);
export const LevelSchema = Type.Integer({ minimum: 1, maximum: 4, description: '1 = Ⅰ 特别重大 … 4 = Ⅳ 一般' });

export const FlagsSchema = Type.Object(
  {
    personalSafety: Type.Optional(Type.Boolean()),
    propertyLoss: Type.Optional(Type.Boolean()),
    mediaAttention: Type.Optional(Type.Boolean()),
    vulnerableGroup: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ComplainantInput = Type.Object(
  {
    name: Type.Optional(Text(100)),
    phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+()\\- ]*$' })),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 200, format: 'email' }), Type.Literal('')])),
    idNumber: Type.Optional(Text(40)),
    address: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);

export const CreateComplaintBody = Type.Object(
  {
    subject: Text(200, 1),
    description: Text(20_000, 1),
    channel: ChannelSchema,
    complainant: Type.Optional(ComplainantInput),
    location: Type.Optional(
      Type.Object(
        {
          text: Type.Optional(Text(300)),
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        },
        { additionalProperties: false },
      ),
    ),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    categoryId: Type.Optional(Id),
    level: Type.Optional(LevelSchema),
    departmentId: Type.Optional(Id),
    flags: Type.Optional(FlagsSchema),
    /** How replies reach the complainant; default from the contact left (a caller: sms, an email: email, else the portal). */
    preferredChannel: Type.Optional(PreferredChannelSchema),
    /** Default: the language of the subject and description. */
    preferredLanguage: Type.Optional(MessageLanguageSchema),
  },
  { additionalProperties: false },
);
export type CreateComplaintBody = Static<typeof CreateComplaintBody>;

export const UpdateComplaintBody = Type.Object(
  {
    subject: Type.Optional(Text(200, 1)),
    description: Type.Optional(Text(20_000, 1)),
    categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
    level: Type.Optional(LevelSchema),
    flags: Type.Optional(FlagsSchema),
    location: Type.Optional(Type.Object({ text: Type.Optional(Text(300)), lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })) }, { additionalProperties: false })),
    reason: Type.Optional(Text(1000)),
    preferredChannel: Type.Optional(PreferredChannelSchema),
    preferredLanguage: Type.Optional(MessageLanguageSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateComplaintBody = Static<typeof UpdateComplaintBody>;

export const ActionBody = Type.Object(
  {
    action: ActionSchema,
    reason: Type.Optional(Text(2000)),
    /** assign: department (and optionally owner). */
    departmentId: Type.Optional(Id),
    ownerId: Type.Optional(Id),
    /** reply: the message to the complainant. */
    message: Type.Optional(Text(20_000)),
    /** merge: the complaint this one is merged into. */
    targetId: Type.Optional(Id),
    /** optimistic concurrency: the version the client saw. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;

export const NoteBody = Type.Object(
  { body: Text(20_000, 1), visibility: Type.Optional(literalUnion(['internal', 'public'] as const)) },
  { additionalProperties: false },
);
export type NoteBody = Static<typeof NoteBody>;

export const PlanBody = Type.Object(
  {
    findings: Text(20_000, 1),
    measures: Text(20_000, 1),
    compensationAmount: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1e12, deprecated: true, description: 'Deprecated (one release): yuan; a positive amount becomes a proposed compensation decision (fen), decided on its own within approval limits. Use POST /complaints/{id}/compensations.' }),
    ),
    compensationKind: Type.Optional(Type.String({ maxLength: 100, deprecated: true, description: 'Deprecated: free text; becomes the decision’s reason, its kind read from it (退款 → refund, 维修 → repair, …)' })),
  },
  { additionalProperties: false },
);
export type PlanBody = Static<typeof PlanBody>;

export const PlanDecisionBody = Type.Object(
  { decision: literalUnion(['approve', 'return'] as const), comment: Type.Optional(Text(5000)) },
  { additionalProperties: false },
);
export type PlanDecisionBody = Static<typeof PlanDecisionBody>;

export const RevealBody = Type.Object({ reason: Text(500, 4) }, { additionalProperties: false });

export const CALL_OUTCOMES = ['reached', 'no_answer', 'busy', 'unreachable'] as const;
/** A call to or from the complainant: outcome, how long it took, and what was said. */
export const CallBody = Type.Object(
  {
    outcome: literalUnion(CALL_OUTCOMES),
    durationSec: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);
export type CallBody = Static<typeof CallBody>;

const csv = (desc: string) => Type.Optional(Type.String({ maxLength: 500, description: `${desc} (comma-separated for several)` }));
export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: csv('status'),
    level: csv('level 1–4'),
    categoryId: csv('category id'),
    departmentId: csv('department id'),
    ownerId: Type.Optional(Type.String({ maxLength: 64, description: 'owner id, or "me", or "none"' })),
    channel: csv('channel'),
    createdFrom: Type.Optional(Type.String({ format: 'date-time' })),
    createdTo: Type.Optional(Type.String({ format: 'date-time' })),
    slaStatus: Type.Optional(Type.Union([Type.Literal('warning'), Type.Literal('breached')], { description: 'an open deadline in warning or breached' })),
    dueBefore: Type.Optional(Type.String({ format: 'date-time', description: 'a running deadline due before this instant' })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export type IdParams = Static<typeof IdParams>;

