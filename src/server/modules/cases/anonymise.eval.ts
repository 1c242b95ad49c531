// Scores the anonymiser on the planted evaluation set (fixtures/anonymiser/eval.jsonl).
import { readFileSync } from 'node:fs';
import { findPersonalData, type CaseLanguage, type RedactionKind } from './anonymise.js';

export interface EvalItem {
  id: string;
  lang: CaseLanguage;
  complainant?: string;
  text: string;
  gold: { kind: RedactionKind; start: number; end: number; planted: boolean }[];
}

export interface KindScore { gold: number; found: number; recall: number }
export interface EvalScore {
  texts: number;
  byKind: Partial<Record<RedactionKind, KindScore>>;
  redactions: number;
  correct: number;
  precision: number;
  misses: { id: string; kind: RedactionKind; text: string }[];
  falsePositives: { id: string; kind: RedactionKind; text: string }[];
}

export function loadEvalSet(path = 'fixtures/anonymiser/eval.jsonl'): EvalItem[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as EvalItem);
}

/**
 * A gold item is found when the redactions cover every one of its characters; a redaction is correct
 * when it overlaps a gold item (precision counts redactions of text that is not personal data).
 */
export function scoreAnonymiser(items: readonly EvalItem[]): EvalScore {
  const byKind: Partial<Record<RedactionKind, KindScore>> = {};
  const misses: EvalScore['misses'] = [];
  const falsePositives: EvalScore['falsePositives'] = [];
  let redactions = 0;
  let correct = 0;
  for (const item of items) {
    const found = findPersonalData(item.text, { language: item.lang, knownNames: item.complainant ? [item.complainant] : [] });
    for (const g of item.gold) {
      const k = (byKind[g.kind] ??= { gold: 0, found: 0, recall: 0 });
      k.gold++;
      let covered = true;
      for (let i = g.start; i < g.end && covered; i++) covered = found.some((f) => f.start <= i && i < f.end);
      if (covered) k.found++;
      else misses.push({ id: item.id, kind: g.kind, text: item.text.slice(g.start, g.end) });
    }
    for (const f of found) {
      redactions++;
      if (item.gold.some((g) => f.start < g.end && g.start < f.end)) correct++;
      else falsePositives.push({ id: item.id, kind: f.kind, text: f.text });
    }
  }
  for (const k of Object.values(byKind)) k.recall = k.gold ? k.found / k.gold : 1;
  return { texts: items.length, byKind, redactions, correct, precision: redactions ? correct / redactions : 1, misses, falsePositives };
}
