import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.js';
import { errorMessage, LOCALES } from '../../i18n/index.js';
import type { Locale } from '../../api/types.js';

export default function LoginPage({ reason }: { reason?: 'expired' | 'logged_out' }) {
  const { t, i18n } = useTranslation();
  const { login, setLocale } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.email, v.password);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #0f2a5c 0%, #1658c4 100%)' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Text strong style={{ fontSize: 24, marginBottom: 12 }}>
            {t('app.short')}
          </Typography.Text>
          <Select<Locale> size="small" aria-label={t('nav.language')} style={{ width: 110 }} value={i18n.language as Locale} options={LOCALES} onChange={(v) => void setLocale(v)} />
        </div>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        <h1 style={{ fontSize: 18, margin: '0 0 16px' }}>{t('login.title')}</h1>
        {reason === 'expired' && <Alert role="status" type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
        {reason === 'logged_out' && <Alert role="status" type="info" showIcon title={t('login.loggedOut')} style={{ marginBottom: 16 }} />}
        {error && <Alert role="alert" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, message: t('login.emailRequired') }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
