import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api } from '../../api/client.js';
import type { Department } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

type Node = Department & { children?: Node[] };

function tree(list: Department[]): Node[] {
  const map = new Map<string, Node>(list.map((d) => [d.id, { ...d }]));
  const roots: Node[] = [];
  for (const d of map.values()) {
    const p = d.parentId ? map.get(d.parentId) : undefined;
    if (p) (p.children ??= []).push(d);
    else roots.push(d);
  }
  return roots;
}

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const { ref, deptName, reloadRef } = useSession();
  const { message } = useFeedback();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [form] = Form.useForm();

  const open = (d: Department | 'new') => {
    setEditing(d);
    form.resetFields();
    if (d !== 'new') form.setFieldsValue({ nameZh: d.nameZh, nameEn: d.nameEn, parentId: d.parentId ?? undefined });
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), parentId: v.parentId ?? null };
    try {
      if (editing === 'new') await api.post('/departments', body);
      else if (editing) await api.patch(`/departments/${editing.id}`, body);
      message.success(editing === 'new' ? t('admin.departments.created') : t('common.saved'));
      setEditing(null);
      await reloadRef();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <div>
      <PageHeader title={t('admin.departments.title')}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('admin.departments.create')}
        </Button>
      </PageHeader>
      <Table<Node>
        rowKey="id"
        size="small"
        dataSource={tree(ref.departments)}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        columns={[
          { title: t('admin.departments.nameZh'), dataIndex: 'nameZh' },
          { title: t('admin.departments.nameEn'), dataIndex: 'nameEn' },
          { title: t('common.actions'), key: 'edit', width: 90, render: (_, d) => <Button size="small" type="link" onClick={() => open(d)}>{t('common.edit')}</Button> },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('admin.departments.create') : t('common.edit')} onOk={() => void save()} onCancel={() => setEditing(null)} forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="nameZh" label={t('admin.departments.nameZh')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.departments.nameEn')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="parentId" label={t('admin.departments.parent')}>
            <Select allowClear options={ref.departments.filter((d) => editing === 'new' || d.id !== editing?.id).map((d) => ({ value: d.id, label: deptName(d.id) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
