import { Type, type Static, type TSchema } from 'typebox';
import { Bilingual, PLAN_STATUSES, PlanContent } from '../../../shared/contingency.js';
import { Id } from '../../platform/http/schemas.js';

/** Request and response schemas of the emergency-plan routes (also the OpenAPI source). */

const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Obj = <P extends Record<string, TSchema>>(props: P) => Type.Object(props, { additionalProperties: false });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });
const ChangeNote = Type.String({ minLength: 1, maxLength: 2000 });
export const PlanKey = Type.String({ pattern: '^[a-z][a-z0-9_]{1,59}$', description: 'a stable machine key, e.g. canteen_food_safety' });

export const PlanParams = Obj({ planId: Id });
export const VersionParams = Obj({ planId: Id, version: Type.Integer({ minimum: 1, maximum: 100_000 }) });
export const CategoryParams = Obj({ categoryId: Id });
export const LangQuery = Obj({ lang: Type.Optional(literalUnion(['zh-CN', 'en'] as const)) });
export const CompareQuery = Obj({ from: Type.Integer({ minimum: 1, maximum: 100_000 }), to: Type.Integer({ minimum: 1, maximum: 100_000 }) });

export const CreatePlanBody = Obj({
  key: PlanKey,
  content: PlanContent,
  ownerId: Type.Optional(Id),
  departmentId: Type.Optional(Nullable(Id)),
  changeNote: Type.Optional(ChangeNote),
});
export type CreatePlanBody = Static<typeof CreatePlanBody>;
export const UpdatePlanBody = Type.Object(
  { ownerId: Type.Optional(Id), departmentId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePlanBody = Static<typeof UpdatePlanBody>;
export const UpdateDraftBody = Obj({ content: PlanContent, changeNote: Type.Optional(Nullable(ChangeNote)) });
export type UpdateDraftBody = Static<typeof UpdateDraftBody>;
export const NewDraftBody = Obj({ changeNote: Type.Optional(ChangeNote) });
export const CategoryPlanBody = Obj({ planId: Nullable(Id), responseStrategy: Nullable(Bilingual(4000)) });
export type CategoryPlanBody = Static<typeof CategoryPlanBody>;

// ---- responses ----

const Status = literalUnion(PLAN_STATUSES);
export const VersionSummaryOut = Obj({
  id: Type.String(),
  version: Type.Integer(),
  status: Status,
  title: Bilingual(200),
  changeNote: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: Time,
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(Time),
  publishedBy: Nullable(Type.String()),
  publishedAt: Nullable(Time),
  retiredAt: Nullable(Time),
  reviewDueAt: Nullable(Time),
});
export const VersionOut = Obj({ ...VersionSummaryOut.properties, planId: Type.String(), planKey: Type.String(), content: PlanContent });

const PlanHead = {
  id: Type.String(),
  key: Type.String(),
  ownerId: Type.String(),
  ownerName: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  createdAt: Time,
  updatedAt: Time,
  /** The newest version's title (the plan's name while it is being rewritten). */
  title: Bilingual(200),
  latest: VersionSummaryOut,
  published: Nullable(VersionSummaryOut),
  draftVersion: Nullable(Type.Integer()),
  /** The published version's review date has passed (预案管理: review and revise). */
  reviewDue: Type.Boolean(),
};
export const PlanListItemOut = Obj(PlanHead);
export const PlanListOut = Obj({ items: Type.Array(PlanListItemOut) });
export const PlanDetailOut = Obj({ ...PlanHead, versions: Type.Array(VersionSummaryOut) });

const Keyed = Obj({ key: Type.String(), item: Type.Unknown() });
export const CompareOut = Obj({
  planId: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  fields: Type.Array(Obj({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() })),
  sections: Type.Array(
    Obj({
      section: Type.String(),
      added: Type.Array(Keyed),
      removed: Type.Array(Keyed),
      changed: Type.Array(Obj({ key: Type.String(), fields: Type.Array(Type.String()), from: Type.Unknown(), to: Type.Unknown() })),
    }),
  ),
});

export const ExportJsonOut = Obj({
  format: Type.Literal('redress.contingency-plan'),
  planKey: Type.String(),
  version: Type.Integer(),
  status: Status,
  publishedAt: Nullable(Time),
  reviewDueAt: Nullable(Time),
  content: PlanContent,
});

export const CategoryPlanOut = Obj({
  categoryId: Type.String(),
  planId: Nullable(Type.String()),
  planKey: Nullable(Type.String()),
  /** The version an activation in this category would run now (none while the plan has no published version). */
  publishedVersion: Nullable(Type.Integer()),
  responseStrategy: Nullable(Bilingual(4000)),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Time),
});
export const CategoryPlanListOut = Obj({ items: Type.Array(CategoryPlanOut) });
