import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Form, List, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ComplaintDetail, MessageLanguage, OutboundMessage, PreferredChannel } from '../../api/types.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';

export const PREFERRED_CHANNELS: PreferredChannel[] = ['sms', 'email', 'wechat', 'portal'];
export const MESSAGE_LANGUAGES: MessageLanguage[] = ['zh-CN', 'en'];

const STATUS_COLOR: Record<OutboundMessage['status'], string> = { queued: 'default', sent: 'blue', delivered: 'green', failed: 'red' };

/**
 * How replies reach the complainant (channel and language, changed by staff who may edit the
 * complaint) and every message sent with its delivery status.
 */
export function MessagesCard({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (next?: ComplaintDetail) => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ preferredChannel: PreferredChannel; preferredLanguage: MessageLanguage }>();
  const prefs = c.contactPreferences ?? null;
  const messages = c.messages ?? [];

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const next = await api.patch<ComplaintDetail>(`/complaints/${c.id}`, { preferredChannel: v.preferredChannel, preferredLanguage: v.preferredLanguage });
      setEditing(false);
      message.success(t('messaging.saved'));
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
      title={t('messaging.title')}
      style={{ marginBottom: 12 }}
      data-testid="messages"
      extra={
        can('complaint.edit') && (
          <Button size="small" icon={<EditOutlined />} aria-label={t('messaging.edit')} onClick={() => { form.setFieldsValue({ preferredChannel: prefs?.channel ?? 'portal', preferredLanguage: prefs?.language ?? 'zh-CN' }); setEditing(true); }} data-testid="edit-prefs" />
        )
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'channel', label: t('messaging.preferredChannel'), children: prefs ? t(`messaging.channel.${prefs.channel}`) : '—' },
          { key: 'language', label: t('messaging.preferredLanguage'), children: prefs ? t(`messaging.language.${prefs.language}`) : '—' },
        ]}
      />
      <Typography.Text type="secondary">{t('messaging.messages')}</Typography.Text>
      {messages.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messaging.noMessages')} />
      ) : (
        <List
          size="small"
          dataSource={[...messages].reverse()}
          renderItem={(m) => (
            <List.Item key={m.id} data-testid="message">
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Tag>{t(`messaging.purpose.${m.purpose}`)}</Tag>
                  <Tag>{t(`messaging.channel.${m.channel}`)}</Tag>
                  <Tooltip title={m.lastError ?? undefined}>
                    <Tag color={STATUS_COLOR[m.status]}>{t(`messaging.status.${m.status}`)}</Tag>
                  </Tooltip>
                  {m.attempts > 1 && <Typography.Text type="secondary">{t('messaging.attempts', { count: m.attempts })}</Typography.Text>}
                </Space>
                <Typography.Text ellipsis={{ tooltip: m.body }} style={{ maxWidth: '100%' }}>{m.subject}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtDateTime(m.deliveredAt ?? m.sentAt ?? m.failedAt ?? m.createdAt)}
                  {m.to ? ` · ${t('messaging.to')} ${m.to}` : ''}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Modal open={editing} title={t('messaging.edit')} onOk={() => void save()} okButtonProps={{ loading: busy }} onCancel={() => setEditing(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="preferredChannel" label={t('messaging.preferredChannel')} rules={[{ required: true }]}>
            <Select options={PREFERRED_CHANNELS.map((v) => ({ value: v, label: t(`messaging.channel.${v}`) }))} />
          </Form.Item>
          <Form.Item name="preferredLanguage" label={t('messaging.preferredLanguage')} rules={[{ required: true }]}>
            <Select options={MESSAGE_LANGUAGES.map((v) => ({ value: v, label: t(`messaging.language.${v}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
