/** Request and response schemas of the mention routes and the signed push endpoint (TypeBox). */
import { Type } from 'typebox';
import { Id } from '../../platform/http/schemas.js';

const Label = Type.Union([Type.Literal('positive'), Type.Literal('neutral'), Type.Literal('negative')]);
// The columns are 32-bit integers on PostgreSQL (no post has two billion reposts); larger is a 400, not a 500.
const Count = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const MAX_PUSH_BATCH = 1000;

export const MentionIn = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    guid: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    author: Type.Optional(Type.String({ maxLength: 200 })),
    publishedAt: Type.Optional(Type.String({ format: 'date-time' })),
    title: Type.Optional(Type.String({ maxLength: 500 })),
    text: Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S' }),
    language: Type.Optional(Type.String({ minLength: 2, maxLength: 16, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' })),
    metrics: Type.Optional(Type.Object({ reposts: Type.Optional(Count), comments: Type.Optional(Count), likes: Type.Optional(Count) }, { additionalProperties: false })),
    repostOf: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'URL of the post this one reposts, when the gateway knows it' })),
  },
  { additionalProperties: false },
);
export const PushBody = Type.Object({ mentions: Type.Array(MentionIn, { minItems: 1, maxItems: MAX_PUSH_BATCH }) }, { additionalProperties: false });
export const ManualBody = MentionIn;

const Outcome = Type.Object(
  {
    index: Type.Integer(),
    status: Type.Union([Type.Literal('created'), Type.Literal('duplicate')]),
    mentionId: Nullable(Type.String()),
    reason: Type.Optional(Type.Union([Type.Literal('url'), Type.Literal('guid')])),
    duplicateOf: Type.Optional(Nullable(Type.String())),
    originalId: Type.Optional(Nullable(Type.String())),
    watchlistIds: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export const PushOut = Type.Object({ created: Type.Integer(), duplicates: Type.Integer(), results: Type.Array(Outcome) }, { additionalProperties: false });

export const MentionOut = Type.Object(
  {
    id: Type.String(),
    sourceId: Nullable(Type.String()),
    sourceKind: Type.Union([Type.Literal('feed'), Type.Literal('push'), Type.Literal('manual')]),
    url: Nullable(Type.String()),
    guid: Nullable(Type.String()),
    author: Nullable(Type.String()),
    publishedAt: Type.String({ format: 'date-time' }),
    title: Nullable(Type.String()),
    text: Type.String(),
    language: Type.String(),
    metrics: Type.Object({ reposts: Nullable(Type.Integer()), comments: Nullable(Type.Integer()), likes: Nullable(Type.Integer()) }, { additionalProperties: false }),
    sentiment: Type.Object({ label: Label, pNegative: Type.Number({ minimum: 0, maximum: 1 }), modelVersion: Nullable(Type.Integer()) }, { additionalProperties: false }),
    isRepost: Type.Boolean(),
    originalId: Nullable(Type.String()),
    duplicateOf: Nullable(Type.String()),
    watchlistIds: Type.Array(Type.String()),
    dismissed: Nullable(Type.Object({ reason: Type.String(), by: Nullable(Type.String()), at: Type.String({ format: 'date-time' }) }, { additionalProperties: false })),
    createdAt: Type.String({ format: 'date-time' }),
    repostCount: Type.Optional(Type.Integer()),
    duplicateCount: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export const MentionListQuery = Type.Object(
  {
    watchlistId: Type.Optional(Id),
    sentiment: Type.Optional(Label),
    sourceId: Type.Optional(Id),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    dismissed: Type.Optional(Type.Boolean()),
    includeDuplicates: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export const MentionListOut = Type.Object({ items: Type.Array(MentionOut), nextCursor: Nullable(Type.String()) }, { additionalProperties: false });
export const DismissBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false });
