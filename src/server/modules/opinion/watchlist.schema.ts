/** Request and response schemas of the watchlist routes (TypeBox; also the OpenAPI source). */
import { Type } from 'typebox';
import { MentionOut } from './mention.schema.js';

const Word = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });
const Words = Type.Array(Word, { maxItems: 200 });
const Fields = Type.Union([Type.Literal('title'), Type.Literal('text'), Type.Literal('both')]);

export const Definition = Type.Object(
  {
    subjects: Type.Optional(Words),
    people: Type.Optional(Words),
    events: Type.Optional(Words),
    regions: Type.Optional(Words),
    exclude: Type.Optional(Words),
    groups: Type.Optional(Type.Array(Type.Object({ op: Type.Union([Type.Literal('and'), Type.Literal('or'), Type.Literal('not')]), words: Words }, { additionalProperties: false }), { maxItems: 20 })),
    fields: Type.Optional(Fields),
  },
  { additionalProperties: false },
);
const DefinitionOut = Type.Object(
  {
    subjects: Type.Array(Type.String()),
    people: Type.Array(Type.String()),
    events: Type.Array(Type.String()),
    regions: Type.Array(Type.String()),
    exclude: Type.Array(Type.String()),
    groups: Type.Array(Type.Object({ op: Type.Union([Type.Literal('and'), Type.Literal('or'), Type.Literal('not')]), words: Type.Array(Type.String()) }, { additionalProperties: false })),
    fields: Fields,
  },
  { additionalProperties: false },
);
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const WatchlistCreateBody = Type.Object({ name: Name, enabled: Type.Optional(Type.Boolean()), definition: Definition }, { additionalProperties: false });
export const WatchlistPatchBody = Type.Object({ name: Type.Optional(Name), enabled: Type.Optional(Type.Boolean()), definition: Type.Optional(Definition) }, { additionalProperties: false, minProperties: 1 });
export const WatchlistPreviewBody = Type.Object({ definition: Definition, sample: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })) }, { additionalProperties: false });

export const WatchlistOut = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    enabled: Type.Boolean(),
    revision: Type.Integer(),
    definition: DefinitionOut,
    matches7d: Type.Optional(Type.Integer({ description: 'Stored matches published in the last 7 days' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const WatchlistListOut = Type.Object({ items: Type.Array(WatchlistOut) }, { additionalProperties: false });
export const WatchlistPreviewOut = Type.Object(
  { count: Type.Integer({ description: 'Mentions of the last 7 days the definition matches' }), scanned: Type.Integer(), sample: Type.Array(MentionOut) },
  { additionalProperties: false },
);
