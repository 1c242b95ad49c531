import { Type, type Static } from 'typebox';
import { Id } from '../../platform/http/schemas.js';
import type { RedactionKind } from './anonymise.types.js';

const Kind = Type.Union([
  Type.Literal('name'), Type.Literal('phone'), Type.Literal('id_number'), Type.Literal('passport'),
  Type.Literal('email'), Type.Literal('plate'), Type.Literal('bank_card'), Type.Literal('address'),
]);
/** The same kinds as REDACTION_KINDS (a compile-time check). */
export type KindsAgree = [RedactionKind] extends [Static<typeof Kind>] ? ([Static<typeof Kind>] extends [RedactionKind] ? true : never) : never;
/** Which text a redaction is in: subject, description, location, reply:<n>, timeline:<n>. */
const Field = Type.String({ pattern: '^(subject|description|location|reply:\\d{1,3}|timeline:\\d{1,3})$' });

export const RedactionOut = Type.Object({ field: Field, kind: Kind, start: Type.Integer(), end: Type.Integer(), text: Type.String(), replacement: Type.String() });
const TimelineStep = Type.Object({ day: Type.Integer(), kind: Type.String(), action: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]), body: Type.Union([Type.String(), Type.Null()]) });
export const CaseContent = Type.Object({
  subject: Type.String(),
  description: Type.String(),
  location: Type.Union([Type.String(), Type.Null()]),
  replies: Type.Array(Type.String()),
  timeline: Type.Array(TimelineStep),
});
export type CaseContent = Static<typeof CaseContent>;

export const PreviewParams = Type.Object({ complaintId: Id });
export const PreviewOut = Type.Object({
  complaintId: Type.String(),
  language: Type.Union([Type.Literal('zh'), Type.Literal('en')]),
  categoryId: Type.Union([Type.String(), Type.Null()]),
  level: Type.Integer(),
  /** The source texts (original), and the same with every found redaction applied. */
  original: CaseContent,
  redacted: CaseContent,
  redactions: Type.Array(RedactionOut),
});

const Tag = Type.String({ minLength: 1, maxLength: 40 });
export const CreateCaseBody = Type.Object(
  {
    complaintId: Id,
    titleZh: Type.String({ minLength: 1, maxLength: 200 }),
    titleEn: Type.String({ minLength: 1, maxLength: 200 }),
    tags: Type.Array(Tag, { maxItems: 20 }),
    lessons: Type.String({ maxLength: 10_000 }),
    /** The approved redactions: the preview's list with some un-ticked (left out) or added. */
    redactions: Type.Array(Type.Object({ field: Field, kind: Kind, start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), { maxItems: 2000 }),
  },
  { additionalProperties: false },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

export const CaseOut = Type.Object({
  id: Type.String(),
  language: Type.String(),
  titleZh: Type.String(),
  titleEn: Type.String(),
  categoryId: Type.Union([Type.String(), Type.Null()]),
  level: Type.Integer(),
  tags: Type.Array(Type.String()),
  lessons: Type.String(),
  content: CaseContent,
  redactionCount: Type.Integer(),
  /** The source complaint, only for those who may see it. */
  sourceComplaintId: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.Integer(),
});
export const CaseSummary = Type.Omit(CaseOut, ['content', 'lessons']);
export const CaseParams = Type.Object({ id: Id });
export const CaseListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    categoryId: Type.Optional(Id),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;
export const CaseListOut = Type.Object({ items: Type.Array(CaseSummary) });
export const TagListOut = Type.Object({ items: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer() })) });
