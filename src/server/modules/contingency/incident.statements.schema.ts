// Request and response schemas of the statement routes and the public notice page (TypeBox; exact
// objects, the same shapes incident.statements.queries.ts returns).
import { Type, type TSchema } from 'typebox';
import { Bilingual } from '../../../shared/contingency.js';
import { Id } from '../../platform/http/schemas.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
const BilingualOut = Exact({ zh: Type.String(), en: Type.String() });
const Person = Nullable(Exact({ id: Type.String(), name: Type.String() }));
const lit = <T extends string>(...values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));

export const STATEMENT_STATUSES = ['draft', 'submitted', 'published', 'withdrawn', 'superseded'] as const;
const Capacity = lit('pr_officer', 'leader');

export const StatementParams = Type.Object({ id: Id, statementId: Id }, { additionalProperties: false });
export const NoticeParams = Type.Object({ id: Id }, { additionalProperties: false });

export const DraftStatementBody = Type.Object(
  {
    templateKey: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'a `public` template of the incident’s plan to start from (default: the first)' })),
    title: Type.Optional(Bilingual(200)),
    body: Type.Optional(Bilingual(8000)),
  },
  { additionalProperties: false },
);
export const EditStatementBody = Type.Object({ title: Bilingual(200), body: Bilingual(8000) }, { additionalProperties: false });
export const WithdrawStatementBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

const ApprovalOut = Exact({ capacity: Capacity, user: Person, revision: Type.Integer(), createdAt: Instant, voidedAt: Nullable(Instant) });

export const StatementOut = Exact({
  id: Type.String(),
  incidentId: Type.String(),
  status: lit(...STATEMENT_STATUSES),
  revision: Type.Integer({ description: 'the current text’s revision (every revision is kept: /history)' }),
  title: BilingualOut,
  body: BilingualOut,
  isDrill: Type.Boolean({ description: 'a drill’s statement: internal only, never on the public page or webhooks' }),
  supersedesId: Nullable(Type.String()),
  createdBy: Person,
  createdAt: Instant,
  updatedAt: Instant,
  submittedAt: Nullable(Instant),
  publishedAt: Nullable(Instant),
  publishedBy: Person,
  endedAt: Nullable(Instant),
  endReason: Nullable(Type.String()),
  approvals: Type.Array(ApprovalOut, { description: 'approvals standing on the current revision' }),
  missingApprovals: Type.Array(Capacity),
});
export const StatementListOut = Exact({ items: Type.Array(StatementOut) });

export const StatementHistoryOut = Exact({
  statement: StatementOut,
  revisions: Type.Array(Exact({ revision: Type.Integer(), title: BilingualOut, body: BilingualOut, editedBy: Person, createdAt: Instant })),
  approvals: Type.Array(ApprovalOut, { description: 'every approval ever given, voided ones included' }),
});

export const NoticeOut = Exact({ id: Type.String(), title: BilingualOut, body: BilingualOut, publishedAt: Instant });
export const NoticeListOut = Exact({ items: Type.Array(NoticeOut) });
