import { Type, type Static } from 'typebox';
import { ROLES } from '../../../shared/enums.js';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
import { Id } from '../../platform/http/schemas.js';

export const LoginBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 200 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 10, maxLength: 500 }),
    roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
    departmentIds: Type.Optional(Type.Array(Id, { uniqueItems: true })),
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, uniqueItems: true })),
    departmentIds: Type.Optional(Type.Array(Id, { uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 500 })),
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** A preference value: a scalar, or one level of list/object of scalars — bounded in depth and size. */
const PrefScalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean(), Type.Null()]);
const PrefValue = Type.Union([
  PrefScalar,
  Type.Array(PrefScalar, { maxItems: 100 }),
  Type.Record(Type.String({ maxLength: 100 }), Type.Union([PrefScalar, Type.Array(PrefScalar, { maxItems: 100 })]), { maxProperties: 50 }),
]);

export const PreferencesBody = Type.Object(
  { locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])), preferences: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), PrefValue, { maxProperties: 50 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const DepartmentBody = Type.Object(
  { nameZh: Type.String({ minLength: 1, maxLength: 100 }), nameEn: Type.String({ minLength: 1, maxLength: 100 }), parentId: Type.Optional(Type.Union([Id, Type.Null()])) },
  { additionalProperties: false },
);
export const DepartmentPatch = Type.Partial(DepartmentBody, { additionalProperties: false, minProperties: 1 });

export const CategoryBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.\\-]+$' }),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
    defaultDepartmentId: Type.Optional(Type.Union([Id, Type.Null()])),
    keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export const CategoryPatch = Type.Object(
  {
    nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    defaultDepartmentId: Type.Optional(Type.Union([Id, Type.Null()])),
    keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TokenBody = Type.Object(
  { email: Type.String({ maxLength: 200 }), name: Type.String({ minLength: 1, maxLength: 100 }), scopes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1 })) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Id });
