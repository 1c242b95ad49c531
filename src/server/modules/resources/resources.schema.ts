// TypeBox schemas of the resource library (应急资源): requests and the response shapes.
import { Type, type Static } from 'typebox';
import { Id } from '../../platform/http/schemas.js';

export const RESOURCE_KINDS = ['supplier', 'manufacturer', 'inventory', 'staff', 'expert', 'media'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const KindSchema = literalUnion(RESOURCE_KINDS);
const Quantity = Type.Number({ minimum: 0, maximum: 1e12 });

const fields = {
  kind: KindSchema,
  name: Text(200, 1),
  description: Type.Optional(Text(5000)),
  tags: Type.Optional(Type.Array(Text(50, 1), { maxItems: 30 })),
  departmentId: Type.Optional(Nullable(Id)),
  contactName: Type.Optional(Nullable(Text(100))),
  contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+()\\- ]*$' }))),
  contactEmail: Type.Optional(Nullable(Type.Union([Type.String({ maxLength: 200, format: 'email' }), Type.Literal('')]))),
  quantity: Type.Optional(Nullable(Quantity)),
  unit: Type.Optional(Nullable(Text(20))),
  lowStockThreshold: Type.Optional(Nullable(Quantity)),
};

export const CreateResourceBody = Type.Object(fields, { additionalProperties: false });
export type CreateResourceBody = Static<typeof CreateResourceBody>;
export const UpdateResourceBody = Type.Partial(Type.Object({ ...fields, active: Type.Boolean() }), { additionalProperties: false, minProperties: 1 });
export type UpdateResourceBody = Static<typeof UpdateResourceBody>;

export const ResourceListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Substring of the name, description or a tag (Chinese or Latin, case-insensitive)' })),
    kind: Type.Optional(KindSchema),
    tag: Type.Optional(Text(50, 1)),
    departmentId: Type.Optional(Id),
    lowStock: Type.Optional(Type.Boolean({ description: 'Only inventory items at or below their low-stock threshold' })),
    includeInactive: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ResourceListQuery = Static<typeof ResourceListQuery>;

export const IdParams = Type.Object({ id: Id });
export const RevealBody = Type.Object({ reason: Text(500, 1) }, { additionalProperties: false });

export const ContactOut = Type.Object(
  {
    name: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    masked: Type.Boolean({ description: 'true: masked; reveal with POST /resources/{id}/contact/reveal (pii.reveal, audited)' }),
  },
  { additionalProperties: false },
);

export const ResourceOut = Type.Object(
  {
    id: Type.String(),
    kind: KindSchema,
    name: Type.String(),
    description: Type.String(),
    tags: Type.Array(Type.String()),
    departmentId: Nullable(Type.String()),
    contact: ContactOut,
    quantity: Nullable(Type.Number()),
    unit: Nullable(Type.String()),
    lowStockThreshold: Nullable(Type.Number()),
    lowStock: Type.Boolean({ description: 'An inventory item at or below its threshold' }),
    active: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type ResourceOut = Static<typeof ResourceOut>;
export const ResourcePage = Type.Object({ items: Type.Array(ResourceOut), nextCursor: Nullable(Type.String()) }, { additionalProperties: false });
