// The anonymiser (pure): finds personal data in Chinese and English free text and replaces it.
import { findAddresses } from './anonymise.address.js';
import { findChineseNames, findEnglishNames, findKnownNames } from './anonymise.names.js';
import { findCards, findEmails, findIds, findPassports, findPhones, findPlates } from './anonymise.numbers.js';
import { replacementFor, type CaseLanguage, type Finding, type Redaction, type RedactionKind } from './anonymise.types.js';

export * from './anonymise.types.js';

export interface AnonymiseOptions {
  language: CaseLanguage;
  /** Names known from the record (the complainant's, contacts'): every occurrence is redacted. */
  knownNames?: readonly string[];
}

/** When two findings overlap, the more specific kind wins; then the longer span. */
const PRIORITY: Record<RedactionKind, number> = { id_number: 8, bank_card: 7, email: 6, passport: 5, phone: 4, plate: 3, address: 2, name: 1 };

function resolve(found: Finding[]): Finding[] {
  const sorted = [...found].sort((a, b) => PRIORITY[b.kind] - PRIORITY[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Finding[] = [];
  for (const f of sorted) {
    const clash = kept.find((k) => f.start < k.end && k.start < f.end);
    if (!clash) { kept.push(f); continue; }
    // An address that contains a name or number keeps its whole span (the number is in the address).
    if (f.kind === 'address' && f.start <= clash.start && f.end >= clash.end && clash.kind === 'name') {
      kept.splice(kept.indexOf(clash), 1, f);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function findPersonalData(text: string, opts: AnonymiseOptions): Redaction[] {
  const found: Finding[] = [
    ...findIds(text), ...findCards(text), ...findEmails(text), ...findPassports(text), ...findPhones(text),
    ...findPlates(text), ...findAddresses(text), ...findChineseNames(text), ...findEnglishNames(text),
  ];
  // A name found in context anywhere is redacted wherever else it appears.
  const names = found.filter((f) => f.kind === 'name').map((f) => text.slice(f.start, f.end)).filter((n) => n.length >= 2);
  found.push(...findKnownNames(text, [...(opts.knownNames ?? []), ...names]));
  return resolve(found).map((f) => ({ ...f, text: text.slice(f.start, f.end), replacement: replacementFor(f.kind, opts.language) }));
}

/** The text with the given redactions replaced (overlaps and out-of-range spans ignored). */
export function applyRedactions(text: string, redactions: readonly Pick<Redaction, 'start' | 'end' | 'replacement'>[]): string {
  let out = '';
  let at = 0;
  for (const r of [...redactions].sort((a, b) => a.start - b.start)) {
    if (r.start < at || r.end > text.length || r.end <= r.start) continue;
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return out + text.slice(at);
}

export function anonymise(text: string, opts: AnonymiseOptions): { text: string; redactions: Redaction[] } {
  const redactions = findPersonalData(text, opts);
  return { text: applyRedactions(text, redactions), redactions };
}
