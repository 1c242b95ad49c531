// Bilingual templates of messages to the complainant, with {{variables}}. Pure.
import type { MessageLanguage, MessagePurpose } from './messaging.schema.js';

export interface MessageVars {
  trackingNo: string;
  /** the handling department in the message's language ('' when none yet) */
  department: string;
  /** the reply, reason or note written by staff */
  text?: string | null;
  /** a due time as shown ("2026-12-05 18:00") */
  dueAt?: string | null;
  surveyUrl?: string | null;
  /** for progress updates: the lifecycle action (sign, request_info, close, …) or "note" */
  action?: string;
}

type Pair = { zh: string; en: string };

const SUBJECTS: Record<MessagePurpose, Pair> = {
  reply: { zh: '【答复】您的投诉 {{trackingNo}} 已有答复', en: 'Reply to your complaint {{trackingNo}}' },
  progress: { zh: '【进展】您的投诉 {{trackingNo}} 有新进展', en: 'Update on your complaint {{trackingNo}}' },
  extension: { zh: '【延期】您的投诉 {{trackingNo}} 办理期限已延长', en: 'Your complaint {{trackingNo}}: the deadline was extended' },
  survey: { zh: '【回访】请评价投诉 {{trackingNo}} 的办理情况', en: 'How did we handle your complaint {{trackingNo}}?' },
};

const BODIES: Record<MessagePurpose, Pair> = {
  reply: {
    zh: '您好！您的投诉（编号 {{trackingNo}}）{{department}}已答复如下：\n\n{{text}}\n\n可凭编号和查询码在门户查看办理记录。',
    en: 'Hello, {{department}} has replied to your complaint {{trackingNo}}:\n\n{{text}}\n\nYou can follow it on the portal with its tracking number and access code.',
  },
  progress: {
    zh: '您好！您的投诉（编号 {{trackingNo}}）{{status}}{{text}}',
    en: 'Hello, your complaint {{trackingNo}} {{status}}{{text}}',
  },
  extension: {
    zh: '您好！您的投诉（编号 {{trackingNo}}）办理期限已延长至 {{dueAt}}。',
    en: 'Hello, the deadline for handling your complaint {{trackingNo}} has been extended to {{dueAt}}.',
  },
  survey: {
    zh: '您好！您的投诉（编号 {{trackingNo}}）已答复，请您对办理情况进行评价：{{surveyUrl}}',
    en: 'Hello, your complaint {{trackingNo}} has been answered. Please tell us how we did: {{surveyUrl}}',
  },
};

/** What a progress update says happened, per action. */
const STATUS: Record<string, Pair> = {
  sign: { zh: '已由{{department}}受理，正在办理。', en: 'is now being handled by {{department}}.' },
  request_info: { zh: '需要您补充信息：', en: 'needs more information from you:' },
  close: { zh: '已办结。', en: 'has been closed.' },
  reject: { zh: '未予受理。', en: 'was not accepted.' },
  reopen: { zh: '已重新办理。', en: 'has been reopened.' },
  resolve_on_call: { zh: '已当场办结。', en: 'was resolved on the call.' },
  follow_up: { zh: '已回访。', en: 'was followed up.' },
  note: { zh: '有新的办理进展：', en: 'has news:' },
};

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

export function renderMessage(purpose: MessagePurpose, language: MessageLanguage, v: MessageVars): RenderedMessage {
  const pick = (p: Pair) => (language === 'en' ? p.en : p.zh);
  const zh = language !== 'en';
  const department = v.department || (zh ? '' : 'the department');
  const base = { trackingNo: v.trackingNo, department, dueAt: v.dueAt ?? '', surveyUrl: v.surveyUrl ?? '' };
  const status = purpose === 'progress' ? fill(pick(STATUS[v.action ?? 'note'] ?? STATUS.note), base) : '';
  const text = v.text?.trim() ? (purpose === 'progress' ? (zh ? '' : ' ') + v.text.trim() : v.text.trim()) : '';
  const vars = { ...base, status, text };
  return { subject: fill(pick(SUBJECTS[purpose]), vars), body: fill(pick(BODIES[purpose]), vars) };
}

/** The HTML alternative of a plain-text body: escaped, paragraphs and line breaks kept. */
export function textToHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paras = esc.split(/\n{2,}/).map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paras.join('')}</body></html>`;
}
