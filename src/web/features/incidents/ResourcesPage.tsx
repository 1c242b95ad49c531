import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ctError } from './bi.js';
import type { Resource } from './types.js';
import { RESOURCE_KINDS as KINDS, ResourceDialog } from './ResourceDialog.js';

/** The resource library (应急资源): kind and tag filters, search (Chinese substrings too), masked contacts revealed with a reason. */
export default function ResourcesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = useFeedback();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [tag, setTag] = useState('');
  const [items, setItems] = useState<Resource[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [revealing, setRevealing] = useState<Resource | null>(null);
  const [reason, setReason] = useState('');
  // undefined: closed; null: a new resource; else the one being changed.
  const [editing, setEditing] = useState<Resource | null | undefined>(undefined);
  const manage = can('resource.manage');

  const load = useCallback(
    async (after?: string) => {
      try {
        const r = await api.get<{ items: Resource[]; nextCursor: string | null }>(`/resources${qs({ q: q.trim(), kind, tag, cursor: after, limit: 50 })}`);
        setItems((x) => (after ? [...(x ?? []), ...r.items] : r.items));
        setCursor(r.nextCursor);
      } catch (e) {
        message.error(ctError(e));
        setItems((x) => x ?? []);
      }
    },
    [q, kind, tag, message],
  );
  // Filters reload at once; the search box on Enter (load reads the latest text then).
  useEffect(() => void load(), [kind, tag]);
  const tags = [...new Set((items ?? []).flatMap((r) => r.tags))].sort();

  const reveal = async () => {
    try {
      const r = await api.post<Resource>(`/resources/${revealing!.id}/contact/reveal`, { reason: reason.trim() });
      setItems((x) => (x ?? []).map((i) => (i.id === r.id ? r : i)));
      message.success(t('res.revealed'));
      setRevealing(null);
    } catch (e) {
      message.error(ctError(e));
    }
  };

  return (
    <div data-testid="resources-page">
      <PageHeader title={t('res.title')}>
        <Space wrap>
          <Input.Search aria-label={t('res.search')} placeholder={t('res.search')} allowClear style={{ width: 260 }} value={q} onChange={(e) => setQ(e.target.value)} onSearch={() => void load()} />
          <Select aria-label={t('res.kind')} style={{ width: 130 }} value={kind} onChange={setKind} options={[{ value: '', label: t('common.all') }, ...KINDS.map((k) => ({ value: k, label: t(`ctEdit.res.${k}`) }))]} />
          <Select aria-label={t('res.tag')} style={{ width: 130 }} value={tag} onChange={setTag} options={[{ value: '', label: t('common.all') }, ...tags.map((x) => ({ value: x, label: x }))]} />
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-resource" onClick={() => setEditing(null)}>
              {t('resEdit.new')}
            </Button>
          )}
        </Space>
      </PageHeader>
      <Table<Resource>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('res.empty') }}
        onRow={() => ({ 'data-testid': 'resource-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('res.name'), key: 'name', render: (_, r) => <><b>{r.name}</b><div style={{ color: '#595959' }}>{r.description}</div></> },
          { title: t('res.kind'), key: 'kind', width: 100, render: (_, r) => t(`ctEdit.res.${r.kind}`) },
          { title: t('res.tag'), key: 'tags', width: 180, render: (_, r) => r.tags.map((x) => <Tag key={x}>{x}</Tag>) },
          {
            title: t('res.quantity'),
            key: 'qty',
            width: 130,
            render: (_, r) => (r.quantity === null ? '' : <Space size={4}>{`${r.quantity} ${r.unit ?? ''}`}{r.lowStock && <Tag color="error">{t('res.lowStock')}</Tag>}</Space>),
          },
          {
            title: t('res.contact'),
            key: 'contact',
            width: 240,
            render: (_, r) => (
              <Space size={4} wrap data-testid="resource-contact">
                <span>{[r.contact.name, r.contact.phone, r.contact.email].filter(Boolean).join(' · ')}</span>
                {r.contact.masked && (r.contact.name || r.contact.phone || r.contact.email) && can('pii.reveal') && (
                  <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => (setReason(''), setRevealing(r))}>
                    {t('res.reveal')}
                  </Button>
                )}
              </Space>
            ),
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 100,
                  render: (_: unknown, r: Resource) => (
                    <Button size="small" icon={<EditOutlined />} data-testid="edit-resource" onClick={() => setEditing(r)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void load(cursor)}>{t('common.loadMore')}</Button>
        </div>
      )}
      {editing !== undefined && (
        <ResourceDialog
          open
          resource={editing ?? null}
          onClose={() => setEditing(undefined)}
          onSaved={(r) => {
            message.success(t('resEdit.saved'));
            setEditing(undefined);
            setItems((x) => (x?.some((i) => i.id === r.id) ? x.map((i) => (i.id === r.id ? r : i)) : [r, ...(x ?? [])]));
          }}
        />
      )}
      <Modal open={!!revealing} title={t('res.reveal')} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !reason.trim() }} onOk={() => void reveal()} onCancel={() => setRevealing(null)} destroyOnHidden>
        <Input.TextArea aria-label={t('res.revealReason')} placeholder={t('res.revealReason')} rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </div>
  );
}
