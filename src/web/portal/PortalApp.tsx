import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, Navigate, Route, Routes } from 'react-router';
import { Button, ConfigProvider, Spin, type ThemeConfig } from 'antd';
import type { Locale as AntLocale } from 'antd/es/locale/index.js';
import zhCNRaw from 'antd/es/locale/zh_CN.js';
import enUSRaw from 'antd/es/locale/en_US.js';
import { useTranslation } from 'react-i18next';
import { theme } from '../app/theme.js';
import { HomePage } from './HomePage.js';

// antd's es/ files are ES modules the bundler reads as such; TypeScript (NodeNext) sees them as CommonJS.
const zhCN = zhCNRaw as unknown as AntLocale;
const enUS = enUSRaw as unknown as AntLocale;

// The workspace's accessible palette, with light alert backgrounds (the derived ones are muddy).
const portalTheme: ThemeConfig = {
  ...theme,
  token: { ...theme.token, colorSuccessBg: '#f6ffed', colorSuccessBorder: '#95de64', colorWarningBg: '#fffbe6', colorWarningBorder: '#ffd666', colorErrorBg: '#fff1f0', colorErrorBorder: '#ffa39e' },
};

const SubmitPage = lazy(() => import('./SubmitPage.js'));
const TrackPage = lazy(() => import('./TrackPage.js'));
const SurveyPage = lazy(() => import('./SurveyPage.js'));

const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);

/** The public portal (/portal): no sign-in, phone first, Chinese by default with an English switch. */
export function PortalApp() {
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState(i18n.language);
  useEffect(() => {
    const h = (l: string) => setLang(l);
    i18n.on('languageChanged', h);
    return () => i18n.off('languageChanged', h);
  }, [i18n]);
  const other = lang === 'en' ? 'zh-CN' : 'en';

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={portalTheme} button={{ autoInsertSpace: false }}>
      <a className="skip-link" href="#portal-main">
        {t('app.skip')}
      </a>
      <header className="portal-header">
        <div className="portal-header-inner">
          <Link to="/portal" data-testid="portal-home-link">
            {t('app.title')}
          </Link>
          <Button size="small" ghost onClick={() => void i18n.changeLanguage(other)} lang={other} aria-label={t('app.langSwitchLabel')} data-testid="portal-lang">
            {t('app.langSwitch')}
          </Button>
        </div>
      </header>
      <main id="portal-main" className="portal-main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/portal" element={<HomePage />} />
            <Route path="/portal/submit" element={<SubmitPage />} />
            <Route path="/portal/track" element={<TrackPage />} />
            <Route path="/portal/survey/:token" element={<SurveyPage />} />
            <Route path="*" element={<Navigate to="/portal" replace />} />
          </Routes>
        </Suspense>
      </main>
    </ConfigProvider>
  );
}
