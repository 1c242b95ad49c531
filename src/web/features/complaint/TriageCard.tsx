import { useState } from 'react';
import { Button, Card, Checkbox, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ComplaintDetail } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { FLAGS, LEVELS, type Level } from '../../../shared/enums.js';
import { LevelTag } from '../../components/tags.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

/** Category and level with confirm (the "triage" action) and override (PATCH with a reason). */
export function TriageCard({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (next?: ComplaintDetail) => void }) {
  const { t } = useTranslation();
  const { can, ref, categoryName } = useSession();
  const { message } = useFeedback();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ categoryId?: string | null; level: Level; flags: string[]; reason?: string }>();
  const canEdit = can('complaint.edit') && !['closed', 'merged', 'rejected'].includes(c.status);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const next = await api.patch<ComplaintDetail>(`/complaints/${c.id}`, {
        categoryId: v.categoryId ?? null,
        level: v.level,
        flags: Object.fromEntries(FLAGS.map((f) => [f, v.flags.includes(f)])),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      });
      message.success(t('complaint.overrideSaved'));
      setEditing(false);
      onDone(next);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('complaint.triage')}
      style={{ marginBottom: 12 }}
      extra={
        canEdit && !editing ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('complaint.edit')}
          </Button>
        ) : null
      }
      data-testid="triage-card"
    >
      {!editing ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space>
            <LevelTag level={c.level} long />
            {c.triage?.fastPath && <Tag color="red">{t('intake.fastPath')}</Tag>}
            {c.triage?.mass && <Tag color="volcano">{t('complaint.mass')}</Tag>}
          </Space>
          <span>
            {t('complaint.category')}：{categoryName(c.categoryId) || '—'}
          </span>
          {c.triage?.suggestion?.categoryId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('intake.suggested')}：{categoryName(c.triage.suggestion.categoryId)}
              {c.triage.suggestion.confidence !== null ? ` · ${t('intake.confidence', { value: Math.round((c.triage.suggestion.confidence ?? 0) * 100) })}` : ''}
            </Typography.Text>
          )}
          {c.triage?.explanation && (
            <div style={{ fontSize: 12 }} data-testid="complaint-triage-explanation">
              <Typography.Text type="secondary">{t('intake.explanation')}：</Typography.Text>
              {c.triage.explanation}
              {c.triage.factors.length > 0 && (
                <ul style={{ margin: '2px 0 0', paddingLeft: 16 }}>
                  {c.triage.factors.map((f, i) => (
                    <li key={i}>
                      {f.detail} <Typography.Text type="secondary">({f.contribution})</Typography.Text>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </Space>
      ) : (
        <Form
          form={form}
          layout="vertical"
          size="small"
          initialValues={{ categoryId: c.categoryId ?? undefined, level: c.level, flags: FLAGS.filter((f) => c.flags[f]) }}
        >
          <Form.Item name="categoryId" label={t('complaint.category')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={ref.categories.filter((x) => x.active || x.id === c.categoryId).map((x) => ({ value: x.id, label: categoryName(x.id) }))} />
          </Form.Item>
          <Form.Item name="level" label={t('level.label')}>
            <Radio.Group optionType="button" options={LEVELS.map((l) => ({ value: l, label: t(`level.short${l}`), title: t(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="flags" label={t('complaint.flags')}>
            <Checkbox.Group options={FLAGS.map((f) => ({ value: f, label: t(`flag.${f}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('complaint.editReason')}>
            <Input maxLength={1000} />
          </Form.Item>
          <Space>
            <Button type="primary" loading={busy} onClick={() => void save()}>
              {t('common.save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
