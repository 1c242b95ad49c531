/**
 * English sentiment from the AFINN-165 lexicon (the `sentiment` package, which also flips a word after
 * a negator: "not good" scores −3), as a logit of negative: −1.5 × score / √tokens, so one strong word
 * in a short text is clear (p ≈ 0.9) and a long text needs more. Pure.
 */
import Sentiment from 'sentiment';

const afinn = new Sentiment();
/** Logit per unit of length-damped AFINN score. */
const SCALE = 1.5;

/** Log-odds that an English text is negative, from its AFINN score (0: no sentiment word). */
export function englishPriorLogit(text: string): number {
  const r = afinn.analyze(text);
  if (r.score === 0) return 0;
  return (-SCALE * r.score) / Math.sqrt(Math.max(1, r.tokens.length));
}
