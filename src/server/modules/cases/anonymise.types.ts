export const REDACTION_KINDS = ['name', 'phone', 'id_number', 'passport', 'email', 'plate', 'bank_card', 'address'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** A span [start, end) in UTF-16 code units of the text it was found in. */
export interface Finding {
  kind: RedactionKind;
  start: number;
  end: number;
}

export interface Redaction extends Finding {
  /** The text that is removed. */
  text: string;
  /** What replaces it, in the case's language (【姓名】 / [NAME]). */
  replacement: string;
}

export type CaseLanguage = 'zh' | 'en';

const LABELS: Record<CaseLanguage, Record<RedactionKind, string>> = {
  zh: { name: '【姓名】', phone: '【电话】', id_number: '【身份证号】', passport: '【证件号】', email: '【邮箱】', plate: '【车牌】', bank_card: '【银行卡号】', address: '【地址】' },
  en: { name: '[NAME]', phone: '[PHONE]', id_number: '[ID NUMBER]', passport: '[PASSPORT]', email: '[EMAIL]', plate: '[PLATE]', bank_card: '[CARD NUMBER]', address: '[ADDRESS]' },
};

export function replacementFor(kind: RedactionKind, language: CaseLanguage): string {
  return LABELS[language][kind];
}
