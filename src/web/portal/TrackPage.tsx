import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { portalApi, portalErrorText, type Tracked } from './api.js';
import { TrackedView } from './TrackedView.js';

export interface Creds {
  trackingNo: string;
  accessCode: string;
}

/** Track a complaint by tracking number and access code (kept in memory only, never in the address). */
export default function TrackPage() {
  const { t } = useTranslation();
  const loc = useLocation();
  const given = (loc.state ?? null) as Creds | null;
  const [creds, setCreds] = useState<Creds | null>(null);
  const [data, setData] = useState<Tracked | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Creds>();

  const look = async (c: Creds) => {
    setBusy(true);
    setError(null);
    try {
      const d = await portalApi.post<Tracked>('/track', { trackingNo: c.trackingNo.trim(), accessCode: c.accessCode.trim() });
      setCreds({ trackingNo: c.trackingNo.trim(), accessCode: c.accessCode.trim() });
      setData(d);
    } catch (e) {
      setError(portalErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (given?.trackingNo && given.accessCode) {
      form.setFieldsValue(given);
      void look(given);
    }
    // Once, with what the result page handed over.
  }, []);

  if (data && creds)
    return (
      <TrackedView
        data={data}
        creds={creds}
        onChange={setData}
        onReset={() => {
          setData(null);
          setCreds(null);
          form.resetFields();
        }}
      />
    );

  return (
    <div data-testid="portal-track">
      <h1 className="portal-h1">{t('track.title')}</h1>
      <section className="portal-card">
        <Form<Creds> form={form} name="track" layout="vertical" onFinish={(v) => void look(v)}>
          <Form.Item name="trackingNo" label={t('track.trackingNo')} rules={[{ required: true, whitespace: true, message: t('track.trackingNoRequired') }]}>
            <Input maxLength={40} placeholder={t('track.trackingNoPlaceholder')} autoCapitalize="characters" autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item name="accessCode" label={t('track.accessCode')} rules={[{ required: true, whitespace: true, message: t('track.accessCodeRequired') }]}>
            <Input maxLength={40} autoCapitalize="characters" autoComplete="off" spellCheck={false} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" data-testid="portal-error" />}
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="portal-track-submit">
            {t('track.submit')}
          </Button>
        </Form>
      </section>
    </div>
  );
}
