/** Language of a text by script: Chinese when Han characters are at least a fifth of its letters. Pure. */

export type SentimentLanguage = 'zh' | 'en';

const HAN = /\p{Script=Han}/gu;
const LETTER = /\p{L}/gu;

/** Share of a text's letters that are Han characters (0 when it has no letter). */
export function cjkShare(text: string): number {
  const letters = text.match(LETTER)?.length ?? 0;
  if (letters === 0) return 0;
  return (text.match(HAN)?.length ?? 0) / letters;
}

/** 'zh' when Han characters make at least 20 % of the letters (a Chinese post with a brand name in Latin letters), else 'en'. */
export function detectLanguage(text: string): SentimentLanguage {
  return cjkShare(text) >= 0.2 ? 'zh' : 'en';
}
