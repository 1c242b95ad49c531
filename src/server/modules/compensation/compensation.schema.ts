// TypeBox schemas of compensation decisions: requests and response shapes.
import { Type, type Static } from 'typebox';
import { Id } from '../../platform/http/schemas.js';

export const COMPENSATION_KINDS = ['refund', 'repair', 'replacement', 'cash', 'voucher', 'other'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];
export const COMPENSATION_STATUSES = ['proposed', 'approved', 'refused', 'paid', 'cancelled'] as const;
export type CompensationStatus = (typeof COMPENSATION_STATUSES)[number];

const literalUnion = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const Amount = Type.Integer({ minimum: 1, maximum: 1e13, description: 'Minor units (fen): 12345 = ¥123.45' });

export const ProposeBody = Type.Object(
  {
    kind: literalUnion(COMPENSATION_KINDS),
    amount: Amount,
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217; default CNY. Approval limits are in CNY: other currencies need an unlimited approver.' })),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type ProposeBody = Static<typeof ProposeBody>;

export const DecisionBody = Type.Object(
  {
    decision: literalUnion(['approve', 'refuse', 'cancel'] as const),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'Required to refuse or cancel' })),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

export const PaymentBody = Type.Object(
  {
    paymentDate: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Day paid, YYYY-MM-DD' }),
    reference: Type.Optional(Type.String({ maxLength: 200, description: 'Voucher or transfer number' })),
  },
  { additionalProperties: false },
);
export type PaymentBody = Static<typeof PaymentBody>;

const LimitValue = Nullable(Type.Integer({ minimum: 0, maximum: 1e13 }));
export const LimitsBody = Type.Object(
  { handler: Type.Optional(LimitValue), dept_head: Type.Optional(LimitValue), leader: Type.Optional(LimitValue), admin: Type.Optional(LimitValue) },
  { additionalProperties: false, minProperties: 1, description: 'Per role, fen of CNY; null = unlimited. Roles left out keep their limit.' },
);
export type LimitsBody = Static<typeof LimitsBody>;

export const IdParams = Type.Object({ id: Id });

export const CompensationOut = Type.Object(
  {
    id: Type.String(),
    subjectType: literalUnion(['complaint', 'incident'] as const),
    subjectId: Type.String(),
    planId: Nullable(Type.String()),
    kind: literalUnion(COMPENSATION_KINDS),
    amount: Type.Integer({ description: 'Minor units (fen)' }),
    currency: Type.String(),
    reason: Type.String(),
    status: literalUnion(COMPENSATION_STATUSES),
    proposedBy: Nullable(Type.String()),
    proposedAt: Instant,
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Instant),
    decisionNote: Nullable(Type.String()),
    paidBy: Nullable(Type.String()),
    paidAt: Nullable(Instant),
    paymentDate: Nullable(Type.String()),
    paymentReference: Nullable(Type.String()),
    cancelledBy: Nullable(Type.String()),
    cancelledAt: Nullable(Instant),
  },
  { additionalProperties: false },
);
export type CompensationOut = Static<typeof CompensationOut>;

export const CompensationList = Type.Object(
  {
    items: Type.Array(CompensationOut),
    totals: Type.Object(
      {
        proposed: Type.Integer({ description: 'Fen of CNY awaiting a decision' }),
        approved: Type.Integer({ description: 'Fen of CNY approved (paid or not)' }),
        paid: Type.Integer({ description: 'Fen of CNY paid' }),
      },
      { additionalProperties: false },
    ),
    yourLimit: Nullable(Type.Integer({ description: 'The most the caller may approve, fen of CNY; null = unlimited' })),
  },
  { additionalProperties: false },
);

export const LimitsOut = Type.Object(
  {
    currency: Type.Literal('CNY'),
    limits: Type.Array(Type.Object({ role: Type.String(), amount: Nullable(Type.Integer()) }, { additionalProperties: false }), { description: 'Per deciding role; amount null = unlimited' }),
  },
  { additionalProperties: false },
);
