import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from './zh-CN.js';
import en from './en.js';
import { ApiError } from '../api/client.js';
import type { Locale } from '../api/types.js';

export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
];

const STORAGE_KEY = 'redress.locale';

/** Before sign-in the language comes from this browser; after sign-in from the user's profile. */
export function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

export function rememberLocale(l: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* storage unavailable */
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;

/** A user-facing message for an API error: the translated code when we know it, else the server's detail. */
export function errorMessage(e: unknown): string {
  const t = i18n.t.bind(i18n);
  if (e instanceof ApiError) {
    const code = e.code.startsWith('illegal_transition') ? 'illegal_transition' : e.code;
    const key = `errors.${code}`;
    const known = i18n.exists(key) ? t(key) : null;
    if (code === 'validation_failed' && e.errors?.length) return `${t(key)}: ${e.errors.map((x) => `${x.path} ${x.message}`).join('; ')}`;
    if (known) return known;
    return e.detail || t('errors.generic');
  }
  return (e as Error)?.message || t('errors.generic');
}
