import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { portalApi, portalErrorText, type SurveyAnswered, type SurveyView } from './api.js';
import { SurveyForm } from './SurveyForm.js';
import { localeChosen } from './i18n.js';

/** The survey a link opens (/portal/survey/<token>): no tracking number or code needed. */
export default function SurveyPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const [view, setView] = useState<SurveyView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    portalApi.get<SurveyView>(`/surveys/${encodeURIComponent(token)}`).then(
      (v) => {
        // The link was sent in the complainant's language: open in it unless they chose one here.
        if (!localeChosen() && v.survey.language !== i18n.language) void i18n.changeLanguage(v.survey.language);
        setView(v);
      },
      (e: unknown) => setError(portalErrorText(e, 'errors.survey_not_found')),
    );
  }, [token, i18n]);

  return (
    <div data-testid="portal-survey">
      <h1 className="portal-h1">{t('survey.title')}</h1>
      {error && <Alert type="error" showIcon title={error} role="alert" data-testid="portal-error" />}
      {!error && !view && (
        <div style={{ padding: 32, textAlign: 'center' }}>
          <Spin />
        </div>
      )}
      {view && view.survey.status === 'answered' && <Result status="success" title={<span style={{ fontSize: 18 }}>{t('survey.already')}</span>} subTitle={view.survey.result ? t('track.surveyResult', { result: t(`survey.result.${view.survey.result}`) }) : undefined} />}
      {view && view.survey.status === 'open' && (
        <section className="portal-card">
          <p style={{ marginTop: 0 }}>{t('survey.intro', { trackingNo: view.trackingNo })}</p>
          <SurveyForm onAnswer={(v) => portalApi.post<SurveyAnswered>(`/surveys/${encodeURIComponent(token)}`, v)} />
        </section>
      )}
    </div>
  );
}
