// Response schemas of the complaint routes: the objects complaint.presenter.ts and the queries built on
// it return, field for field (the API tests validate every response against them).
import type { Readable } from 'node:stream';
import { Type, type TSchema } from 'typebox';
import { LEVEL_NUMERALS, PLAN_STATUSES } from '../../../shared/enums.js';
import { ActionSchema, ChannelSchema, literalUnion, StatusSchema } from './complaint.schema.js';
import { ALLOWED_TYPES } from './attachment.storage.js';
import { TriageOut } from '../triage/triage.responses.js';
import { SlaSummaryOut } from '../sla/sla.responses.js';
import { SurveyOut } from '../followup/followup.schema.js';
import { ContactPrefsOut, MessageOut } from '../messaging/messaging.schema.js';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Exact = <T extends Record<string, TSchema>>(props: T, description?: string) => Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });

/** presentComplaint: the complaint's own fields. */
const ComplaintFields = {
  id: Type.String(),
  trackingNo: Type.String({ description: 'TSyyyymmdd-nnnnnn' }),
  channel: ChannelSchema,
  subject: Type.String(),
  description: Type.String(),
  location: Exact({ text: Nullable(Type.String()), lat: Nullable(Type.Number()), lng: Nullable(Type.Number()) }),
  occurredAt: Nullable(Instant),
  categoryId: Nullable(Type.String()),
  level: Type.Integer({ minimum: 1, maximum: 4, description: '1 = Ⅰ 特别重大 … 4 = Ⅳ 一般' }),
  levelLabel: literalUnion(Object.values(LEVEL_NUMERALS)),
  departmentId: Nullable(Type.String()),
  ownerId: Nullable(Type.String()),
  status: StatusSchema,
  flags: Exact({ personalSafety: Type.Boolean(), propertyLoss: Type.Boolean(), mediaAttention: Type.Boolean(), vulnerableGroup: Type.Boolean() }),
  mergedIntoId: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
  version: Type.Integer({ minimum: 1, description: 'send it back as `version` for optimistic concurrency' }),
};

/** POST /complaints: the complaint, its triage, and the complainant's access code (not on an idempotent replay). */
export const CreatedComplaintOut = Exact({
  ...ComplaintFields,
  triage: Nullable(TriageOut),
  accessCode: Type.Optional(Type.String({ description: 'shown once; absent when the request was replayed (Idempotent-Replayed: true)' })),
});

/** A row of GET /complaints. */
const ComplaintListItem = Exact({
  ...ComplaintFields,
  triage: Nullable(TriageOut),
  clusterId: Nullable(Type.String()),
  mass: Type.Boolean({ description: 'a mass complaint (群体性投诉), or a member of a mass cluster' }),
  sla: Nullable(SlaSummaryOut),
});
export const ComplaintListOut = Exact({ items: Type.Array(ComplaintListItem), nextCursor: Nullable(Type.String()) });

/**
 * presentComplainant. Masked (detail, masked: true), the contact view of the owner and the department's
 * handlers calling back (name and phone in the clear, contactRevealed: true), or everything (masked: false).
 */
export const ComplainantOut = Exact({
  id: Type.String(),
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  idNumber: Nullable(Type.String()),
  address: Nullable(Type.String()),
  masked: Type.Boolean(),
  contactRevealed: Type.Optional(Type.Literal(true)),
});

export const PlanOut = Exact({
  id: Type.String(),
  findings: Type.String(),
  measures: Type.String(),
  compensation: Nullable(Exact({ amount: Type.Number(), kind: Nullable(Type.String()) })),
  status: literalUnion(PLAN_STATUSES),
  submittedBy: Type.String(),
  submittedAt: Instant,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Instant),
  decisionComment: Nullable(Type.String()),
});
export const PlanListOut = Exact({ items: Type.Array(PlanOut) });

/** GET /complaints/:id and every action that answers with the complaint as it now is. */
export const ComplaintDetailOut = Exact({
  ...ComplaintFields,
  triage: Nullable(TriageOut),
  complainant: Nullable(ComplainantOut),
  plan: Nullable(PlanOut),
  sla: Nullable(SlaSummaryOut),
  followUp: Nullable(SurveyOut),
  availableActions: Type.Array(ActionSchema, { description: 'lifecycle actions this user may take now' }),
  canRevealPersonalData: Type.Boolean(),
  canViewContact: Type.Boolean({ description: 'the owner or the department’s handlers may reveal name and phone to call back' }),
  contactPreferences: Nullable(ContactPrefsOut),
  messages: Type.Array(MessageOut, { description: 'messages to the complainant and their delivery status, oldest first (destinations masked)' }),
});

const TimelineEntry = Exact({
  id: Type.String(),
  kind: Type.String({ description: 'created, triaged, status_changed, reply, note, call_recorded, attachment, plan_submitted, sla_breached, …' }),
  actor: Nullable(Exact({ id: Type.String(), name: Nullable(Type.String()) })),
  visibility: literalUnion(['internal', 'public'] as const),
  body: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'what happened, per kind (free-form JSON)' }),
  createdAt: Instant,
});
export const TimelineOut = Exact({ items: Type.Array(TimelineEntry) });

export const AttachmentOut = Exact({
  id: Type.String(),
  filename: Type.String(),
  mime: literalUnion(Object.keys(ALLOWED_TYPES)),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String(),
  uploadedBy: Nullable(Type.String()),
  createdAt: Instant,
});
export const AttachmentListOut = Exact({ items: Type.Array(AttachmentOut) });

/** The file itself, in the content type it was uploaded with (one of the accepted types). */
export const AttachmentFileOut = {
  description: 'The file (Content-Disposition: attachment)',
  content: Object.fromEntries(Object.keys(ALLOWED_TYPES).map((mime) => [mime, { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) }])),
};
