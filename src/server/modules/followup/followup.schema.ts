// Request and response schemas of the staff follow-up routes and of the survey in a complaint's detail.
import { Type, type Static, type TSchema } from 'typebox';
import type { Selectable } from 'kysely';
import type { ComplaintSurveyTable } from '../../platform/db/schema.js';
import { literalUnion } from '../complaints/complaint.schema.js';
import { FOLLOW_UP_RESULTS, type FollowUpResult } from './followup.policy.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const FollowUpResultSchema = literalUnion(FOLLOW_UP_RESULTS);

export const PhoneResultBody = Type.Object(
  {
    result: FollowUpResultSchema,
    resolved: Type.Optional(Type.Boolean({ description: 'Did the complainant say the problem is solved?' })),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type PhoneResultBody = Static<typeof PhoneResultBody>;

export const SurveyOut = Type.Object(
  {
    id: Type.String(),
    cycle: Type.Integer({ minimum: 0, description: 'Reopens before the survey: one survey per handling cycle' }),
    status: literalUnion(['open', 'answered'] as const),
    language: Type.String(),
    source: Nullable(literalUnion(['web', 'phone'] as const)),
    satisfaction: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
    resolved: Nullable(Type.Boolean()),
    comment: Nullable(Type.String()),
    result: Nullable(FollowUpResultSchema),
    reopened: Type.Boolean({ description: 'The answer reopened the complaint (重办)' }),
    recordedBy: Nullable(Type.String({ description: 'Staff who recorded a phone result' })),
    openedAt: Instant,
    answeredAt: Nullable(Instant),
  },
  { additionalProperties: false, description: 'A follow-up survey (回访)' },
);
export const SurveyListOut = Type.Object({ items: Type.Array(SurveyOut) }, { additionalProperties: false });
export const PhoneResultOut = Type.Object({ survey: SurveyOut }, { additionalProperties: false });

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function presentSurvey(s: Selectable<ComplaintSurveyTable>): Static<typeof SurveyOut> {
  return {
    id: s.id,
    cycle: Number(s.cycle),
    status: s.status as 'open' | 'answered',
    language: s.language,
    source: s.source as 'web' | 'phone' | null,
    satisfaction: s.satisfaction === null ? null : Number(s.satisfaction),
    resolved: s.resolved === null ? null : !!Number(s.resolved),
    comment: s.comment,
    result: s.result as FollowUpResult | null,
    reopened: !!Number(s.reopened),
    recordedBy: s.recorded_by,
    openedAt: iso(Number(s.opened_at))!,
    answeredAt: iso(s.answered_at === null ? null : Number(s.answered_at)),
  };
}
