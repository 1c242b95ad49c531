import type { Level } from '../../../shared/enums.js';

export type RedactionKind = 'name' | 'phone' | 'id_number' | 'passport' | 'email' | 'plate' | 'bank_card' | 'address';
export const REDACTION_KINDS: RedactionKind[] = ['name', 'phone', 'id_number', 'passport', 'email', 'plate', 'bank_card', 'address'];

export interface TimelineStep { day: number; kind: string; action: string | null; to: string | null; body: string | null }
export interface CaseContent { subject: string; description: string; location: string | null; replies: string[]; timeline: TimelineStep[] }
export interface Redaction { field: string; kind: RedactionKind; start: number; end: number; text: string; replacement: string }
export interface CasePreview { complaintId: string; language: 'zh' | 'en'; categoryId: string | null; level: Level; original: CaseContent; redacted: CaseContent; redactions: Redaction[] }
export interface CaseSummary {
  id: string; language: string; titleZh: string; titleEn: string; categoryId: string | null; level: Level; tags: string[];
  redactionCount: number; sourceComplaintId: string | null; createdBy: string; createdAt: number;
}
export interface CaseDetail extends CaseSummary { lessons: string; content: CaseContent }

/** The texts a redaction can be in, keyed as the server keys them. */
export function fieldsOf(c: CaseContent): { field: string; text: string }[] {
  const out = [{ field: 'subject', text: c.subject }, { field: 'description', text: c.description }];
  if (c.location) out.push({ field: 'location', text: c.location });
  c.replies.forEach((text, i) => out.push({ field: `reply:${i}`, text }));
  c.timeline.forEach((s, i) => s.body && out.push({ field: `timeline:${i}`, text: s.body }));
  return out;
}
