import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Card, Descriptions, Result, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { LevelTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import type { CaseDetail } from './types.js';

/** One case: the redacted text, the condensed handling, lessons learned; the source only for those who may see it. */
export default function CasePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { categoryName } = useSession();
  const [c, setC] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api.get<CaseDetail>(`/cases/${encodeURIComponent(id)}`).then(setC, (e: ApiError) => setError(e));
  }, [id]);
  if (error) return <Result status="404" title={t('cases.detail.notFound')} subTitle={error.detail} />;
  if (!c) return <Spin />;
  const en = i18n.language === 'en';
  return (
    <div data-testid="case-page">
      <Typography.Title level={1} style={{ marginTop: 0 }}>{en ? c.titleEn : c.titleZh}</Typography.Title>
      <Typography.Paragraph type="secondary">{en ? c.titleZh : c.titleEn}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <LevelTag level={c.level} />
        {c.tags.map((x) => <Tag key={x}>{x}</Tag>)}
      </Space>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }} items={[
        { key: 'category', label: t('complaint.category'), children: categoryName(c.categoryId) || '—' },
        { key: 'created', label: t('cases.col.created'), children: fmtDateTime(new Date(c.createdAt).toISOString()) },
        { key: 'redactions', label: t('cases.col.redactions'), children: c.redactionCount },
        ...(c.sourceComplaintId ? [{ key: 'source', label: t('cases.detail.source'), children: <Link to={`/complaints/${c.sourceComplaintId}`}>{c.sourceComplaintId}</Link> }] : []),
      ]} />
      {c.lessons && <Card size="small" title={t('cases.detail.lessons')} style={{ marginBottom: 12 }}><div style={{ whiteSpace: 'pre-wrap' }}>{c.lessons}</div></Card>}
      <Card size="small" title={t('cases.detail.subject')} style={{ marginBottom: 12 }}>{c.content.subject}</Card>
      <Card size="small" title={t('cases.detail.description')} style={{ marginBottom: 12 }}><div style={{ whiteSpace: 'pre-wrap' }} data-testid="case-description">{c.content.description}</div></Card>
      {c.content.location && <Card size="small" title={t('cases.detail.location')} style={{ marginBottom: 12 }}>{c.content.location}</Card>}
      {c.content.replies.length > 0 && (
        <Card size="small" title={t('cases.detail.replies')} style={{ marginBottom: 12 }}>
          {c.content.replies.map((r, i) => <Typography.Paragraph key={i} style={{ whiteSpace: 'pre-wrap' }}>{r}</Typography.Paragraph>)}
        </Card>
      )}
      <Card size="small" title={t('cases.detail.timeline')}>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {c.content.timeline.map((s, i) => (
            <li key={i}>{t('cases.detail.day', { day: s.day })} · {s.to ? t(`status.${s.to}`) : s.kind}{s.body ? ` — ${s.body}` : ''}</li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
