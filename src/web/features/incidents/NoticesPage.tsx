import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Card, Layout, List, Result, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { LOCALES, rememberLocale } from '../../i18n/index.js';
import type { Locale } from '../../api/types.js';
import { fmtDateTime } from '../../components/format.js';
import { useBi } from './bi.js';
import type { Notice } from './types.js';

/** The public notice page (公开声明): published statements in the visitor's language; no sign-in. */
function Frame({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  // A visitor who never chose a language here gets the browser's (en-* → English).
  useEffect(() => {
    let chosen = false;
    try {
      chosen = !!localStorage.getItem('redress.locale');
    } catch {
      /* storage unavailable */
    }
    if (!chosen && navigator.language.toLowerCase().startsWith('en') && i18n.language !== 'en') void i18n.changeLanguage('en');
  }, [i18n]);
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0', padding: '0 16px' }}>
        <Typography.Text strong>{t('app.name')}</Typography.Text>
        <Select<Locale>
          aria-label={t('notices.language')}
          size="small"
          style={{ width: 110 }}
          value={i18n.language as Locale}
          options={LOCALES}
          onChange={(v) => {
            rememberLocale(v);
            void i18n.changeLanguage(v);
          }}
        />
      </Layout.Header>
      <Layout.Content id="main" style={{ padding: 16, maxWidth: 860, width: '100%', margin: '0 auto' }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}

export default function NoticesPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const [items, setItems] = useState<Notice[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api
      .get<{ items: Notice[] }>('/public/notices')
      .then((r) => setItems(r.items))
      .catch(() => (setFailed(true), setItems([])));
  }, []);
  return (
    <Frame>
      <Typography.Title level={1}>{t('notices.title')}</Typography.Title>
      {failed && <Result status="warning" title={t('errors.generic')} />}
      <Card>
      <List<Notice>
        loading={!items}
        dataSource={items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('notices.empty')}</Typography.Text> }}
        renderItem={(n) => (
          <List.Item data-testid="notice">
            <List.Item.Meta title={<Link to={`/notices/${n.id}`}>{bi(n.title)}</Link>} description={t('notices.publishedAt', { time: fmtDateTime(n.publishedAt) })} />
          </List.Item>
        )}
      />
      </Card>
    </Frame>
  );
}

export function NoticePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const bi = useBi();
  const [notice, setNotice] = useState<Notice | null | 'missing'>(null);
  useEffect(() => {
    api
      .get<Notice>(`/public/notices/${encodeURIComponent(id)}`)
      .then(setNotice)
      .catch(() => setNotice('missing'));
  }, [id]);
  return (
    <Frame>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Link to="/notices">← {t('notices.back')}</Link>
        {notice === null ? (
          <Spin />
        ) : notice === 'missing' ? (
          <Result status="404" title={<h1 style={{ fontSize: 20 }}>{t('notices.notFound')}</h1>} />
        ) : (
          <Card data-testid="notice-detail">
            <Typography.Title level={1}>{bi(notice.title)}</Typography.Title>
            <Typography.Text type="secondary">{t('notices.publishedAt', { time: fmtDateTime(notice.publishedAt) })}</Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{bi(notice.body)}</Typography.Paragraph>
          </Card>
        )}
      </Space>
    </Frame>
  );
}
