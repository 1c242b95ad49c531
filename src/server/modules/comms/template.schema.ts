import { Type } from 'typebox';
import { Id } from '../../platform/http/schemas.js';

// Bilingual reply and note templates for the composer. Bodies may hold placeholders the web app
// fills from the complaint ({{trackingNo}}, {{subject}}, {{dueAt}}); the server stores them as text.

export const TemplateKind = Type.Union([Type.Literal('reply'), Type.Literal('note')]);
export type TemplateKind = 'reply' | 'note';

export const TemplateBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    kind: TemplateKind,
    bodyZh: Type.String({ minLength: 1, maxLength: 10_000 }),
    bodyEn: Type.String({ minLength: 1, maxLength: 10_000 }),
    categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export const TemplatePatch = Type.Partial(Type.Object({ ...TemplateBody.properties, active: Type.Boolean() }), { additionalProperties: false, minProperties: 1 });
export const TemplateIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const TemplateListQuery = Type.Object({ all: Type.Optional(Type.Boolean()) });

/** One template as the routes present it. */
export const TemplateOut = Type.Object(
  {
    id: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    kind: TemplateKind,
    bodyZh: Type.String(),
    bodyEn: Type.String(),
    categoryId: Type.Union([Type.String(), Type.Null()], { description: 'null: offered for every category' }),
    active: Type.Boolean(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const TemplateList = Type.Object({ items: Type.Array(TemplateOut) }, { additionalProperties: false });
