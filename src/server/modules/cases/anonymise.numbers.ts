// Number-shaped personal data: phones, ID numbers, passports, e-mails, plates, bank cards.
import type { Finding } from './anonymise.types.js';

/** GB 11643 check character of an 18-digit resident ID number. */
export function idChecksumOk(id: string): boolean {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(id[i]) * w[i]!;
  return '10X98765432'[s % 11] === id[17]!.toUpperCase();
}

export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function* all(re: RegExp, text: string): Generator<RegExpMatchArray> {
  yield* text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'));
}

const EDGE_L = '(?<![0-9A-Za-z])';
const EDGE_R = '(?![0-9A-Za-z])';

export function findIds(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of all(new RegExp(`${EDGE_L}[1-9]\\d{16}[0-9Xx]${EDGE_R}`), text)) {
    const s = m[0];
    if (!validDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14)))) continue;
    if (!idChecksumOk(s)) continue;
    out.push({ kind: 'id_number', start: m.index!, end: m.index! + s.length });
  }
  for (const m of all(new RegExp(`${EDGE_L}[1-9]\\d{14}${EDGE_R}`), text)) {
    const s = m[0];
    if (!validDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)))) continue;
    out.push({ kind: 'id_number', start: m.index!, end: m.index! + s.length });
  }
  // US Social Security numbers: 123-45-6789.
  for (const m of all(new RegExp(`${EDGE_L}(?!000|666|9)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}${EDGE_R}`), text)) {
    out.push({ kind: 'id_number', start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

const OFFICE_PHONE = /(局|所|股|科|中心|办公室|政府|委员会|街道|服务站|热线)(?:联系)?(?:电话|热线)?[:：]?$|或$/;
const PHONE_CONTEXT = /(电话|手机|联系|致电|拨打|号码|座机|tel|phone|call|热线)[^。\n]{0,8}$/i;

export function findPhones(text: string): Finding[] {
  const out: Finding[] = [];
  // Mobile: 1[3-9]x xxxx xxxx, optional +86 / 86 / 0086, spaces or dashes between groups.
  const mobile = new RegExp(`${EDGE_L}(?:(?:\\+|00)?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}${EDGE_R}`);
  for (const m of all(mobile, text)) out.push({ kind: 'phone', start: m.index!, end: m.index! + m[0].length });
  // Landline with an area code: 010-12345678, (0731) 8888 8888, +86 731 88888888, 0755-1234567-802.
  const land = new RegExp(
    `${EDGE_L}(?:(?:\\+86[\\s-]?(?:\\(0?\\d{2,3}\\)|0?\\d{2,3}))|\\(0\\d{2,3}\\)|0\\d{2,3})[\\s-]?[2-9]\\d{2,3}[\\s-]?\\d{4}(?:-\\d{1,4})?${EDGE_R}`,
  );
  for (const m of all(land, text)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 10 || digits.length > 16) continue;
    out.push({ kind: 'phone', start: m.index!, end: m.index! + m[0].length });
  }
  // Bare 7–8 digit local numbers only right after a phone word, and not an office's (医保所信息股电话8881528).
  for (const m of all(new RegExp(`${EDGE_L}[2-9]\\d{3}[\\s-]?\\d{4}${EDGE_R}|${EDGE_L}[2-9]\\d{6}${EDGE_R}`), text)) {
    const before = text.slice(Math.max(0, m.index! - 12), m.index!);
    if (PHONE_CONTEXT.test(before) && !OFFICE_PHONE.test(before)) out.push({ kind: 'phone', start: m.index!, end: m.index! + m[0].length });
  }
  // North American: (212) 555-0187, 212-555-0187, +1 212 555 0187.
  const us = new RegExp(`${EDGE_L}(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}${EDGE_R}`);
  for (const m of all(us, text)) out.push({ kind: 'phone', start: m.index!, end: m.index! + m[0].length });
  return out;
}

export function findEmails(text: string): Finding[] {
  return [...all(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/, text)].map((m) => ({
    kind: 'email' as const, start: m.index!, end: m.index! + m[0].length,
  }));
}

const PROVINCE = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

export function findPlates(text: string): Finding[] {
  const re = new RegExp(`[${PROVINCE}][A-HJ-NP-Z][·•\\s]?[A-HJ-NP-Z0-9]{5,6}(?:挂|学|警)?${EDGE_R}`);
  const out: Finding[] = [];
  for (const m of all(re, text)) {
    const tail = m[0].slice(2).replace(/[·•\s]/g, '');
    if (!/\d/.test(tail) || (tail.match(/[A-Z]/g) ?? []).length > 2) continue;
    out.push({ kind: 'plate', start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

const CARD_CONTEXT = /(卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|card|account)[^。\n]{0,10}$/i;

export function findCards(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of all(new RegExp(`${EDGE_L}\\d{4}(?:[\\s-]?\\d{4}){2,3}(?:[\\s-]?\\d{1,3})?${EDGE_R}`), text)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 16 || digits.length > 19 || !luhnOk(digits)) continue;
    const ctx = CARD_CONTEXT.test(text.slice(Math.max(0, m.index! - 14), m.index!));
    if (!ctx && !digits.startsWith('62')) continue;
    out.push({ kind: 'bank_card', start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

const PASSPORT_CONTEXT = /(护照|通行证|passport)[^。\n]{0,8}$/i;

export function findPassports(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of all(new RegExp(`${EDGE_L}(?:[EG]\\d{8}|[A-Z]{1,2}\\d{7,8})${EDGE_R}`), text)) {
    const strong = /^[EG]\d{8}$/.test(m[0]);
    if (!strong && !PASSPORT_CONTEXT.test(text.slice(Math.max(0, m.index! - 12), m.index!))) continue;
    out.push({ kind: 'passport', start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}
