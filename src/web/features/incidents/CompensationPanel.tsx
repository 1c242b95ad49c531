import { useCallback, useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError, fmtMoney } from './bi.js';
import type { Compensation, CompensationList, Incident } from './types.js';

const KINDS = ['refund', 'repair', 'replacement', 'cash', 'voucher', 'other'] as const;
const COLOR: Record<Compensation['status'], string> = { proposed: 'processing', approved: 'success', refused: 'error', paid: 'green', cancelled: 'default' };
type Dialog = { mode: 'propose' } | { mode: 'refuse' | 'pay'; item: Compensation };

/** The incident's compensation decisions: propose, approve or refuse within the caller's limit, record payment. */
export function CompensationPanel({ incident, version }: { incident: Incident; version: number }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = useFeedback();
  const [list, setList] = useState<CompensationList | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm<{ kind: string; amount: number; reason: string; note: string; paymentDate: Dayjs; reference: string }>();

  const load = useCallback(async () => {
    try {
      setList(await api.get<CompensationList>(`/incidents/${incident.id}/compensations`));
    } catch (e) {
      message.error(ctError(e));
    }
  }, [incident.id, message]);
  useEffect(() => void load(), [load, version]);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('comp.done'));
      setDialog(null);
      await load();
    } catch (e) {
      message.error(ctError(e));
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    if (!dialog) return;
    if (dialog.mode === 'propose') await run(() => api.post(`/incidents/${incident.id}/compensations`, { kind: v.kind, amount: Math.round(v.amount * 100), reason: v.reason }));
    else if (dialog.mode === 'refuse') await run(() => api.post(`/compensations/${dialog.item.id}/decision`, { decision: 'refuse', note: v.note }));
    else await run(() => api.post(`/compensations/${dialog.item.id}/payment`, { paymentDate: v.paymentDate.format('YYYY-MM-DD'), ...(v.reference ? { reference: v.reference } : {}) }));
  };
  const required = [{ required: true, message: t('ctErrors.invalid') }];
  const limit = list ? (list.yourLimit === null ? t('comp.unlimited') : t('comp.yourLimit', { amount: fmtMoney(list.yourLimit) })) : '';

  return (
    <Card
      size="small"
      title={t('comp.title')}
      data-testid="compensation-panel"
      extra={
        can('compensation.propose') && incident.status !== 'closed' ? (
          <Button size="small" onClick={() => (form.resetFields(), setDialog({ mode: 'propose' }))}>
            {t('comp.propose')}
          </Button>
        ) : null
      }
    >
      {list && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('comp.totals', { proposed: fmtMoney(list.totals.proposed), approved: fmtMoney(list.totals.approved), paid: fmtMoney(list.totals.paid) })}
          {can('compensation.decide') ? ` · ${limit}` : ''}
        </Typography.Paragraph>
      )}
      <Table<Compensation>
        rowKey="id"
        size="small"
        pagination={false}
        loading={!list}
        dataSource={list?.items ?? []}
        locale={{ emptyText: t('comp.empty') }}
        columns={[
          { title: t('comp.kind'), key: 'kind', width: 80, render: (_, c) => t(`comp.kindOf.${c.kind}`) },
          { title: t('comp.amount'), key: 'amount', width: 110, render: (_, c) => fmtMoney(c.amount, c.currency) },
          { title: t('comp.reason'), key: 'reason', render: (_, c) => <span title={fmtDateTime(c.proposedAt)}>{c.reason}</span> },
          { title: t('comp.status'), key: 'status', width: 86, render: (_, c) => <Tag color={COLOR[c.status]}>{t(`comp.statusOf.${c.status}`)}</Tag> },
          {
            title: t('common.actions'),
            key: 'act',
            width: 130,
            render: (_, c) => (
              <Space size={4}>
                {c.status === 'proposed' && can('compensation.decide') && (
                  <>
                    <Button size="small" type="primary" onClick={() => void run(() => api.post(`/compensations/${c.id}/decision`, { decision: 'approve' }))}>
                      {t('comp.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => (form.resetFields(), setDialog({ mode: 'refuse', item: c }))}>
                      {t('comp.refuse')}
                    </Button>
                  </>
                )}
                {c.status === 'approved' && can('compensation.pay') && (
                  <Button size="small" onClick={() => (form.resetFields(), setDialog({ mode: 'pay', item: c }))}>
                    {t('comp.pay')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!dialog} title={dialog ? t(`comp.${dialog.mode}`) : ''} okText={t('common.confirm')} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={() => setDialog(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          {dialog?.mode === 'propose' && (
            <>
              <Form.Item name="kind" label={t('comp.kind')} rules={required}>
                <Select options={KINDS.map((k) => ({ value: k, label: t(`comp.kindOf.${k}`) }))} />
              </Form.Item>
              <Form.Item name="amount" label={t('comp.amount')} rules={required}>
                <InputNumber min={0.01} step={100} precision={2} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="reason" label={t('comp.reason')} rules={required}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {dialog?.mode === 'refuse' && (
            <Form.Item name="note" label={t('comp.note')} rules={required}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {dialog?.mode === 'pay' && (
            <>
              <Form.Item name="paymentDate" label={t('comp.paymentDate')} rules={required}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="reference" label={t('comp.reference')}>
                <Input maxLength={200} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
