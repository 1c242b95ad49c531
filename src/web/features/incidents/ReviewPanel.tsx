import { useCallback, useEffect, useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError } from './bi.js';
import { useUsers } from './useUsers.js';
import type { Incident, Person } from './types.js';

interface Action { id: string; type: string; title: string; owner: Person; dueAt: string; status: 'open' | 'done'; overdue: boolean; planVersion: { version: number } | null }
interface Review {
  status: 'none' | 'draft' | 'completed';
  findings: string | null;
  metrics: { timeToAcknowledgeMinutes: number | null; timeToFirstContactMinutes: number | null; timeToContainmentMinutes: number | null; timeToResolutionMinutes: number | null; tasksOnTime: number; tasksTotal: number; sitrepsOnTime: number; sitrepsTotal: number };
  actions: Action[];
}
const TYPES = ['revise_plan', 'training', 'process', 'other'] as const;

/** The post-incident review (复盘): metrics from the timeline, findings, improvement actions (revise_plan opens a plan draft). */
export function ReviewPanel({ incident, version }: { incident: Incident; version: number }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const users = useUsers();
  const [review, setReview] = useState<Review | null>(null);
  const [findings, setFindings] = useState('');
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ type: string; title: string; ownerId: string; dueAt: Dayjs }>();
  const base = `/incidents/${incident.id}/review`;
  const editable = incident.can.command && review?.status !== 'completed';

  const load = useCallback(async () => {
    try {
      const r = await api.get<Review>(base);
      setReview(r);
      setFindings(r.findings ?? '');
    } catch (e) {
      message.error(ctError(e));
    }
  }, [base, message]);
  useEffect(() => void load(), [load, version]);

  const run = async (fn: () => Promise<Review>, done = t('review.saved')) => {
    try {
      const r = await fn();
      setReview(r);
      message.success(done);
      return r;
    } catch (e) {
      message.error(ctError(e));
      return null;
    }
  };
  const addAction = async () => {
    const v = await form.validateFields();
    const r = await run(() => api.post<Review>(`${base}/actions`, { type: v.type, title: v.title, ownerId: v.ownerId, dueAt: v.dueAt.toISOString() }));
    if (!r) return;
    const opened = v.type === 'revise_plan' ? r.actions.find((a) => a.planVersion)?.planVersion : null;
    if (opened) message.info(t('review.newDraft', { v: opened.version }));
    setAdding(false);
  };
  if (!review) return null;
  const m = review.metrics;
  const mins = (n: number | null) => (n === null ? t('common.none') : t('review.minutes', { n }));

  return (
    <Card size="small" title={t('review.title')} extra={<Tag>{t(`review.status.${review.status}`)}</Tag>} data-testid="review-panel">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('review.ack')}>{mins(m.timeToAcknowledgeMinutes)}</Descriptions.Item>
        <Descriptions.Item label={t('review.contact')}>{mins(m.timeToFirstContactMinutes)}</Descriptions.Item>
        <Descriptions.Item label={t('review.containment')}>{mins(m.timeToContainmentMinutes)}</Descriptions.Item>
        <Descriptions.Item label={t('review.resolution')}>{mins(m.timeToResolutionMinutes)}</Descriptions.Item>
        <Descriptions.Item label={t('review.tasksOnTime')}>{t('review.ratio', { a: m.tasksOnTime, b: m.tasksTotal })}</Descriptions.Item>
        <Descriptions.Item label={t('review.sitrepsOnTime')}>{t('review.ratio', { a: m.sitrepsOnTime, b: m.sitrepsTotal })}</Descriptions.Item>
      </Descriptions>
      {editable ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea aria-label={t('review.findings')} placeholder={t('review.findings')} rows={4} maxLength={20000} value={findings} onChange={(e) => setFindings(e.target.value)} />
          <Space wrap>
            <Button size="small" onClick={() => void run(() => api.put<Review>(base, { findings }))}>{t('review.save')}</Button>
            <Button size="small" type="primary" disabled={incident.status !== 'resolved' || !findings.trim()} title={incident.status !== 'resolved' ? t('review.needResolved') : undefined} onClick={() => void run(() => api.post<Review>(`${base}/complete`, { findings }))}>
              {t('review.complete')}
            </Button>
            <Button size="small" onClick={() => (form.resetFields(), setAdding(true))}>{t('review.addAction')}</Button>
          </Space>
        </Space>
      ) : (
        review.findings && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{review.findings}</Typography.Paragraph>
      )}
      {review.actions.length > 0 && (
        <Table<Action> rowKey="id" size="small" pagination={false} style={{ marginTop: 8 }} dataSource={review.actions} columns={[
          { title: t('review.actionTitle'), key: 'title', render: (_, a) => <>{a.title} {a.planVersion && <Tag color="blue">v{a.planVersion.version}</Tag>}</> },
          { title: t('review.type'), key: 'type', width: 100, render: (_, a) => t(`review.typeOf.${a.type}`) },
          { title: t('review.owner'), key: 'owner', width: 90, render: (_, a) => a.owner?.name ?? '' },
          { title: t('review.dueAt'), key: 'due', width: 140, render: (_, a) => <Typography.Text type={a.overdue ? 'danger' : undefined}>{fmtDateTime(a.dueAt)}</Typography.Text> },
          { title: t('common.actions'), key: 'act', width: 80, render: (_, a) => (a.status === 'open' ? <Button size="small" onClick={() => void run(() => api.post<Review>(`${base}/actions/${a.id}/done`, {}))}>{t('review.done')}</Button> : t('review.actionStatus.done')) },
        ]} />
      )}
      <Modal open={adding} title={t('review.addAction')} okText={t('common.confirm')} cancelText={t('common.cancel')} onOk={() => void addAction()} onCancel={() => setAdding(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ type: 'process' }}>
          <Form.Item name="type" label={t('review.type')} rules={[{ required: true }]}><Select options={TYPES.map((x) => ({ value: x, label: t(`review.typeOf.${x}`) }))} /></Form.Item>
          <Form.Item name="title" label={t('review.actionTitle')} rules={[{ required: true, whitespace: true, message: t('ctErrors.invalid') }]}><Input maxLength={500} /></Form.Item>
          <Form.Item name="ownerId" label={t('review.owner')} rules={[{ required: true, message: t('ctErrors.invalid') }]}><Select showSearch optionFilterProp="label" options={users.map((u) => ({ value: u.id, label: u.name }))} /></Form.Item>
          <Form.Item name="dueAt" label={t('review.dueAt')} rules={[{ required: true, message: t('ctErrors.invalid') }]}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
