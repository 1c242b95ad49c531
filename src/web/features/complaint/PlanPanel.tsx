import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Divider, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ComplaintDetail, Plan } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

const STATUS_COLOR = { submitted: 'orange', approved: 'green', returned: 'red' } as const;

/** The handling plan: submit (handler, in progress) and the leader's approve / send back. */
export function PlanPanel({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (next?: ComplaintDetail) => void }) {
  const { t } = useTranslation();
  const { can, userName } = useSession();
  const { message } = useFeedback();
  const [history, setHistory] = useState<Plan[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [form] = Form.useForm<{ findings: string; measures: string; compensationAmount?: number; compensationKind?: string }>();
  const plan = c.plan;

  useEffect(() => {
    api.get<{ items: Plan[] }>(`/complaints/${c.id}/plans`).then((r) => setHistory(r.items), () => undefined);
  }, [c.id, plan?.id, plan?.status]);

  const canSubmit = can('plan.submit') && c.status === 'in_progress' && plan?.status !== 'submitted';
  const canDecide = can('plan.decide') && plan?.status === 'submitted';

  const submit = async () => {
    const v = await form.validateFields();
    setBusy('submit');
    try {
      const next = await api.post<ComplaintDetail>(`/complaints/${c.id}/plans`, {
        findings: v.findings.trim(),
        measures: v.measures.trim(),
        ...(v.compensationAmount !== undefined && v.compensationAmount !== null ? { compensationAmount: v.compensationAmount } : {}),
        ...(v.compensationKind?.trim() ? { compensationKind: v.compensationKind.trim() } : {}),
      });
      message.success(t('plan.submitted'));
      form.resetFields();
      onDone(next);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const decide = async (decision: 'approve' | 'return') => {
    if (decision === 'return' && !comment.trim()) {
      message.warning(t('plan.commentRequired'));
      return;
    }
    setBusy(decision);
    try {
      const next = await api.post<ComplaintDetail>(`/complaints/${c.id}/plans/decision`, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      message.success(decision === 'approve' ? t('plan.approved') : t('plan.returnedMsg'));
      setComment('');
      onDone(next);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const show = (p: Plan) => (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 's', label: t('common.details'), children: <Space><Tag color={STATUS_COLOR[p.status]} data-testid="plan-status" data-status={p.status}>{t(`plan.status.${p.status}`)}</Tag><Typography.Text type="secondary">{userName(p.submittedBy)} · {fmtDateTime(p.submittedAt)}</Typography.Text></Space> },
        { key: 'f', label: t('plan.findings'), children: <span className="pre-wrap">{p.findings}</span> },
        { key: 'm', label: t('plan.measures'), children: <span className="pre-wrap">{p.measures}</span> },
        ...(p.compensation ? [{ key: 'c', label: t('plan.compensationAmount'), children: `${p.compensation.amount}${p.compensation.kind ? ` · ${p.compensation.kind}` : ''}` }] : []),
        ...(p.decidedAt ? [{ key: 'd', label: t('plan.decidedAt'), children: `${userName(p.decidedBy)} · ${fmtDateTime(p.decidedAt)}${p.decisionComment ? ` — ${p.decisionComment}` : ''}` }] : []),
      ]}
    />
  );

  const earlier = history.filter((p) => p.id !== plan?.id);
  return (
    <div data-testid="plan-panel">
      {c.level <= 2 && plan?.status !== 'approved' && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('plan.needed')} />}
      {plan ? show(plan) : <Typography.Paragraph type="secondary">{t('plan.none')}</Typography.Paragraph>}
      {canDecide && (
        <div style={{ marginTop: 12 }}>
          <Form.Item label={t('plan.decisionComment')} layout="vertical" htmlFor="plan-comment" style={{ marginBottom: 8 }}>
            <Input.TextArea id="plan-comment" value={comment} onChange={(e) => setComment(e.target.value)} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={5000} />
          </Form.Item>
          <Space>
            <Button type="primary" loading={busy === 'approve'} onClick={() => void decide('approve')} data-testid="plan-approve">
              {t('plan.approve')}
            </Button>
            <Button danger loading={busy === 'return'} onClick={() => void decide('return')}>
              {t('plan.return')}
            </Button>
          </Space>
        </div>
      )}
      {canSubmit && (
        <>
          <Divider titlePlacement="start" plain>
            {plan ? t('plan.newPlan') : t('plan.title')}
          </Divider>
          <Form form={form} layout="vertical" name="plan">
            <Form.Item name="findings" label={t('plan.findings')} rules={[{ required: true, whitespace: true, message: t('plan.findingsRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
            </Form.Item>
            <Form.Item name="measures" label={t('plan.measures')} rules={[{ required: true, whitespace: true, message: t('plan.measuresRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
            </Form.Item>
            <Space align="start">
              <Form.Item name="compensationAmount" label={t('plan.compensationAmount')}>
                <InputNumber min={0} max={1e12} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name="compensationKind" label={t('plan.compensationKind')}>
                <Input maxLength={100} style={{ width: 220 }} />
              </Form.Item>
            </Space>
            <div>
              <Button type="primary" loading={busy === 'submit'} onClick={() => void submit()} data-testid="plan-submit">
                {t('plan.submit')}
              </Button>
            </div>
          </Form>
        </>
      )}
      {earlier.length > 0 && (
        <>
          <Divider titlePlacement="start" plain>
            {t('plan.history')}
          </Divider>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {earlier.reverse().map((p) => (
              <div key={p.id}>{show(p)}</div>
            ))}
          </Space>
        </>
      )}
    </div>
  );
}
