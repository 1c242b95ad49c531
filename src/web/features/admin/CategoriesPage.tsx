import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api } from '../../api/client.js';
import type { Category } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

export default function CategoriesPage() {
  const { t } = useTranslation();
  const { ref, deptName, categoryName, reloadRef } = useSession();
  const { message } = useFeedback();
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [form] = Form.useForm();

  const open = (c: Category | 'new') => {
    setEditing(c);
    form.resetFields();
    if (c !== 'new') form.setFieldsValue({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, parentId: c.parentId ?? undefined, defaultDepartmentId: c.defaultDepartmentId ?? undefined, keywords: c.keywords, public: c.public });
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      if (editing === 'new') {
        await api.post('/categories', { code: v.code.trim(), nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), parentId: v.parentId ?? null, defaultDepartmentId: v.defaultDepartmentId ?? null, keywords: v.keywords ?? [], public: !!v.public });
        message.success(t('admin.categories.created'));
      } else if (editing) {
        await api.patch(`/categories/${editing.id}`, { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), defaultDepartmentId: v.defaultDepartmentId ?? null, keywords: v.keywords ?? [], public: !!v.public });
        message.success(t('common.saved'));
      }
      setEditing(null);
      await reloadRef();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const toggle = async (c: Category, active: boolean) => {
    try {
      await api.patch(`/categories/${c.id}`, { active });
      await reloadRef();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const f = filter.trim().toLowerCase();
  const rows = ref.categories.filter((c) => !f || c.code.toLowerCase().includes(f) || c.nameZh.includes(f) || c.nameEn.toLowerCase().includes(f));
  return (
    <div>
      <PageHeader title={t('admin.categories.title')}>
        <Space>
          <Input.Search allowClear aria-label={t('common.search')} placeholder={t('common.search')} onSearch={setFilter} onChange={(e) => setFilter(e.target.value)} style={{ width: 220 }} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {t('admin.categories.create')}
          </Button>
        </Space>
      </PageHeader>
      <Table<Category>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.categories.code'), dataIndex: 'code', width: 140, sorter: (a, b) => a.code.localeCompare(b.code) },
          { title: t('admin.categories.nameZh'), dataIndex: 'nameZh' },
          { title: t('admin.categories.nameEn'), dataIndex: 'nameEn' },
          { title: t('admin.categories.parent'), dataIndex: 'parentId', render: (id: string | null) => categoryName(id) },
          { title: t('admin.categories.defaultDepartment'), dataIndex: 'defaultDepartmentId', render: (id: string | null) => deptName(id) },
          { title: t('admin.categories.keywords'), dataIndex: 'keywords', ellipsis: true, render: (k: string[]) => k.slice(0, 6).map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('admin.categories.public'), dataIndex: 'public', width: 110, render: (p: boolean) => (p ? <Tag color="blue">{t('common.yes')}</Tag> : null) },
          { title: t('common.active'), dataIndex: 'active', width: 70, render: (a: boolean, c) => <Switch size="small" checked={a} onChange={(v) => void toggle(c, v)} aria-label={t('common.active')} /> },
          { title: t('common.actions'), key: 'edit', width: 80, render: (_, c) => <Button size="small" type="link" onClick={() => open(c)}>{t('common.edit')}</Button> },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('admin.categories.create') : t('common.edit')} onOk={() => void save()} onCancel={() => setEditing(null)} forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('admin.categories.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]+$/ }]}>
            <Input disabled={editing !== 'new'} maxLength={64} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('admin.categories.nameZh')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.categories.nameEn')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="parentId" label={t('admin.categories.parent')}>
            <Select allowClear disabled={editing !== 'new'} showSearch={{ optionFilterProp: 'label' }} options={ref.categories.map((c) => ({ value: c.id, label: categoryName(c.id) }))} />
          </Form.Item>
          <Form.Item name="defaultDepartmentId" label={t('admin.categories.defaultDepartment')}>
            <Select allowClear options={ref.departments.map((d) => ({ value: d.id, label: deptName(d.id) }))} />
          </Form.Item>
          <Form.Item name="keywords" label={t('admin.categories.keywords')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="public" label={t('admin.categories.public')} extra={t('admin.categories.publicHint')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
