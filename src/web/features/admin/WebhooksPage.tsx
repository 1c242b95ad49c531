import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api } from '../../api/client.js';
import type { Webhook, WebhookDelivery } from '../../api/types.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

const SUGGESTED_TYPES = ['*', 'complaint.*', 'complaint.created', 'complaint.status_changed', 'complaint.assigned', 'sla.*', 'sla.warning', 'sla.breached', 'sla.escalated', 'plan.*', 'triage.mass_complaint', 'triage.fast_path'];

interface Values {
  url: string;
  eventTypes: string[];
  description?: string;
  active: boolean;
}

/** Outbound webhook endpoints: create/edit/delete, the signing secret shown once, delivery log. */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [items, setItems] = useState<Webhook[] | null>(null);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const [form] = Form.useForm<Values>();

  const load = useCallback(() => {
    api.get<{ items: Webhook[] }>('/webhooks').then((r) => setItems(r.items), (e) => message.error(errorMessage(e)));
  }, [message]);
  useEffect(load, [load]);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = { url: v.url.trim(), eventTypes: v.eventTypes, description: v.description?.trim() || (editing === 'new' ? undefined : null), active: v.active };
    try {
      const r = editing === 'new' ? await api.post<Webhook>('/webhooks', body) : await api.patch<Webhook>(`/webhooks/${(editing as Webhook).id}`, body);
      if (r.secret) setSecret(r.secret);
      message.success(t('common.saved'));
      setEditing(null);
      load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const rotate = async (w: Webhook) => {
    try {
      const r = await api.patch<Webhook>(`/webhooks/${w.id}`, { rotateSecret: true });
      if (r.secret) setSecret(r.secret);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const remove = async (w: Webhook) => {
    try {
      await api.del(`/webhooks/${w.id}`);
      load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <div>
      <PageHeader title={t('webhooks.title')}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="webhook-create">
          {t('webhooks.create')}
        </Button>
      </PageHeader>
      {secret && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setSecret(null) }}
          style={{ marginBottom: 12 }}
          title={t('webhooks.secretOnce')}
          description={<Typography.Text code copyable data-testid="webhook-secret">{secret}</Typography.Text>}
        />
      )}
      <Table<Webhook>
        rowKey="id"
        size="small"
        loading={!items}
        dataSource={items ?? []}
        pagination={false}
        columns={[
          { title: t('webhooks.url'), dataIndex: 'url', ellipsis: true, render: (v: string, w) => <span style={{ fontFamily: 'monospace' }} title={w.description ?? undefined}>{v}</span> },
          { title: t('webhooks.eventTypes'), dataIndex: 'eventTypes', render: (v: string[]) => <Space size={2} wrap>{v.map((x) => <Tag key={x}>{x}</Tag>)}</Space> },
          { title: t('common.active'), dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>) },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v) },
          {
            title: t('common.actions'),
            key: 'a',
            width: 300,
            render: (_, w) => (
              <Space size={0} wrap>
                <Button size="small" type="link" onClick={() => setEditing(w)}>{t('common.edit')}</Button>
                <Button size="small" type="link" onClick={() => setLog(w)}>{t('webhooks.deliveries')}</Button>
                <Popconfirm title={t('webhooks.rotateConfirm')} onConfirm={() => void rotate(w)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button size="small" type="link">{t('webhooks.rotate')}</Button>
                </Popconfirm>
                <Popconfirm title={t('webhooks.deleteConfirm')} onConfirm={() => void remove(w)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button size="small" type="link" danger>{t('webhooks.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('webhooks.create') : t('common.edit')} onOk={() => void save()} onCancel={() => setEditing(null)} destroyOnHidden>
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={editing && editing !== 'new' ? { url: editing.url, eventTypes: editing.eventTypes, description: editing.description ?? undefined, active: editing.active } : { eventTypes: ['sla.*'], active: true }}
        >
          <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, whitespace: true, message: t('webhooks.urlInvalid') }, { pattern: /^https?:\/\/\S+$/i, message: t('webhooks.urlInvalid') }]}>
            <Input maxLength={2000} placeholder="https://example.org/hooks/redress" />
          </Form.Item>
          <Form.Item name="eventTypes" label={t('webhooks.eventTypes')} extra={t('webhooks.eventTypesHint')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="tags" options={SUGGESTED_TYPES.map((x) => ({ value: x, label: x }))} />
          </Form.Item>
          <Form.Item name="description" label={t('webhooks.description')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="active" label={t('common.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={!!log} size={720} title={`${t('webhooks.deliveries')} · ${log?.url ?? ''}`} onClose={() => setLog(null)} destroyOnHidden>
        {log && <Deliveries id={log.id} />}
      </Drawer>
    </div>
  );
}

function Deliveries({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [items, setItems] = useState<WebhookDelivery[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const load = useCallback(
    (after?: string) => {
      api.get<{ items: WebhookDelivery[]; nextCursor: string | null }>(`/webhooks/${id}/deliveries?limit=50${after ? `&cursor=${encodeURIComponent(after)}` : ''}`).then(
        (r) => {
          setItems((x) => (after ? [...(x ?? []), ...r.items] : r.items));
          setCursor(r.nextCursor);
        },
        (e) => message.error(errorMessage(e)),
      );
    },
    [id, message],
  );
  useEffect(() => load(), [load]);
  return (
    <>
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        loading={!items}
        dataSource={items ?? []}
        pagination={false}
        columns={[
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v) },
          { title: t('webhooks.event'), dataIndex: 'eventType' },
          { title: t('webhooks.attempt'), dataIndex: 'attempt', width: 70, align: 'right' },
          { title: t('webhooks.result'), key: 'ok', width: 90, render: (_, d) => <Tag color={d.ok ? 'green' : 'red'}>{d.statusCode ?? (d.ok ? 'OK' : t('webhooks.failed'))}</Tag> },
          { title: t('webhooks.duration'), dataIndex: 'durationMs', width: 80, align: 'right', render: (v: number | null) => (v === null ? '' : `${v} ms`) },
          { title: t('webhooks.error'), dataIndex: 'error', ellipsis: true },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => load(cursor)}>{t('common.loadMore')}</Button>
        </div>
      )}
    </>
  );
}
