import type { Complaint } from './types.js';

/** A bilingual reply or note template (GET /api/v1/reply-templates). */
export interface ReplyTemplate {
  id: string;
  nameZh: string;
  nameEn: string;
  kind: 'reply' | 'note';
  bodyZh: string;
  bodyEn: string;
  categoryId: string | null;
  active: boolean;
  updatedAt: string;
}

export const templateName = (tpl: Pick<ReplyTemplate, 'nameZh' | 'nameEn'>, lang: string): string => (lang === 'en' ? tpl.nameEn : tpl.nameZh);
export const templateBody = (tpl: Pick<ReplyTemplate, 'bodyZh' | 'bodyEn'>, lang: string): string => (lang === 'en' ? tpl.bodyEn : tpl.bodyZh);

const PLACEHOLDER = /\{\{\s*(trackingNo|subject|dueAt)\s*\}\}/g;

/**
 * The template body with {{trackingNo}}, {{subject}} and {{dueAt}} filled from the complaint.
 * {{dueAt}} is the most urgent open SLA due time, formatted by `fmtDate`; empty when there is none.
 * Unknown placeholders stay as written. Plain text only: the result goes into a text area.
 */
export function fillTemplate(body: string, c: Pick<Complaint, 'trackingNo' | 'subject' | 'sla'>, fmtDate: (iso: string) => string): string {
  const values: Record<string, string> = {
    trackingNo: c.trackingNo,
    subject: c.subject,
    dueAt: c.sla?.dueAt ? fmtDate(c.sla.dueAt) : '',
  };
  // A replacer function, so "$&" and the like in a subject are not read as replacement patterns.
  return body.replace(PLACEHOLDER, (_, key: string) => values[key] ?? '');
}
