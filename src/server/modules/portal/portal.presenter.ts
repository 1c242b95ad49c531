import type { Selectable } from 'kysely';
import type { ComplainantTable, ComplaintSurveyTable, ComplaintTable } from '../../platform/db/schema.js';
import type { FieldCrypto } from '../../platform/crypto/fields.js';
import { maskEmail, maskName, maskPhone } from '../../platform/crypto/mask.js';
import type { Status } from '../../../shared/enums.js';
import type { FollowUpResult } from '../followup/followup.policy.js';
import { PORTAL_USER_ID } from './portal.actor.js';

type Names = { nameZh: string; nameEn: string } | null;
const iso = (ms: number) => new Date(Number(ms)).toISOString();
const names = (n?: { name_zh: string; name_en: string }): Names => (n ? { nameZh: n.name_zh, nameEn: n.name_en } : null);

export function presentPublicSurvey(s: Selectable<ComplaintSurveyTable>) {
  return {
    status: s.status as 'open' | 'answered',
    language: (s.language === 'en' ? 'en' : 'zh-CN') as 'en' | 'zh-CN',
    openedAt: iso(s.opened_at),
    answeredAt: s.answered_at === null ? null : iso(s.answered_at),
    result: s.result as FollowUpResult | null,
  };
}

/**
 * What the complainant sees with their tracking number and access code: the status, the public
 * timeline (replies, public notes, public status changes with their reasons, what they added), staff
 * named only by the complaint's department, their own contact masked. No internal note, no staff
 * name or id, no level or triage.
 */
export function presentTracked(
  c: Selectable<ComplaintTable>,
  parts: {
    complainant?: Selectable<ComplainantTable>;
    category?: { name_zh: string; name_en: string };
    department?: { name_zh: string; name_en: string };
    timeline: Array<{ id: string; kind: string; actor_id: string | null; body: string | null; data: string; created_at: number }>;
    survey?: Selectable<ComplaintSurveyTable>;
  },
  fc: FieldCrypto,
) {
  const p = parts.complainant;
  const department = names(parts.department);
  return {
    trackingNo: c.tracking_no,
    status: c.status as Status,
    subject: c.subject,
    description: c.description,
    place: c.location_text,
    category: names(parts.category),
    department,
    contact: {
      name: p ? maskName(fc.decrypt(p.name_enc)) : null,
      phone: p ? maskPhone(fc.decrypt(p.phone_enc)) : null,
      email: p ? maskEmail(fc.decrypt(p.email_enc)) : null,
    },
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
    timeline: parts.timeline.map((t) => {
      let to: unknown;
      try {
        to = (JSON.parse(t.data) as { to?: unknown }).to;
      } catch {
        to = undefined;
      }
      return {
        id: t.id,
        kind: t.kind,
        status: t.kind === 'status_changed' && typeof to === 'string' ? (to as Status) : null,
        body: t.body,
        // Staff speak for their department; the complainant's own entries and the system's name no one.
        by: t.actor_id && t.actor_id !== PORTAL_USER_ID ? department : null,
        createdAt: iso(t.created_at),
      };
    }),
    survey: parts.survey ? presentPublicSurvey(parts.survey) : null,
  };
}
