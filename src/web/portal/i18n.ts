// The portal's own i18next instance: Chinese by default, English on request; only the portal's strings.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from '../i18n/portal.zh-CN.js';
import en from '../i18n/portal.en.js';

export type PortalLocale = 'zh-CN' | 'en';
const STORAGE_KEY = 'redress.portal.locale';

/** Whether this visitor picked a language (the switch, or ?lang=), rather than getting the default. */
export function localeChosen(): boolean {
  if (new URLSearchParams(location.search).get('lang')) return true;
  try {
    return localStorage.getItem(STORAGE_KEY) !== null;
  } catch {
    return false;
  }
}

function initial(): PortalLocale {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'en' || q === 'zh-CN') return q;
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: initial(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

const syncDocument = (lng: string) => {
  document.documentElement.lang = lng;
  document.title = i18n.t('app.title');
};
i18n.on('languageChanged', (lng) => {
  syncDocument(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    /* storage unavailable */
  }
});
syncDocument(i18n.language);

export default i18n;
