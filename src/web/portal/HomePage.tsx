import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="portal-home">
      <h1 className="portal-h1">{t('app.subtitle')}</h1>
      <div className="portal-home-cards">
        <section className="portal-card">
          <h2 className="portal-h2">{t('home.submitTitle')}</h2>
          <p>{t('home.submitText')}</p>
          <Button type="primary" size="large" block onClick={() => void navigate('/portal/submit')} data-testid="portal-go-submit">
            {t('home.submitButton')}
          </Button>
        </section>
        <section className="portal-card">
          <h2 className="portal-h2">{t('home.trackTitle')}</h2>
          <p>{t('home.trackText')}</p>
          <Button size="large" block onClick={() => void navigate('/portal/track')} data-testid="portal-go-track">
            {t('home.trackButton')}
          </Button>
        </section>
      </div>
      <p className="portal-muted" style={{ marginTop: 16 }}>{t('home.hotline')}</p>
    </div>
  );
}
