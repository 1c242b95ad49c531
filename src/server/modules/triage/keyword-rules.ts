/** Cold-start category suggestions from keyword rules (categories.keywords). Pure. */
import { normalizeText } from './tokenize.js';
import type { KeywordRules, Prediction } from './classifier.types.js';

const RULE_MAX_CONFIDENCE = 0.6;

/** Keyword-rule prediction (cold start). Counts distinct keyword hits per category. */
export function predictWithRules(text: string, rules: KeywordRules, topK = 3): Prediction {
  const norm = normalizeText(text);
  const scored: { label: string; hits: number }[] = [];
  for (const [label, keywords] of Object.entries(rules)) {
    let hits = 0;
    for (const k of keywords) {
      const kk = normalizeText(k).trim();
      if (kk && norm.includes(kk)) hits++;
    }
    if (hits > 0) scored.push({ label, hits });
  }
  if (scored.length === 0) return { label: null, confidence: 0, alternatives: [], source: 'none' };
  scored.sort((a, b) => b.hits - a.hits || a.label.localeCompare(b.label));
  const total = scored.reduce((s, x) => s + x.hits, 0);
  // Share of hits, damped by how much evidence there is; never above 0.6.
  const conf = (x: { hits: number }) =>
    round4(Math.min(RULE_MAX_CONFIDENCE, (x.hits / total) * RULE_MAX_CONFIDENCE * (1 - 0.5 ** x.hits) * 1.5));
  return {
    label: scored[0].label,
    confidence: conf(scored[0]),
    alternatives: scored.slice(1, 1 + topK).map((x) => ({ label: x.label, confidence: conf(x) })),
    source: 'rules',
  };
}

export function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
