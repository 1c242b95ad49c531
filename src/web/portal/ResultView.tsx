import { Alert, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton.js';
import type { Outcome } from './SubmitPage.js';

/** After a submission: the tracking number and access code, large, with copy buttons and a warning. */
export function ResultView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const row = (label: string, value: string, testId: string) => (
    <div style={{ marginBottom: 16 }}>
      <span className="portal-muted" id={`${testId}-label`}>
        {label}
      </span>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <span className="portal-code" data-testid={testId} aria-labelledby={`${testId}-label`}>
          {value}
        </span>
        <CopyButton text={value} what={label} testId={`${testId}-copy`} />
      </div>
    </div>
  );
  return (
    <div data-testid="portal-result">
      <h1 className="portal-h1">{t('result.title')}</h1>
      <p>{t('result.text')}</p>
      <section className="portal-card">
        {row(t('result.trackingNo'), outcome.trackingNo, 'portal-tracking-no')}
        {row(t('result.accessCode'), outcome.accessCode, 'portal-access-code')}
        <Alert type="warning" showIcon title={t('result.keepCode')} data-testid="portal-keep-code" />
      </section>
      {outcome.uploaded > 0 && <Alert style={{ marginTop: 12 }} type="success" showIcon title={t('result.attachmentsDone', { count: outcome.uploaded })} />}
      {outcome.failedFiles.length > 0 && <Alert style={{ marginTop: 12 }} type="error" showIcon title={t('result.attachmentsFailed', { names: outcome.failedFiles.join(', ') })} />}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 16 }}>
        <Button type="primary" size="large" block onClick={() => void navigate('/portal/track', { state: { trackingNo: outcome.trackingNo, accessCode: outcome.accessCode } })} data-testid="portal-result-track">
          {t('result.track')}
        </Button>
        <Button size="large" block onClick={() => void navigate('/portal')}>
          {t('result.home')}
        </Button>
      </div>
    </div>
  );
}
