import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Complainant, ComplaintDetail } from '../../api/types.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';
import { CallDialog } from './CallDialog.js';

/**
 * Personal data masked by default; "reveal" asks for a reason, which the server audits. The owner and
 * the department's handlers see the name and phone number to call back, and record their calls.
 */
export function ComplainantCard({ complaint: c, onChanged }: { complaint: ComplaintDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const { can } = useSession();
  const [calling, setCalling] = useState(false);
  const revealLabel = c.canRevealPersonalData ? t('complaint.reveal') : t('hotline.revealPhone');
  const [revealed, setRevealed] = useState<Complainant | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  useEffect(() => setRevealed(null), [c.id]);

  const p = revealed ?? c.complainant;
  const reveal = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      const r = await api.post<Complainant>(`/complaints/${c.id}/complainant/reveal`, { reason: reason.trim() });
      setRevealed(r);
      setAsking(false);
      form.resetFields();
      message.info(r.contactRevealed ? t('hotline.contactShown') : t('complaint.revealed'));
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('complaint.complainant')}
      extra={p ? p.contactRevealed ? <Tag color="red">{t('hotline.contactShown')}</Tag> : p.masked ? <Tag>{t('complaint.masked')}</Tag> : <Tag color="red">{t('complaint.revealed')}</Tag> : null}
      style={{ marginBottom: 12 }}
      data-testid="complainant"
    >
      {!p ? (
        <Typography.Text type="secondary">{t('complaint.noComplainant')}</Typography.Text>
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'name', label: t('intake.name'), children: p.name || '—' },
              { key: 'phone', label: t('intake.phone'), children: p.phone || '—' },
              { key: 'email', label: t('intake.email'), children: p.email || '—' },
              { key: 'idNumber', label: t('intake.idNumber'), children: p.idNumber || '—' },
              { key: 'address', label: t('intake.address'), children: p.address || '—' },
            ]}
          />
          <Space wrap>
            {p.masked && !p.contactRevealed && (c.canRevealPersonalData || c.canViewContact) && (
              <Button icon={<EyeOutlined />} size="small" onClick={() => setAsking(true)} data-testid="reveal">
                {revealLabel}
              </Button>
            )}
            {c.canViewContact && can('complaint.note') && (
              <Button icon={<PhoneOutlined />} size="small" onClick={() => setCalling(true)} data-testid="record-call">
                {t('hotline.recordCall')}
              </Button>
            )}
          </Space>
        </>
      )}
      {calling && <CallDialog complaintId={c.id} onClose={() => setCalling(false)} onDone={onChanged} />}
      <Modal open={asking} title={revealLabel} onOk={() => void reveal()} okButtonProps={{ loading: busy }} onCancel={() => setAsking(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('complaint.revealReason')} rules={[{ required: true, whitespace: true, min: 4, message: t('complaint.revealReasonRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
