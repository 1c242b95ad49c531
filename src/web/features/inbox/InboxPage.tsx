import { lazy, Suspense, useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { InputRef } from 'antd';
import { PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Complaint } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { useInboxQuery, type View } from './inboxQuery.js';
import { useInboxList } from './useInboxList.js';
import { useInboxKeys } from './useInboxKeys.js';
import { useInboxColumns } from './columns.js';
import { InboxFilters } from './InboxFilters.js';

// Loaded when first used: keeps Form and Modal out of the inbox's initial JavaScript.
const BulkAssignModal = lazy(() => import('./BulkAssignModal.js'));

/** The work list: saved views, filters in the URL, live arrivals, keyboard navigation, bulk dispatch. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const navigate = useNavigate();
  const myDepts = me?.user.departmentIds ?? [];
  const { params, view, filters, query, patch } = useInboxQuery(myDepts);
  const { items, itemsRef, cursor, loading, load, active, setActive, fresh } = useInboxList(filters, query);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const tableWrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void load();
    setSelected([]);
  }, [load]);
  useInboxKeys({ itemsRef, active, setActive, setSelected, searchRef, canCreate: can('complaint.create') });
  useEffect(() => {
    tableWrap.current?.querySelector('.row-active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  const columns = useInboxColumns(items, fresh);

  const views: { value: View; label: string }[] = [
    { value: 'all', label: t('inbox.views.all') },
    { value: 'mine', label: t('inbox.views.mine') },
    ...(myDepts.length ? [{ value: 'dept' as View, label: t('inbox.views.dept') }] : []),
    { value: 'unassigned', label: t('inbox.views.unassigned') },
    { value: 'breach', label: t('inbox.views.breach') },
    { value: 'urgent', label: t('inbox.views.urgent') },
    { value: 'waiting', label: t('inbox.views.waiting') },
  ];

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 12, flexWrap: 'wrap' }}>
        <Space size="middle" wrap>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {t('inbox.title')}
          </Typography.Title>
          <Segmented<View> aria-label={t('inbox.viewsLabel')} value={view} options={views} onChange={(v) => patch({ view: v === 'all' ? null : v })} data-testid="inbox-views" />
        </Space>
        <Space>
          {can('complaint.assign') && (
            <Button icon={<SendOutlined />} disabled={!selected.length} onClick={() => setBulkOpen(true)} data-testid="bulk-assign">
              {t('inbox.bulkAssign')}
              {selected.length ? ` (${selected.length})` : ''}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
          {can('complaint.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/intake')}>
              {t('nav.intake')}
            </Button>
          )}
        </Space>
      </div>
      <InboxFilters params={params} patch={patch} searchRef={searchRef} />
      <div ref={tableWrap}>
        <Table<Complaint>
          rowKey="id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ y: 'calc(100vh - 300px)' }}
          rowSelection={can('complaint.assign') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), columnWidth: 36 } : undefined}
          rowClassName={(_, i) => (i === active ? 'row-active' : '')}
          onRow={(c, i) =>
            ({
              onClick: () => setActive(i ?? 0),
              onDoubleClick: () => navigate(`/complaints/${c.id}`),
              'aria-selected': i === active,
              'data-testid': 'inbox-row',
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: t('inbox.empty') }}
          footer={() => (
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('inbox.shortcuts')}
              </Typography.Text>
              <Space>
                {selected.length > 0 && <Tag>{t('inbox.selected', { count: selected.length })}</Tag>}
                {cursor && (
                  <Button size="small" onClick={() => void load(cursor)}>
                    {t('common.loadMore')}
                  </Button>
                )}
              </Space>
            </div>
          )}
        />
      </div>
      {bulkOpen && (
        <Suspense fallback={null}>
          <BulkAssignModal
            ids={selected}
            onClose={(changed) => {
              setBulkOpen(false);
              if (changed) {
                setSelected([]);
                void load();
              }
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
