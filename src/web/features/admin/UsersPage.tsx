import { useCallback, useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { ROLES } from '../../../shared/enums.js';
import { LOCALES, errorMessage } from '../../i18n/index.js';
import { fmtDateTime } from '../../components/format.js';
import { useFeedback } from '../../app/feedback.js';

export default function UsersPage() {
  const { t } = useTranslation();
  const { ref, deptName, reloadRef } = useSession();
  const { message } = useFeedback();
  const [items, setItems] = useState<User[]>([]);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form] = Form.useForm();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await api.get<{ items: User[] }>('/users')).items);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [message]);
  useEffect(() => void load(), [load]);

  const open = (u: User | 'new') => {
    setEditing(u);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ name: u.name, email: u.email, roles: u.roles, departmentIds: u.departmentIds, locale: u.locale });
    else form.setFieldsValue({ locale: 'zh-CN', roles: [], departmentIds: [] });
  };

  const save = async () => {
    const v = await form.validateFields();
    try {
      if (editing === 'new') {
        await api.post('/users', { email: v.email.trim(), name: v.name.trim(), password: v.password, roles: v.roles, departmentIds: v.departmentIds ?? [], locale: v.locale });
        message.success(t('admin.users.created'));
      } else if (editing) {
        await api.patch(`/users/${editing.id}`, { name: v.name.trim(), roles: v.roles, departmentIds: v.departmentIds ?? [], locale: v.locale, ...(v.password ? { password: v.password } : {}) });
        message.success(t('common.saved'));
      }
      setEditing(null);
      void load();
      void reloadRef();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const toggle = async (u: User, active: boolean) => {
    try {
      await api.patch(`/users/${u.id}`, { active });
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <div>
      <PageHeader title={t('admin.users.title')}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('admin.users.create')}
        </Button>
      </PageHeader>
      <Table<User>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
          { title: t('common.email'), dataIndex: 'email', sorter: (a, b) => a.email.localeCompare(b.email) },
          { title: t('admin.users.roles'), dataIndex: 'roles', render: (r: User['roles']) => <Space size={2} wrap>{r.map((x) => <Tag key={x}>{t(`role.${x}`)}</Tag>)}</Space> },
          { title: t('admin.users.departments'), dataIndex: 'departmentIds', render: (ids: string[]) => ids.map(deptName).join('、') },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: fmtDateTime },
          { title: t('admin.users.status'), dataIndex: 'active', width: 90, render: (a: boolean, u) => <Switch size="small" checked={a} onChange={(v) => void toggle(u, v)} aria-label={a ? t('admin.users.deactivate') : t('admin.users.activate')} /> },
          { title: t('common.actions'), key: 'edit', width: 80, render: (_, u) => <Button size="small" type="link" onClick={() => open(u)}>{t('common.edit')}</Button> },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('admin.users.create') : t('admin.users.edit')} onOk={() => void save()} onCancel={() => setEditing(null)} forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="email" label={t('common.email')} rules={[{ required: true, type: 'email' }]}>
            <Input disabled={editing !== 'new'} autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="password" label={editing === 'new' ? t('admin.users.password') : t('admin.users.newPassword')} rules={[{ required: editing === 'new', min: 10 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="roles" label={t('admin.users.roles')} rules={[{ required: true }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item name="departmentIds" label={t('admin.users.departments')}>
            <Select mode="multiple" optionFilterProp="label" options={ref.departments.map((d) => ({ value: d.id, label: deptName(d.id) }))} />
          </Form.Item>
          <Form.Item name="locale" label={t('admin.users.locale')}>
            <Select options={LOCALES} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
