import { Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

const OUTCOMES = ['reached', 'no_answer', 'busy', 'unreachable'] as const;

/** Records a call with the complainant on the timeline: outcome, duration and what was said. */
export function CallDialog({ complaintId, onClose, onDone }: { complaintId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [form] = Form.useForm<{ outcome: (typeof OUTCOMES)[number]; minutes?: number | null; note?: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.post(`/complaints/${complaintId}/calls`, {
        outcome: v.outcome,
        ...(typeof v.minutes === 'number' ? { durationSec: Math.round(v.minutes * 60) } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      message.success(t('hotline.callSaved'));
      onDone();
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('hotline.recordCall')} onOk={() => void submit()} okText={t('hotline.recordCall')} okButtonProps={{ loading: busy, id: 'call-save' }} cancelText={t('common.cancel')} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ outcome: 'reached' }}>
        <Form.Item name="outcome" label={t('hotline.callOutcome')} rules={[{ required: true, message: t('hotline.outcomeRequired') }]}>
          <Radio.Group optionType="button" options={OUTCOMES.map((o) => ({ value: o, label: t(`hotline.outcome.${o}`) }))} data-testid="call-outcome" />
        </Form.Item>
        <Form.Item name="minutes" label={t('hotline.callDuration')}>
          <InputNumber min={0} max={1440} step={0.5} style={{ width: 160 }} data-testid="call-minutes" />
        </Form.Item>
        <Form.Item name="note" label={t('hotline.callNote')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="call-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
