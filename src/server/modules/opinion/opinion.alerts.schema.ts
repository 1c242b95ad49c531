/** Request and response schemas of the alert, heat and mention-action routes (TypeBox). */
import { Type } from 'typebox';
import { Id } from '../../platform/http/schemas.js';
import { MentionOut } from './mention.schema.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });
const Color = Type.Union([Type.Literal('none'), Type.Literal('blue'), Type.Literal('yellow'), Type.Literal('orange'), Type.Literal('red')]);
const Note = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });

export const AlertOut = Type.Object(
  {
    id: Type.String(),
    watchlistId: Type.String(),
    watchlistName: Nullable(Type.String()),
    level: Type.Integer({ minimum: 0, maximum: 4, description: '0 closed, 1 蓝 blue, 2 黄 yellow, 3 橙 orange, 4 红 red' }),
    color: Color,
    peakLevel: Type.Integer({ minimum: 1, maximum: 4 }),
    peakColor: Color,
    status: Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('closed')]),
    windowStart: Time,
    openedAt: Time,
    raisedAt: Nullable(Time),
    loweredAt: Nullable(Time),
    closedAt: Nullable(Time),
    peakScore: Type.Number(),
    peakVolume: Type.Integer(),
    quiet: Type.Boolean({ description: 'Opened in quiet hours: recorded, nobody notified' }),
    history: Type.Array(Type.Object({ at: Time, window: Time, level: Type.Integer(), color: Color, score: Type.Number(), volume: Type.Integer(), negative: Type.Integer() }, { additionalProperties: false })),
    mentionIds: Type.Array(Type.String()),
    clusters: Type.Array(Type.Object({ rootId: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
    acknowledged: Nullable(Type.Object({ by: Type.String(), at: Time, note: Nullable(Type.String()) }, { additionalProperties: false })),
    closed: Nullable(Type.Object({ by: Nullable(Type.String()), at: Time, note: Nullable(Type.String()) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const AlertDetailOut = Type.Object(
  { alert: AlertOut, mentions: Type.Array(MentionOut), clusters: Type.Array(Type.Object({ rootId: Type.String(), count: Type.Integer(), root: Nullable(MentionOut) }, { additionalProperties: false })) },
  { additionalProperties: false },
);

export const AlertListQuery = Type.Object(
  {
    watchlistId: Type.Optional(Id),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('closed'), Type.Literal('active')], { description: 'active: open or acknowledged' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export const AlertListOut = Type.Object({ items: Type.Array(AlertOut), nextCursor: Nullable(Type.String()) }, { additionalProperties: false });
export const AckBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export const CloseBody = Type.Object({ note: Note }, { additionalProperties: false });

export const HeatQuery = Type.Object(
  { granularity: Type.Optional(Type.Union([Type.Literal('5m'), Type.Literal('1h')])), from: Type.Optional(Time), to: Type.Optional(Time) },
  { additionalProperties: false },
);
export const HeatOut = Type.Object(
  {
    watchlistId: Type.String(),
    granularity: Type.Union([Type.Literal('5m'), Type.Literal('1h')]),
    formula: Type.String(),
    points: Type.Array(Type.Object({ start: Time, volume: Type.Integer(), negative: Type.Integer(), negativeShare: Type.Number(), reach: Type.Integer(), heat: Type.Number() }, { additionalProperties: false })),
    alerts: Type.Array(Type.Object({ id: Type.String(), windowStart: Time, peakLevel: Type.Integer(), status: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export const RebuildOut = Type.Object({ watchlistId: Type.String(), mentions: Type.Integer() }, { additionalProperties: false });

export const LinkOut = Type.Object(
  {
    id: Type.String(),
    mentionId: Type.String(),
    targetType: Type.Union([Type.Literal('complaint'), Type.Literal('incident')]),
    targetId: Type.String(),
    relation: Type.Union([Type.Literal('promoted'), Type.Literal('attached')]),
    authorHandle: Nullable(Type.String()),
    createdBy: Nullable(Type.String()),
    createdAt: Time,
  },
  { additionalProperties: false },
);
export const PromoteBody = Type.Object(
  {
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S' })),
    categoryId: Type.Optional(Id),
    departmentId: Type.Optional(Id),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  },
  { additionalProperties: false },
);
export const PromoteOut = Type.Object({ complaint: Type.Object({ id: Type.String(), trackingNo: Type.String() }, { additionalProperties: false }), link: LinkOut }, { additionalProperties: false });
export const AttachBody = Type.Object({ complaintId: Type.Optional(Id), incidentId: Type.Optional(Id) }, { additionalProperties: false });
export const LinkListOut = Type.Object({ items: Type.Array(LinkOut) }, { additionalProperties: false });
export const ConversationOut = Type.Object({ items: Type.Array(Type.Object({ link: LinkOut, mention: MentionOut }, { additionalProperties: false })) }, { additionalProperties: false });
