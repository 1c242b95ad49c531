import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import type { Attachment, ComplaintDetail, TimelineEntry } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { MakeCaseButton } from '../cases/MakeCaseDialog.js';
import { LevelTag, StatusTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { ActionBar } from './ActionBar.js';
import { ActivatePlanButton } from '../contingency/ActivatePlanButton.js';
import { TimelineView } from './TimelineView.js';
import { Composer } from './Composer.js';
import { Attachments } from './Attachments.js';
import { PlanPanel } from './PlanPanel.js';
import { ComplainantCard } from './ComplainantCard.js';
import { MessagesCard } from './MessagesCard.js';
import { TriageCard } from './TriageCard.js';
import { SlaCard } from './SlaCard.js';
import { FlagsCard } from './FlagsCard.js';
import { ConversationCard } from './ConversationCard.js';
import { useLiveEvents } from '../../app/live.js';
import { useFeedback } from '../../app/feedback.js';

export default function ComplaintPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = useFeedback();
  const { deptName, categoryName, userName, can } = useSession();
  const [c, setC] = useState<ComplaintDetail | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    try {
      const [detail, tl, at] = await Promise.all([
        api.get<ComplaintDetail>(`/complaints/${id}`),
        api.get<{ items: TimelineEntry[] }>(`/complaints/${id}/timeline`),
        api.get<{ items: Attachment[] }>(`/complaints/${id}/attachments`),
      ]);
      setC(detail);
      setTimeline(tl.items);
      setAttachments(at.items);
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setError(e);
      else message.error(errorMessage(e));
    }
  }, [id, message]);

  useEffect(() => {
    setC(null);
    void reload();
  }, [reload]);

  useEffect(() => {
    if (c) document.title = `${c.trackingNo} · Redress`;
    return () => {
      document.title = 'Redress';
    };
  }, [c]);

  /** After any change: take the server's answer, then refresh the timeline. */
  const applied = useCallback(
    (next?: ComplaintDetail) => {
      if (next) setC(next);
      void api.get<{ items: TimelineEntry[] }>(`/complaints/${id}/timeline`).then((r) => setTimeline(r.items), () => undefined);
      if (!next) void reload();
    },
    [id, reload],
  );

  // Live: this complaint changed elsewhere (another user, a deadline timer) → reload it.
  const [slaTick, setSlaTick] = useState(0);
  useLiveEvents((e) => {
    if (e.type === 'reset' || e.data.complaintId === id) {
      if (e.type.startsWith('sla.')) setSlaTick((x) => x + 1);
      void reload();
    }
  });

  if (error) return <Result status="404" title={t('complaint.notFound')} subTitle={error.detail} />;
  if (!c) return <Spin style={{ display: 'block', padding: 48 }} />;

  return (
    <div data-testid="complaint-page">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 12, marginBottom: 12 }}>
        <div style={{ minWidth: 0 }}>
          <Space size={8} wrap>
            <LevelTag level={c.level} long />
            <StatusTag status={c.status} />
            <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }} data-testid="complaint-tracking">
              {c.trackingNo}
            </Typography.Text>
          </Space>
          <Typography.Title level={1} style={{ margin: '6px 0 0', wordBreak: 'break-word' }} data-testid="complaint-subject">
            {c.subject}
          </Typography.Title>
        </div>
        <Space>
          <ActivatePlanButton complaintId={c.id} title={c.subject} />
          <MakeCaseButton complaintId={c.id} status={c.status} can={can('case.create')} />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('complaint.reload')} />
        </Space>
      </div>
      <ActionBar complaint={c} onDone={applied} />
      {c.mergedIntoId && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${t('complaint.mergedInto')}: ${c.mergedIntoId}`} />}
      <Row gutter={16}>
        <Col span={16}>
          <Card size="small" title={t('complaint.description')} style={{ marginBottom: 12 }}>
            <Typography.Paragraph className="pre-wrap" style={{ marginBottom: 0 }} data-testid="complaint-description">
              {c.description}
            </Typography.Paragraph>
          </Card>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Tabs
              size="small"
              items={[
                { key: 'composer', label: t('complaint.composer'), children: <Composer complaint={c} onDone={applied} /> },
                { key: 'plan', label: <span data-testid="tab-plan">{t('complaint.plan')}{c.plan?.status === 'submitted' ? <Tag color="orange" style={{ marginLeft: 6 }}>{t('plan.status.submitted')}</Tag> : null}</span>, children: <PlanPanel complaint={c} onDone={applied} /> },
                { key: 'attachments', label: `${t('complaint.attachments')} (${attachments.length})`, children: <Attachments complaint={c} items={attachments} onUploaded={(a) => { setAttachments((x) => [...x, a]); applied(); }} /> },
              ]}
            />
          </Card>
          <Card size="small" title={t('complaint.timeline')}>
            <TimelineView items={timeline} />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title={t('complaint.details')} style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'category', label: t('complaint.category'), children: categoryName(c.categoryId) || '—' },
                { key: 'department', label: t('complaint.department'), children: deptName(c.departmentId) || '—' },
                { key: 'owner', label: t('complaint.owner'), children: c.ownerId ? userName(c.ownerId) : '—' },
                { key: 'channel', label: t('complaint.channel'), children: t(`channel.${c.channel}`) },
                { key: 'created', label: t('complaint.createdAt'), children: fmtDateTime(c.createdAt) },
                ...(c.occurredAt ? [{ key: 'occurred', label: t('complaint.occurredAt'), children: fmtDateTime(c.occurredAt) }] : []),
                ...(c.location?.text ? [{ key: 'location', label: t('complaint.location'), children: c.location.text }] : []),
              ]}
            />
          </Card>
          <FlagsCard complaint={c} onDone={applied} />
          <SlaCard complaint={c} version={c.version * 1000 + slaTick} onChanged={() => applied()} />
          <TriageCard complaint={c} onDone={applied} />
          <ComplainantCard complaint={c} onChanged={() => applied()} />
          <MessagesCard complaint={c} onDone={applied} />
          <ConversationCard complaintId={c.id} version={c.version} />
        </Col>
      </Row>
    </div>
  );
}
