import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import type { Complaint, Page } from '../../api/types.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

/** A caller phoning back with the tracking number they were given: find the earlier complaint. */
export function TrackingLookup() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [found, setFound] = useState<Complaint[] | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async (raw: string) => {
    const q = raw.trim();
    if (!q) return setFound(null);
    setBusy(true);
    try {
      setFound((await api.get<Page<Complaint>>(`/complaints${qs({ q, limit: 5 })}`)).items);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Form.Item label={t('hotline.trackingLookup')} style={{ marginBottom: 8 }}>
        <Input.Search
          placeholder={t('hotline.trackingPlaceholder')}
          enterButton={t('hotline.trackingFind')}
          maxLength={40}
          loading={busy}
          allowClear
          onSearch={(v) => void find(v)}
          // Enter searches; it must not submit the intake form around it.
          onPressEnter={(e) => e.preventDefault()}
          aria-label={t('hotline.trackingLookup')}
          data-testid="tracking-lookup"
        />
      </Form.Item>
      {found && (
        <Alert
          type={found.length ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="tracking-found"
          title={found.length ? t('hotline.trackingFound', { count: found.length }) : t('hotline.trackingNotFound')}
          description={
            found.length ? (
              <ul style={{ margin: 0, paddingLeft: 16, fontSize: 12 }}>
                {found.map((c) => (
                  <li key={c.id}>
                    <Link to={`/complaints/${c.id}`} target="_blank" rel="noopener">
                      {c.trackingNo}
                    </Link>{' '}
                    {c.subject} · {t(`status.${c.status}`)} · {fmtDateTime(c.createdAt)}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
    </>
  );
}
