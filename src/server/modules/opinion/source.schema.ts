/** Request and response schemas of the opinion source routes (TypeBox; also the OpenAPI source). */
import { Type } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Url = Type.String({ minLength: 1, maxLength: 2000 });
const Interval = Type.Integer({ minimum: 60, maximum: 86_400, description: 'Seconds between polls (feeds)' });
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const SourceCreateBody = Type.Object(
  { name: Name, kind: Type.Union([Type.Literal('feed'), Type.Literal('push')]), url: Type.Optional(Url), intervalSeconds: Type.Optional(Interval), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const SourcePatchBody = Type.Object(
  { name: Type.Optional(Name), url: Type.Optional(Url), intervalSeconds: Type.Optional(Interval), enabled: Type.Optional(Type.Boolean()), rotateSecret: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const SourceOut = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.Union([Type.Literal('feed'), Type.Literal('push')]),
    url: Type.Union([Type.String(), Type.Null()]),
    intervalSeconds: Type.Integer(),
    enabled: Type.Boolean(),
    itemsTotal: Type.Integer(),
    health: Type.Object(
      {
        status: Type.Union([Type.Literal('ok'), Type.Literal('failing'), Type.Literal('pending'), Type.Literal('idle'), Type.Literal('disabled')]),
        lastPolledAt: Time,
        lastOkAt: Time,
        lastError: Type.Union([Type.String(), Type.Null()]),
        lastErrorAt: Time,
        consecutiveFailures: Type.Integer(),
        nextPollAt: Time,
      },
      { additionalProperties: false },
    ),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    /** A push source's signing secret: only in the answer that creates or rotates it. */
    secret: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const SourceListOut = Type.Object({ items: Type.Array(SourceOut) }, { additionalProperties: false });
