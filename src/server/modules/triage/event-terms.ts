/**
 * The terms the same-event matcher (event-matcher.ts) compares: content words of a complaint's
 * segmented text without hotline boilerplate, districts and its own place names, the character pairs
 * inside them, and the event kinds it mentions (event-types.ts). Pure.
 */
import { ENGLISH_STOPWORDS, HOTLINE_STOPWORDS } from './event-stopwords.js';
import { KIND_WORDS, eventKinds, eventKindsEnglish } from './event-types.js';
import type { EventFeatures } from './event-matcher.js';

/**
 * Weibo topic tags (#话题#) and repost marks (//@user:): every post on one news story carries the same
 * tag, so the tag says which story a post reacts to, not what happened where; it is left out.
 */
export function stripTopicTags(text: string): string {
  return text.replace(/#[^#\n]{1,40}#/gu, ' ').replace(/\/\/@[^:：\s]{1,30}[:：]/gu, ' ');
}

/** Content words: no boilerplate, digits or district names, and none that belong to the complaint's own place names. */
export function contentTerms(f: EventFeatures): Map<string, number> {
  const tf = new Map<string, number>();
  for (const k of [...eventKinds(f.w.replaceAll(' ', '')), ...eventKindsEnglish(f.w)]) tf.set(k, KIND_WEIGHT);
  for (const w of f.w.split(' ')) {
    if (!w || HOTLINE_STOPWORDS.has(w) || ENGLISH_STOPWORDS.has(w) || /^[\d.]+$/.test(w) || /^[a-z]$/.test(w) || ADMIN_AREA.test(w)) continue;
    if (f.p.some((p) => p.includes(w)) && (w.length > 1 || !/[水电气]/u.test(w))) continue;
    tf.set(w, (tf.get(w) ?? 0) + 1);
    // Character pairs inside longer words, and the characters of two-character ones, join different
    // wordings of one thing (停车场/停车费, 停水/没水, 燃气/停气).
    if (w.length > 2 && /^\p{Script=Han}+$/u.test(w)) for (let i = 0; i + 2 <= w.length; i++) add(tf, '~' + w.slice(i, i + 2));
    else if (w.length === 2 && /^\p{Script=Han}+$/u.test(w)) for (const ch of w) if (!HOTLINE_STOPWORDS.has(ch)) add(tf, '~' + ch);
  }
  return tf;
}

/**
 * Whether two term maps share a whole content word that is not an event kind or one of its words,
 * nor a word of what a caller senses (声音, 味道): every noise complaint has a 声音, so 隔壁装修声音大
 * and a construction site's 打桩机声音太大 share no detail of one occurrence.
 */
export function sharesDetail(a: Map<string, number>, b: Map<string, number>): boolean {
  for (const t of a.keys()) if (t.length >= 2 && t[0] !== '#' && t[0] !== '~' && !KIND_WORDS.has(t) && !SENSE_WORDS.has(t) && b.has(t)) return true;
  return false;
}

/** Words for what is heard or smelt, whatever makes it: no detail of which event (see `sharesDetail`). */
const SENSE_WORDS: ReadonlySet<string> = new Set(['声音', '声响', '响声', '动静', '味道', 'sound', 'sounds']);

/** District and city names (江北区, 南湖区): the same for every event in the district. */
const ADMIN_AREA = /^\p{Script=Han}{1,6}(?:区|市|县|镇|乡|省|街道)$/u;

/** Term frequency given to an event kind (停水, 欠薪 …): it says what happened in any wording. */
const KIND_WEIGHT = 3;

function add(tf: Map<string, number>, t: string): void {
  tf.set(t, (tf.get(t) ?? 0) + 1);
}
