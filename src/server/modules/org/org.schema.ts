import { Type, type Static } from 'typebox';
import { ROLES, type Role } from '../../../shared/enums.js';
import { PERMISSIONS, type Permission } from '../../../shared/permissions.js';
import { Id } from '../../platform/http/schemas.js';

const RoleSchema = Type.Unsafe<Role>(Type.Union(ROLES.map((r) => Type.Literal(r))));

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
    public: Type.Optional(Type.Boolean({ description: 'An Open311 service: listed at /open311/v2/services and open to partner submissions (default false)' })),
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
    public: Type.Optional(Type.Boolean({ description: 'An Open311 service (see CategoryBody.public)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TokenBody = Type.Object(
  { email: Type.String({ maxLength: 200 }), name: Type.String({ minLength: 1, maxLength: 100 }), scopes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1 })) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Id });

// ─── Responses: the objects OrgService, the auth routes and the audit routes return ───────────────

const Instant = Type.String({ format: 'date-time' });
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
const PermissionSchema = Type.Unsafe<Permission>(Type.Union((Object.keys(PERMISSIONS) as Permission[]).map((p) => Type.Literal(p))));
/** Free-form JSON the user stored (PATCH /auth/me); `notifications` holds per-type channel choices. */
const StoredPreferences = Type.Record(Type.String(), Type.Unknown(), { description: 'Stored preferences (free-form JSON; `notifications` holds per-type channel choices)' });
/** Answered by DELETE/logout routes: no body. */
export const NoContent = Type.Null({ description: 'No content' });

/** One user as OrgService.getUser returns it (create, update, sign-in, /auth/me). */
export const UserOut = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    roles: Type.Array(RoleSchema),
    locale: Locale,
    active: Type.Boolean(),
    preferences: StoredPreferences,
    departmentIds: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

/** A row of GET /users (no preferences; when the account was created). */
export const UserListItem = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    roles: Type.Array(RoleSchema),
    locale: Locale,
    active: Type.Boolean(),
    departmentIds: Type.Array(Type.String()),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export const UserList = Type.Object({ items: Type.Array(UserListItem) }, { additionalProperties: false });

export const DepartmentOut = Type.Object(
  { id: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), nameZh: Type.String(), nameEn: Type.String() },
  { additionalProperties: false },
);
export const DepartmentList = Type.Object({ items: Type.Array(DepartmentOut) }, { additionalProperties: false });

export const CategoryOut = Type.Object(
  {
    id: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    code: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    defaultDepartmentId: Type.Union([Type.String(), Type.Null()]),
    keywords: Type.Array(Type.String()),
    active: Type.Boolean(),
    public: Type.Boolean({ description: 'An Open311 service (/open311/v2/services)' }),
  },
  { additionalProperties: false },
);
export const CategoryList = Type.Object({ items: Type.Array(CategoryOut) }, { additionalProperties: false });

const Scope = Type.Union([Type.Literal('*'), PermissionSchema], { description: '"*" = every permission of the token’s user' });

/** The answer to POST /tokens: the only place the token value ever appears. */
export const TokenCreated = Type.Object(
  { id: Type.String(), name: Type.String(), token: Type.String({ description: 'The bearer token; shown once, only its hash is stored' }), scopes: Type.Array(Scope), userId: Type.String() },
  { additionalProperties: false },
);
export const TokenListItem = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Scope),
    user: Type.Object({ id: Type.String(), email: Type.String() }, { additionalProperties: false }),
    createdAt: Instant,
    lastUsedAt: Type.Union([Instant, Type.Null()]),
    revokedAt: Type.Union([Instant, Type.Null()]),
  },
  { additionalProperties: false },
);
export const TokenList = Type.Object({ items: Type.Array(TokenListItem) }, { additionalProperties: false });

export const LoginOut = Type.Object(
  { user: UserOut, csrfToken: Type.String({ description: 'Send as X-CSRF-Token on cookie-authenticated writes' }), expiresAt: Instant },
  { additionalProperties: false },
);
export const MeOut = Type.Object(
  {
    user: UserOut,
    permissions: Type.Array(PermissionSchema, { description: 'What the user’s roles allow (a token’s scopes may allow less)' }),
    csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'null when signed in with an API token' }),
    via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  },
  { additionalProperties: false },
);

export const AuditEntryOut = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: Instant,
    actor: Type.Union([Type.Object({ id: Type.String(), email: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }), Type.Null()], { description: 'null: the system' }),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Type.Union([Type.String(), Type.Null()]),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'What the action changed (free-form, per action)' }),
    hash: Type.String(),
  },
  { additionalProperties: false },
);
export const AuditPage = Type.Object(
  { items: Type.Array(AuditEntryOut), nextBefore: Type.Union([Type.Integer(), Type.Null()], { description: 'Pass as `before` for the next page; null on the last' }) },
  { additionalProperties: false },
);

const SeqHash = Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Type.String() }, { additionalProperties: false });
/** verifyAudit's result. */
export const AuditVerifyOut = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer({ minimum: 0 }),
    keyedFrom: Type.Optional(Type.Integer({ minimum: 1, description: 'Seq of the marker row from which rows are keyed' })),
    head: Type.Optional(SeqHash),
    broken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
