import type { Selectable } from 'kysely';
import type { ComplainantTable, ComplaintTable, HandlingPlanTable, TimelineTable, AttachmentTable } from '../../platform/db/schema.js';
import type { FieldCrypto } from '../../platform/crypto/fields.js';
import { maskAddress, maskEmail, maskIdNumber, maskName, maskPhone } from '../../platform/crypto/mask.js';
import { LEVEL_NUMERALS, type Channel, type Level, type PlanStatus, type Status } from '../../../shared/enums.js';

/** An instant as ISO 8601 (null stays null; typed so a non-null column gives a string). */
function iso(ms: number): string;
function iso(ms: number | null | undefined): string | null;
function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();
}

export function presentComplaint(c: Selectable<ComplaintTable>) {
  return {
    id: c.id,
    trackingNo: c.tracking_no,
    channel: c.channel as Channel,
    subject: c.subject,
    description: c.description,
    location: { text: c.location_text, lat: c.lat, lng: c.lng },
    occurredAt: iso(c.occurred_at),
    categoryId: c.category_id,
    level: c.level,
    levelLabel: LEVEL_NUMERALS[c.level as Level],
    departmentId: c.department_id,
    ownerId: c.owner_id,
    status: c.status as Status,
    flags: {
      personalSafety: !!c.flag_personal_safety,
      propertyLoss: !!c.flag_property_loss,
      mediaAttention: !!c.flag_media_attention,
      vulnerableGroup: !!c.flag_vulnerable_group,
    },
    mergedIntoId: c.merged_into_id,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
    version: c.version,
  };
}
export type ComplaintJson = ReturnType<typeof presentComplaint>;

/** Personal data: decrypted, then masked unless the caller asked to reveal it and may. */
/** masked: all masked; contact: name and phone in the clear (calling back); full: everything. */
export function presentComplainant(row: Selectable<ComplainantTable>, fc: FieldCrypto, reveal: 'masked' | 'contact' | 'full') {
  const plain = {
    name: fc.decrypt(row.name_enc),
    phone: fc.decrypt(row.phone_enc),
    email: fc.decrypt(row.email_enc),
    idNumber: fc.decrypt(row.id_number_enc),
    address: fc.decrypt(row.address_enc),
  };
  if (reveal === 'full') return { id: row.id, ...plain, masked: false };
  const contact = reveal === 'contact';
  return {
    id: row.id,
    name: contact ? plain.name : maskName(plain.name),
    phone: contact ? plain.phone : maskPhone(plain.phone),
    email: maskEmail(plain.email),
    idNumber: maskIdNumber(plain.idNumber),
    address: maskAddress(plain.address),
    masked: true,
    ...(contact ? { contactRevealed: true as const } : {}),
  };
}

export function presentTimeline(t: Selectable<TimelineTable> & { actor_name?: string | null }) {
  return {
    id: t.id,
    kind: t.kind,
    actor: t.actor_id ? { id: t.actor_id, name: t.actor_name ?? null } : null,
    visibility: t.visibility as 'internal' | 'public',
    body: t.body,
    data: JSON.parse(t.data) as Record<string, unknown>,
    createdAt: iso(t.created_at),
  };
}

export function presentPlan(p: Selectable<HandlingPlanTable>) {
  return {
    id: p.id,
    findings: p.findings,
    measures: p.measures,
    compensation: p.compensation_amount === null ? null : { amount: p.compensation_amount, kind: p.compensation_kind },
    status: p.status as PlanStatus,
    submittedBy: p.submitted_by,
    submittedAt: iso(p.submitted_at),
    decidedBy: p.decided_by,
    decidedAt: iso(p.decided_at),
    decisionComment: p.decision_comment,
  };
}

export function presentAttachment(a: Selectable<AttachmentTable>) {
  return { id: a.id, filename: a.filename, mime: a.mime, size: a.size, sha256: a.sha256, uploadedBy: a.uploaded_by, createdAt: iso(a.created_at) };
}
