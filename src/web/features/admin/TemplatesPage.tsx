import { useCallback, useEffect, useState } from 'react';
import { Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api } from '../../api/client.js';
import { templateName, type ReplyTemplate } from '../../api/templates.js';
import { useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/index.js';
import { fmtDateTime } from '../../components/format.js';
import { useFeedback } from '../../app/feedback.js';

interface FormValues {
  nameZh: string;
  nameEn: string;
  kind: ReplyTemplate['kind'];
  categoryId?: string | null;
  bodyZh: string;
  bodyEn: string;
}

/** Bilingual reply and note templates for the composer (template.manage). */
export default function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const { ref, categoryName } = useSession();
  const { message } = useFeedback();
  const [items, setItems] = useState<ReplyTemplate[]>([]);
  const [loading, setLoading] = useState(true);
  const [showInactive, setShowInactive] = useState(true);
  const [editing, setEditing] = useState<ReplyTemplate | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await api.get<{ items: ReplyTemplate[] }>('/reply-templates?all=true')).items);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [message]);
  useEffect(() => void load(), [load]);

  const open = (x: ReplyTemplate | 'new') => {
    setEditing(x);
    form.resetFields();
    if (x === 'new') form.setFieldsValue({ kind: 'reply' });
    else form.setFieldsValue({ nameZh: x.nameZh, nameEn: x.nameEn, kind: x.kind, categoryId: x.categoryId ?? undefined, bodyZh: x.bodyZh, bodyEn: x.bodyEn });
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), kind: v.kind, categoryId: v.categoryId ?? null, bodyZh: v.bodyZh, bodyEn: v.bodyEn };
    setSaving(true);
    try {
      if (editing === 'new') {
        await api.post('/reply-templates', body);
        message.success(t('templates.created'));
      } else if (editing) {
        await api.patch(`/reply-templates/${editing.id}`, body);
        message.success(t('common.saved'));
      }
      setEditing(null);
      await load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const toggle = async (x: ReplyTemplate, active: boolean) => {
    try {
      const next = await api.patch<ReplyTemplate>(`/reply-templates/${x.id}`, { active });
      setItems((list) => list.map((y) => (y.id === next.id ? next : y)));
      message.success(active ? t('templates.activated') : t('templates.deactivated'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const rows = showInactive ? items : items.filter((x) => x.active);
  return (
    <div>
      <PageHeader title={t('templates.title')}>
        <Space>
          <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)}>
            {t('templates.showInactive')}
          </Checkbox>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="template-create">
            {t('templates.create')}
          </Button>
        </Space>
      </PageHeader>
      <Table<ReplyTemplate>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: t('templates.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('templates.nameZh'), dataIndex: 'nameZh', sorter: (a, b) => a.nameZh.localeCompare(b.nameZh, 'zh-CN') },
          { title: t('templates.nameEn'), dataIndex: 'nameEn', sorter: (a, b) => a.nameEn.localeCompare(b.nameEn) },
          {
            title: t('templates.kind'),
            dataIndex: 'kind',
            width: 150,
            filters: (['reply', 'note'] as const).map((k) => ({ value: k, text: t(`templates.kinds.${k}`) })),
            onFilter: (v, x) => x.kind === v,
            render: (k: ReplyTemplate['kind']) => <Tag color={k === 'reply' ? 'blue' : 'default'}>{t(`templates.kinds.${k}`)}</Tag>,
          },
          { title: t('templates.category'), dataIndex: 'categoryId', render: (id: string | null) => (id ? categoryName(id) : <Typography.Text type="secondary">{t('templates.anyCategory')}</Typography.Text>) },
          { title: t('templates.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (iso: string) => fmtDateTime(iso) },
          {
            title: t('common.active'),
            dataIndex: 'active',
            width: 70,
            render: (a: boolean, x) => <Switch size="small" checked={a} onChange={(v) => void toggle(x, v)} aria-label={`${a ? t('templates.deactivate') : t('templates.activate')}: ${templateName(x, i18n.language)}`} />,
          },
          {
            title: t('common.actions'),
            key: 'edit',
            width: 80,
            render: (_, x) => (
              <Button size="small" type="link" onClick={() => open(x)} aria-label={`${t('common.edit')}: ${templateName(x, i18n.language)}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('templates.create') : t('common.edit')}
        onOk={() => void save()}
        okButtonProps={{ loading: saving }}
        onCancel={() => setEditing(null)}
        width={720}
        forceRender
      >
        <Form form={form} layout="vertical">
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
            <Form.Item name="nameZh" label={t('templates.nameZh')} rules={[{ required: true, whitespace: true }]} style={{ flex: '1 1 240px' }}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="nameEn" label={t('templates.nameEn')} rules={[{ required: true, whitespace: true }]} style={{ flex: '1 1 240px' }}>
              <Input maxLength={100} />
            </Form.Item>
          </div>
          <Form.Item name="kind" label={t('templates.kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={(['reply', 'note'] as const).map((k) => ({ value: k, label: t(`templates.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="categoryId" label={t('templates.category')}>
            <Select
              allowClear
              placeholder={t('templates.anyCategory')}
              showSearch={{ optionFilterProp: 'label' }}
              options={ref.categories.filter((c) => c.active || c.id === (editing !== 'new' ? editing?.categoryId : undefined)).map((c) => ({ value: c.id, label: categoryName(c.id) }))}
            />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('templates.placeholdersHint', { list: '{{trackingNo}}, {{subject}}, {{dueAt}}', dueAt: '{{dueAt}}' })}
          </Typography.Paragraph>
          <Form.Item name="bodyZh" label={t('templates.bodyZh')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={10000} />
          </Form.Item>
          <Form.Item name="bodyEn" label={t('templates.bodyEn')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={10000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
