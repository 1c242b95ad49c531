/** Request and response schemas of the sentiment routes (TypeBox; also the OpenAPI source). */
import { Type, type Static } from 'typebox';
import { Id } from '../../platform/http/schemas.js';

/** Non-blank text up to 20,000 characters (a post, a review, an article's paragraph). */
const SentimentText = Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S' });
const Label = Type.Union([Type.Literal('positive'), Type.Literal('neutral'), Type.Literal('negative')]);
const Language = Type.Union([Type.Literal('zh'), Type.Literal('en')]);

export const SentimentPreviewBody = Type.Object(
  {
    text: SentimentText,
    /** The neutral band for this answer (default 0.4–0.6); `null`: binary. */
    band: Type.Optional(Type.Union([Type.Object({ low: Type.Number({ minimum: 0, maximum: 1 }), high: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type SentimentPreviewBody = Static<typeof SentimentPreviewBody>;

export const SentimentCorrectionBody = Type.Object(
  {
    text: SentimentText,
    label: Label,
    /** The mention the text came from, when there is one. */
    mentionId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type SentimentCorrectionBody = Static<typeof SentimentCorrectionBody>;

export const SentimentPreviewOut = Type.Object(
  {
    label: Label,
    pNegative: Type.Number({ minimum: 0, maximum: 1 }),
    language: Language,
    modelVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'The stored model version; null: the shipped model' }),
  },
  { additionalProperties: false },
);

export const SentimentCorrectionOut = Type.Object(
  {
    id: Type.String(),
    label: Label,
    language: Language,
    /** What the model said before the correction, and says now in this instance. */
    before: SentimentPreviewOut,
    after: SentimentPreviewOut,
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
