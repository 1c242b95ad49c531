// Small helpers shared by the plan and incident screens: the one language of a bilingual text, and
// error messages that never fall back to the server's (English) detail on a Chinese screen.
import { useTranslation } from 'react-i18next';
import i18n, { errorMessage } from '../../i18n/index.js';
import { ApiError } from '../../api/client.js';
import type { Bi } from './types.js';

/** The visitor's language of a bilingual text: a screen never shows both. */
export function useBi(): (b: Bi | null | undefined) => string {
  const { i18n: i } = useTranslation();
  return (b) => (b ? (i.language === 'en' ? b.en : b.zh) : '');
}

/** A translated message for a contingency/incident error code, else the app's general one. */
export function ctError(e: unknown): string {
  if (e instanceof ApiError) {
    const key = `ctErrors.${e.code}`;
    if (i18n.exists(key)) return i18n.t(key);
    if (e.code !== 'validation_failed' && !i18n.exists(`errors.${e.code}`)) return i18n.t('errors.generic');
  }
  return errorMessage(e);
}

/** Minor units (fen) as a money amount in the UI language. */
export function fmtMoney(fen: number, currency = 'CNY'): string {
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { style: 'currency', currency }).format(fen / 100);
}

/** A step's offset after activation as "T+30 分钟" / "T+2 h" (whole hours when it divides). */
export function fmtOffset(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return i18n.t('ctEdit.tplusHour', { h: minutes / 60 });
  return i18n.t('ctEdit.tplusMin', { m: minutes });
}

/**
 * An incident's title for display. A drill's stored title starts with the server's bilingual mark
 * "【演练】[DRILL]"; screens show the mark as a tag in their own language instead, so it is dropped here.
 */
export function incidentTitle(i: { title: string; isDrill: boolean }): string {
  return i.isDrill ? i.title.replace(/^\s*【演练】\s*\[DRILL\]\s*/, '') : i.title;
}
