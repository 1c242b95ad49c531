import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { CheckOutlined, EditOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ComplaintDetail } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { LEVELS, type Level } from '../../../shared/enums.js';
import { LevelTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

const ENDED = ['closed', 'merged', 'rejected'];

/**
 * Triage: status (ok / failed with attempts and a rerun), suggestion and level with the explanation,
 * fast path, cluster and repeat-of links, and confirm/override through POST /complaints/:id/triage
 * (an override needs a reason; both teach the classifier).
 */
export function TriageCard({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (next?: ComplaintDetail) => void }) {
  const { t } = useTranslation();
  const { can, ref, categoryName, userName } = useSession();
  const { message } = useFeedback();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'confirm' | 'save' | 'rerun' | null>(null);
  const [form] = Form.useForm<{ categoryId?: string; level: Level; reason?: string }>();
  const tri = c.triage ?? null;
  const canTriage = can('complaint.triage') && !ENDED.includes(c.status);
  const suggestedCategory = tri?.suggestion?.categoryId ?? null;
  const suggestedLevel = tri?.level ?? null;
  // What the server compares against: a different category or level than the suggestion is an override.
  const isOverride = (categoryId: string | undefined, level: Level | undefined) => categoryId !== (suggestedCategory ?? undefined) || level !== (suggestedLevel ?? undefined);
  const categoryId = Form.useWatch('categoryId', form);
  const level = Form.useWatch('level', form);
  const overriding = editing && isOverride(categoryId, level);
  // One-click confirm: only when the complaint carries exactly what triage suggested.
  const canQuickConfirm = canTriage && !tri?.confirmation && !!suggestedCategory && (c.categoryId ?? suggestedCategory) === suggestedCategory && c.level === suggestedLevel;

  const send = async (body: { categoryId: string; level: Level; reason?: string }, kind: 'confirm' | 'save') => {
    setBusy(kind);
    try {
      const next = await api.post<ComplaintDetail>(`/complaints/${c.id}/triage`, body);
      message.success(kind === 'confirm' ? t('triage.confirmed') : t('complaint.overrideSaved'));
      setEditing(false);
      onDone(next);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const reason = v.reason?.trim();
    await send({ categoryId: v.categoryId!, level: v.level, ...(reason ? { reason } : {}) }, 'save');
  };

  const rerun = async () => {
    setBusy('rerun');
    try {
      const next = await api.post<ComplaintDetail>(`/complaints/${c.id}/triage/rerun`);
      message.success(t('triage.rerunDone'));
      onDone(next);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const startEdit = () => setEditing(true);

  return (
    <Card
      size="small"
      title={t('complaint.triage')}
      style={{ marginBottom: 12 }}
      extra={
        canTriage && !editing ? (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={startEdit} data-testid="triage-override">
            {t('triage.override')}
          </Button>
        ) : null
      }
      data-testid="triage-card"
      data-triage-status={tri?.status ?? 'none'}
    >
      {tri?.status === 'failed' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="triage-failed"
          title={t('triage.failed', { count: tri.attempts ?? 0 })}
          description={tri.error ? <Typography.Text style={{ fontSize: 12 }}>{tri.error}</Typography.Text> : undefined}
          action={
            canTriage ? (
              <Button size="small" icon={<RedoOutlined />} loading={busy === 'rerun'} onClick={() => void rerun()}>
                {t('triage.rerun')}
              </Button>
            ) : undefined
          }
        />
      )}
      {!editing ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap size={4}>
            <LevelTag level={c.level} long />
            {tri && tri.status === 'ok' && <Tag color="green" data-testid="triage-ok">{t('triage.status.ok')}</Tag>}
            {tri?.fastPath && <Tag color="red" data-testid="triage-fast-path">{t('intake.fastPath')}</Tag>}
            {(tri?.mass || tri?.cluster?.mass) && <Tag color="volcano">{t('complaint.mass')}</Tag>}
          </Space>
          <span>
            {t('complaint.category')}：{categoryName(c.categoryId) || '—'}
          </span>
          {tri?.suggestion?.categoryId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('intake.suggested')}：{categoryName(tri.suggestion.categoryId)}
              {/* A confidence is shown only where the model is calibrated for the category; otherwise it would overstate. */}
              {tri.suggestion.calibrated && tri.suggestion.confidence !== null ? ` · ${t('intake.confidence', { value: Math.round(tri.suggestion.confidence * 100) })}` : ` · ${t('intake.suggestionOnly')}`}
              {tri.suggestion.applied ? ` · ${t('intake.suggestionApplied')}` : ''}
              {suggestedLevel ? ` · ${t('level.label')} ${t(`level.short${suggestedLevel}`)}` : ''}
            </Typography.Text>
          )}
          {tri?.cluster && (
            <span style={{ fontSize: 12 }} data-testid="triage-cluster">
              {t('triage.cluster')}：<Link to={`/clusters/${tri.cluster.id}`}>{t('triage.clusterSize', { count: tri.cluster.size ?? 0 })}</Link>
            </span>
          )}
          {tri?.repeatOf && (
            <span style={{ fontSize: 12 }} data-testid="triage-repeat">
              {t('triage.repeatOf')}：<Link to={`/complaints/${tri.repeatOf.id}`}>{tri.repeatOf.trackingNo ?? tri.repeatOf.id.slice(0, 8)}</Link>
            </span>
          )}
          {tri?.explanation && (
            <div style={{ fontSize: 12 }} data-testid="complaint-triage-explanation">
              <Typography.Text type="secondary">{t('intake.explanation')}：</Typography.Text>
              {tri.explanation}
              {tri.factors.length > 0 && (
                <ul style={{ margin: '2px 0 0', paddingLeft: 16 }}>
                  {tri.factors.map((f, i) => (
                    <li key={i}>
                      {f.detail} <Typography.Text type="secondary">({f.contribution})</Typography.Text>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {tri?.confirmation ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="triage-confirmation" data-overridden={tri.confirmation.overridden ? '1' : '0'}>
              {tri.confirmation.overridden ? t('triage.overriddenBy', { name: userName(tri.confirmation.by) }) : t('triage.confirmedBy', { name: userName(tri.confirmation.by) })}
              {' · '}
              {fmtDateTime(tri.confirmation.at)}
              {tri.confirmation.reason ? ` · ${t('common.reason')}：${tri.confirmation.reason}` : ''}
            </Typography.Text>
          ) : (
            canQuickConfirm && (
              <Button size="small" icon={<CheckOutlined />} loading={busy === 'confirm'} data-testid="triage-confirm" onClick={() => void send({ categoryId: suggestedCategory!, level: suggestedLevel! }, 'confirm')}>
                {t('triage.confirm')}
              </Button>
            )
          )}
        </Space>
      ) : (
        <Form form={form} layout="vertical" size="small" initialValues={{ categoryId: c.categoryId ?? suggestedCategory ?? undefined, level: c.level }}>
          <Form.Item name="categoryId" label={t('complaint.category')} rules={[{ required: true, message: t('triage.categoryRequired') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={ref.categories.filter((x) => x.active || x.id === c.categoryId).map((x) => ({ value: x.id, label: categoryName(x.id) }))} />
          </Form.Item>
          <Form.Item name="level" label={t('level.label')}>
            <Radio.Group optionType="button" options={LEVELS.map((l) => ({ value: l, label: t(`level.short${l}`), title: t(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('triage.reason')}
            extra={overriding ? t('triage.overrideHint') : t('triage.confirmHint')}
            rules={overriding ? [{ required: true, whitespace: true, message: t('triage.reasonRequired') }] : []}
          >
            <Input.TextArea rows={2} maxLength={2000} data-testid="triage-reason" />
          </Form.Item>
          <Space>
            <Button type="primary" loading={busy === 'save'} onClick={() => void save()} data-testid="triage-save">
              {overriding ? t('triage.saveOverride') : t('triage.confirm')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
