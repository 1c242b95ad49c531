// Request and response schemas of the public portal routes (/api/v1/portal/…).
import { Type, type Static, type TSchema } from 'typebox';
import { StatusSchema, literalUnion } from '../complaints/complaint.schema.js';
import { Id } from '../../platform/http/schemas.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const LanguageSchema = literalUnion(['zh-CN', 'en'] as const);
export const TrackingNo = Type.String({ minLength: 1, maxLength: 40, description: 'The tracking number given at submission (TSyyyymmdd-nnnnnn)' });
export const AccessCode = Type.String({ minLength: 1, maxLength: 40, description: 'The access code given at submission (case and spaces ignored)' });
const Altcha = Type.String({ minLength: 1, maxLength: 2000, description: 'The solved proof-of-work challenge: base64 of JSON {algorithm, challenge, number, salt, signature} (ALTCHA format)' });

export const CategoryListOut = Exact({
  items: Type.Array(Exact({ id: Type.String(), parentId: Nullable(Type.String()), code: Type.String(), nameZh: Type.String(), nameEn: Type.String() })),
});

export const ChallengeOut = Exact(
  {
    algorithm: Type.Literal('SHA-256'),
    challenge: Type.String({ description: 'hex SHA-256 of salt + the secret number' }),
    maxnumber: Type.Integer({ minimum: 1, description: 'the secret number is at most this' }),
    salt: Type.String({ description: 'random, with ?expires=<unix seconds>' }),
    signature: Type.String({ description: 'hex HMAC-SHA256 of the challenge (server key)' }),
    expiresAt: Instant,
  },
  'An ALTCHA-style proof-of-work challenge: find n ≤ maxnumber with SHA-256(salt + n) = challenge',
);

export const SubmitBody = Type.Object(
  {
    categoryId: Type.Optional(Id),
    subject: Type.Optional(Text(200, 1)),
    description: Text(5000, 1),
    place: Type.Optional(
      Type.Object(
        { text: Type.Optional(Text(300)), lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })) },
        { additionalProperties: false },
      ),
    ),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Text(100)),
          phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+()\\- ]*$' })),
          email: Type.Optional(Type.Union([Type.String({ maxLength: 200, format: 'email' }), Type.Literal('')])),
        },
        { additionalProperties: false },
      ),
    ),
    consent: Type.Boolean({ description: 'The privacy notice was accepted; false is refused (consent_required)' }),
    language: Type.Optional(LanguageSchema),
    altcha: Altcha,
  },
  { additionalProperties: false },
);
export type SubmitBody = Static<typeof SubmitBody>;

export const SubmittedOut = Exact({
  trackingNo: Type.String(),
  accessCode: Type.String({ description: 'Keep it: with the tracking number it opens the complaint on the portal' }),
  status: StatusSchema,
  createdAt: Instant,
});

export const TrackBody = Type.Object({ trackingNo: TrackingNo, accessCode: AccessCode }, { additionalProperties: false });
export type TrackBody = Static<typeof TrackBody>;

export const InfoBody = Type.Object({ trackingNo: TrackingNo, accessCode: AccessCode, text: Text(5000, 1) }, { additionalProperties: false });
export type InfoBody = Static<typeof InfoBody>;

export const SurveyAnswer = {
  satisfaction: Type.Integer({ minimum: 1, maximum: 5, description: '5 very satisfied … 1 very dissatisfied' }),
  resolved: Type.Boolean({ description: 'Was the problem solved?' }),
  comment: Type.Optional(Text(2000)),
};
export const SurveyByCodeBody = Type.Object({ trackingNo: TrackingNo, accessCode: AccessCode, ...SurveyAnswer }, { additionalProperties: false });
export type SurveyByCodeBody = Static<typeof SurveyByCodeBody>;
export const SurveyBody = Type.Object(SurveyAnswer, { additionalProperties: false });
export type SurveyBody = Static<typeof SurveyBody>;
export const SurveyTokenParams = Type.Object({ token: Type.String({ minLength: 16, maxLength: 100 }) });

const Names = Exact({ nameZh: Type.String(), nameEn: Type.String() });
export const FollowUpResultSchema = literalUnion(['satisfied', 'basically', 'dissatisfied'] as const);

export const PublicSurveyOut = Exact(
  {
    status: literalUnion(['open', 'answered'] as const),
    language: LanguageSchema,
    openedAt: Instant,
    answeredAt: Nullable(Instant),
    result: Nullable(FollowUpResultSchema),
  },
  'The latest follow-up survey, if any',
);

export const TrackOut = Exact({
  trackingNo: Type.String(),
  status: StatusSchema,
  subject: Type.String(),
  description: Type.String(),
  place: Nullable(Type.String()),
  category: Nullable(Names),
  department: Nullable(Names),
  contact: Exact({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()) }, 'masked'),
  createdAt: Instant,
  updatedAt: Instant,
  timeline: Type.Array(
    Exact({
      id: Type.String(),
      kind: Type.String({ description: 'created, status_changed, reply, note (public), info_added, attachment, survey_answered' }),
      status: Nullable(StatusSchema),
      body: Nullable(Type.String()),
      by: Nullable(Names),
      createdAt: Instant,
    }),
    { description: 'Public entries only, oldest first; staff are named by their department only' },
  ),
  survey: Nullable(PublicSurveyOut),
});

export const SurveyViewOut = Exact({
  trackingNo: Type.String(),
  status: StatusSchema,
  survey: PublicSurveyOut,
});

export const SurveyAnsweredOut = Exact({
  result: FollowUpResultSchema,
  reopened: Type.Boolean({ description: 'The answer reopened the complaint (重办) under the follow-up policy' }),
});

export const PortalAttachmentOut = Exact({ id: Type.String(), filename: Type.String(), size: Type.Integer({ minimum: 0 }), createdAt: Instant });
