import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { PERMISSIONS } from '../../../shared/permissions.js';
import { errorMessage } from '../../i18n/index.js';
import { fmtDateTime } from '../../components/format.js';
import { useFeedback } from '../../app/feedback.js';

interface TokenRow {
  id: string;
  name: string;
  scopes: string[];
  user: { id: string; email: string };
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export default function TokensPage() {
  const { t } = useTranslation();
  const { ref } = useSession();
  const { message } = useFeedback();
  const [items, setItems] = useState<TokenRow[]>([]);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm();

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: TokenRow[] }>('/tokens')).items);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }, [message]);
  useEffect(() => void load(), [load]);

  const create = async () => {
    const v = await form.validateFields();
    try {
      const r = await api.post<{ token: string }>('/tokens', { email: v.email, name: v.name.trim(), ...(v.scopes?.length ? { scopes: v.scopes } : {}) });
      setCreating(false);
      form.resetFields();
      setSecret(r.token);
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const revoke = async (id: string) => {
    try {
      await api.del(`/tokens/${id}`);
      message.success(t('admin.tokens.revoked'));
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <div>
      <PageHeader title={t('admin.tokens.title')}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.tokens.create')}
        </Button>
      </PageHeader>
      {secret && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSecret(null) }}
          style={{ marginBottom: 12 }}
          title={t('admin.tokens.shownOnce')}
          description={<Typography.Text code copyable>{secret}</Typography.Text>}
        />
      )}
      <Table<TokenRow>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('admin.tokens.label'), dataIndex: 'name' },
          { title: t('admin.tokens.user'), dataIndex: ['user', 'email'] },
          { title: t('admin.tokens.scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: fmtDateTime },
          { title: t('admin.tokens.lastUsed'), dataIndex: 'lastUsedAt', width: 150, render: fmtDateTime },
          { title: t('admin.tokens.state'), dataIndex: 'revokedAt', width: 90, render: (r: string | null) => (r ? <Tag color="red">{t('admin.tokens.revoked')}</Tag> : <Tag color="green">{t('common.active')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'a',
            width: 90,
            render: (_, row) =>
              row.revokedAt ? null : (
                <Popconfirm title={t('admin.tokens.revokeConfirm')} onConfirm={() => void revoke(row.id)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button size="small" danger type="link">
                    {t('admin.tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('admin.tokens.create')} onOk={() => void create()} onCancel={() => setCreating(false)} forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="email" label={t('admin.tokens.user')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={ref.users.filter((u) => u.active).map((u) => ({ value: u.email, label: `${u.name} <${u.email}>` }))} />
          </Form.Item>
          <Form.Item name="name" label={t('admin.tokens.label')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="scopes" label={t('admin.tokens.scopes')} extra={t('admin.tokens.scopesHint')}>
            <Select mode="multiple" options={Object.keys(PERMISSIONS).map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
