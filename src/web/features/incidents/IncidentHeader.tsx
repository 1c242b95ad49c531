import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { LevelTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import type { IncidentStatus } from '../../../shared/contingency.js';
import { ctError, incidentTitle, useBi } from './bi.js';
import { DrillTag, IncidentStatusTag } from './IncidentTags.js';
import type { Incident } from './types.js';

/** The statuses an incident may move to from each one (the server's incident.policy.ts checks again). */
const NEXT: Record<IncidentStatus, IncidentStatus[]> = { active: ['stable', 'resolved'], stable: ['active', 'resolved'], resolved: ['active', 'closed'], closed: [] };

/** Code, title, level and status with their transitions, and the plan version the incident runs. */
export function IncidentHeader({ incident, onChange }: { incident: Incident; onChange: (i: Incident) => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = useFeedback();
  const [levelOpen, setLevelOpen] = useState(false);
  const [form] = Form.useForm<{ level: number; reason: string }>();
  const next = NEXT[incident.status].filter((s) => s !== 'closed' || incident.can.close);

  const move = async (status: IncidentStatus) => {
    try {
      onChange(await api.post<Incident>(`/incidents/${incident.id}/status`, { status }));
      message.success(t('inc.statusChanged'));
    } catch (e) {
      message.error(ctError(e));
    }
  };
  const changeLevel = async () => {
    const v = await form.validateFields();
    try {
      onChange(await api.post<Incident>(`/incidents/${incident.id}/level`, v));
      message.success(t('inc.levelChanged'));
      setLevelOpen(false);
    } catch (e) {
      message.error(ctError(e));
    }
  };

  return (
    <Card size="small" data-testid="incident-header">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {incidentTitle(incident)}
          </Typography.Title>
          {incident.isDrill && <DrillTag />}
          <LevelTag level={incident.level} long />
          <IncidentStatusTag status={incident.status} />
        </Space>
        {incident.can.command && (
          <Space wrap>
            {next.map((s) => (
              <Button key={s} size="small" data-testid={`status-${s}`} onClick={() => void move(s)}>
                {t('inc.moveTo', { status: t(`inc.statusOf.${s}`) })}
              </Button>
            ))}
            {incident.status !== 'closed' && (
              <Button size="small" data-testid="change-level" onClick={() => (form.setFieldsValue({ level: incident.level, reason: '' }), setLevelOpen(true))}>
                {t('inc.changeLevel')}
              </Button>
            )}
          </Space>
        )}
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('inc.code')}>{incident.code}</Descriptions.Item>
        <Descriptions.Item label={t('inc.plan')}>
          <Link to={`/plans/${incident.plan.id}?version=${incident.plan.versionId}`} data-testid="incident-plan-link">
            {bi(incident.plan.title)} · v{incident.plan.version}
          </Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('inc.trigger')}>{t(`inc.triggerOf.${incident.trigger}`)}</Descriptions.Item>
        <Descriptions.Item label={t('inc.activatedAt')}>
          <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(incident.activatedAt)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('inc.sitrepDue')}>
          {incident.sitrepOverdue ? <Tag color="error">{t('inc.sitrepOverdue')}</Tag> : <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(incident.sitrepDueAt) || t('common.none')}</span>}
        </Descriptions.Item>
        <Descriptions.Item label={t('inc.response')} span={3}>
          {bi(incident.response.text)}
        </Descriptions.Item>
      </Descriptions>
      <Modal open={levelOpen} title={t('inc.changeLevel')} okText={t('common.confirm')} cancelText={t('common.cancel')} onOk={() => void changeLevel()} onCancel={() => setLevelOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="level" label={t('inc.newLevel')} rules={[{ required: true }]}>
            <Select options={[1, 2, 3, 4].map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('inc.reason')} rules={[{ required: true, whitespace: true, message: t('ctErrors.reason_required') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
