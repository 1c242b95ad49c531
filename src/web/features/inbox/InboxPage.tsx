import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Badge, Button, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { InputRef } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import type { Complaint, Page } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { CHANNELS, LEVELS, STATUSES, type Level, type Status } from '../../../shared/enums.js';
import { LevelTag, StatusTag } from '../../components/tags.js';
import { SlaBadge } from '../../components/SlaBadge.js';
import { fmtDateTime, isTypingTarget } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useLiveEvents } from '../../app/live.js';

// Loaded when first used: keeps Form and Modal out of the inbox's initial JavaScript.
const BulkAssignModal = lazy(() => import('./BulkAssignModal.js'));
import { useFeedback } from '../../app/feedback.js';

const OPEN: Status[] = ['received', 'triaged', 'assigned', 'in_progress', 'returned', 'waiting'];
type View = 'all' | 'mine' | 'dept' | 'unassigned' | 'breach' | 'urgent' | 'waiting';
const POLL_MS = 15_000;

interface Filters {
  slaStatus?: string;
  q?: string;
  status?: string;
  level?: string;
  categoryId?: string;
  departmentId?: string;
  ownerId?: string;
  channel?: string;
  createdFrom?: string;
  createdTo?: string;
}

export default function InboxPage() {
  const { t } = useTranslation();
  const { me, can, ref, deptName, categoryName, userName } = useSession();
  const { message } = useFeedback();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as View) || 'all';
  const myDepts = me?.user.departmentIds ?? [];

  const [items, setItems] = useState<Complaint[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const tableWrap = useRef<HTMLDivElement>(null);

  const filters = useMemo<Filters>(() => {
    const f: Filters = {};
    switch (view) {
      case 'mine':
        f.ownerId = 'me';
        break;
      case 'dept':
        f.departmentId = myDepts.join(',') || undefined;
        break;
      case 'unassigned':
        f.ownerId = 'none';
        f.status = OPEN.join(',');
        break;
      case 'breach':
        f.slaStatus = 'warning';
        break;
      case 'urgent':
        f.level = '1,2';
        f.status = OPEN.join(',');
        break;
      case 'waiting':
        f.status = 'waiting';
        break;
    }
    for (const k of ['q', 'status', 'level', 'categoryId', 'departmentId', 'channel', 'createdFrom', 'createdTo'] as const) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params, view, myDepts.join(",")]);

  const query = qs({ ...filters });
  const load = useCallback(
    async (more?: string | null) => {
      setLoading(true);
      try {
        const page = await api.get<Page<Complaint>>(`/complaints${qs({ ...filters, limit: 50, cursor: more ?? undefined })}`);
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        if (!more) {
          setActive(0);
          setFresh(new Set());
        }
      } catch (e) {
        message.error(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [query],
  );

  useEffect(() => {
    void load();
    setSelected([]);
  }, [load]);

  // New complaints arrive by light polling of the first page (the live event stream replaces this when it exists).
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const pollRef = useRef<() => Promise<void>>(async () => undefined);
  pollRef.current = async () => {
      try {
        const page = await api.get<Page<Complaint>>(`/complaints${qs({ ...filters, limit: 20 })}`);
        const known = new Set(itemsRef.current.map((c) => c.id));
        const top = itemsRef.current[0]?.id ?? '';
        const incoming = page.items.filter((c) => !known.has(c.id) && c.id > top);
        const byId = new Map(page.items.map((c) => [c.id, c]));
        setItems((prev) => [...incoming, ...prev.map((c) => byId.get(c.id) ?? c)]);
        if (incoming.length) {
          setFresh((s) => new Set([...s, ...incoming.map((c) => c.id)]));
          setActive((a) => a + incoming.length);
        }
      } catch {
        /* transient; the next poll retries */
      }
  };
  // Live: any complaint or deadline event refreshes the first page (debounced); polling stays as a slow fallback.
  const liveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { connected } = useLiveEvents((e) => {
    if (!/^(complaint|sla|plan|triage)\./.test(e.type) && e.type !== 'reset') return;
    if (liveTimer.current) clearTimeout(liveTimer.current);
    liveTimer.current = setTimeout(() => void pollRef.current(), 300);
  });
  useEffect(() => {
    const h = setInterval(() => {
      if (!document.hidden) void pollRef.current();
    }, connected ? POLL_MS * 4 : POLL_MS);
    return () => clearInterval(h);
  }, [query, connected]);

  const setParam = (k: string, v: string | undefined | null) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };

  // Keyboard: j/k move, Enter open, x select, / search, n new complaint.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e)) {
        if (e.key === 'Escape' && (e.target as HTMLElement).tagName === 'INPUT') (e.target as HTMLElement).blur();
        return;
      }
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"])')) return;
      const n = itemsRef.current.length;
      if (e.key === 'j' || e.key === 'ArrowDown') {
        if (e.key === 'ArrowDown' && !(e.target as HTMLElement).closest?.('.ant-table')) return;
        e.preventDefault();
        setActive((a) => Math.min(n - 1, a + 1));
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        if (e.key === 'ArrowUp' && !(e.target as HTMLElement).closest?.('.ant-table')) return;
        e.preventDefault();
        setActive((a) => Math.max(0, a - 1));
      } else if (e.key === 'Enter') {
        const c = itemsRef.current[activeRef.current];
        if (c && !(e.target as HTMLElement).closest?.('a,button')) {
          e.preventDefault();
          navigate(`/complaints/${c.id}`);
        }
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'n' && can('complaint.create')) {
        e.preventDefault();
        navigate('/intake');
      } else if (e.key === 'x') {
        const c = itemsRef.current[activeRef.current];
        if (c) setSelected((s) => (s.includes(c.id) ? s.filter((x) => x !== c.id) : [...s, c.id]));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate, can]);
  const activeRef = useRef(active);
  activeRef.current = active;
  useEffect(() => {
    tableWrap.current?.querySelector('.row-active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const showSla = items.some((c) => c.sla);
  const columns: ColumnsType<Complaint> = [
    {
      title: t('inbox.col.level'),
      dataIndex: 'level',
      width: 76,
      sorter: (a, b) => a.level - b.level,
      render: (l: Level) => <LevelTag level={l} />,
    },
    {
      title: t('inbox.col.trackingNo'),
      dataIndex: 'trackingNo',
      width: 170,
      sorter: (a, b) => a.trackingNo.localeCompare(b.trackingNo),
      render: (v: string, c) => (
        <Space size={4}>
          <Typography.Text copyable={false} style={{ fontFamily: 'monospace', fontSize: 12 }}>
            {v}
          </Typography.Text>
          {fresh.has(c.id) && <Badge status="processing" text={t('inbox.isNew')} />}
        </Space>
      ),
    },
    {
      title: t('inbox.col.subject'),
      dataIndex: 'subject',
      ellipsis: { showTitle: false },
      sorter: (a, b) => a.subject.localeCompare(b.subject),
      render: (s: string, c) => (
        <Tooltip title={s} placement="topLeft">
          <Link to={`/complaints/${c.id}`} data-testid="inbox-subject">
            {s}
          </Link>
        </Tooltip>
      ),
    },
    ...(showSla ? [{ title: t('inbox.col.sla'), key: 'sla', width: 100, render: (_: unknown, c: Complaint) => <SlaBadge sla={c.sla} /> }] : []),
    {
      title: t('inbox.col.status'),
      dataIndex: 'status',
      width: 110,
      sorter: (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status),
      render: (s: Status) => <StatusTag status={s} />,
    },
    { title: t('inbox.col.category'), dataIndex: 'categoryId', width: 130, ellipsis: true, render: (id: string | null) => categoryName(id) },
    { title: t('inbox.col.department'), dataIndex: 'departmentId', width: 120, ellipsis: true, sorter: (a, b) => deptName(a.departmentId).localeCompare(deptName(b.departmentId)), render: (id: string | null) => deptName(id) },
    { title: t('inbox.col.owner'), dataIndex: 'ownerId', width: 96, ellipsis: true, render: (id: string | null) => (id ? userName(id) : <Typography.Text type="secondary">—</Typography.Text>) },
    { title: t('inbox.col.channel'), dataIndex: 'channel', width: 80, render: (ch: string) => t(`channel.${ch}`) },
    {
      title: t('inbox.col.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      defaultSortOrder: undefined,
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: (v: string) => fmtDateTime(v),
    },
  ];

  const views: { value: View; label: string }[] = [
    { value: 'all', label: t('inbox.views.all') },
    { value: 'mine', label: t('inbox.views.mine') },
    ...(myDepts.length ? [{ value: 'dept' as View, label: t('inbox.views.dept') }] : []),
    { value: 'unassigned', label: t('inbox.views.unassigned') },
    { value: 'breach', label: t('inbox.views.breach') },
    { value: 'urgent', label: t('inbox.views.urgent') },
    { value: 'waiting', label: t('inbox.views.waiting') },
  ];

  // Native date inputs: accessible, localised by the browser, and no date library in the inbox bundle.
  const dayOf = (iso: string | null) => (iso ? localDay(new Date(iso)) : '');
  const setDay = (k: 'createdFrom' | 'createdTo', v: string) => {
    if (!v) return setParam(k, null);
    const [y, m, d] = v.split('-').map(Number);
    const at = k === 'createdFrom' ? new Date(y, m - 1, d, 0, 0, 0, 0) : new Date(y, m - 1, d, 23, 59, 59, 999);
    setParam(k, at.toISOString());
  };

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 12, flexWrap: 'wrap' }}>
        <Space size="middle" wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('inbox.title')}
          </Typography.Title>
          <Segmented<View> aria-label={t('inbox.viewsLabel')} value={view} options={views} onChange={(v) => setParam('view', v === 'all' ? null : v)} data-testid="inbox-views" />
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
      <Space wrap size={6} style={{ marginBottom: 12 }}>
        <Input.Search
          ref={searchRef}
          aria-label={t('inbox.searchLabel')}
          placeholder={t('inbox.searchPlaceholder')}
          allowClear
          defaultValue={params.get('q') ?? ''}
          key={params.get('q') ?? ''}
          onSearch={(v) => setParam('q', v.trim() || null)}
          style={{ width: 250 }}
          data-testid="inbox-search"
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('inbox.filterStatus')}
          placeholder={t('inbox.filterStatus')}
          style={{ minWidth: 120 }}
          maxTagCount="responsive"
          value={params.get('status')?.split(',') ?? []}
          onChange={(v: string[]) => setParam('status', v.join(','))}
          options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('inbox.filterLevel')}
          placeholder={t('inbox.filterLevel')}
          style={{ minWidth: 100 }}
          value={params.get('level')?.split(',') ?? []}
          onChange={(v: string[]) => setParam('level', v.join(','))}
          options={LEVELS.map((l) => ({ value: String(l), label: t(`level.short${l}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('inbox.filterCategory')}
          placeholder={t('inbox.filterCategory')}
          style={{ width: 130 }}
          value={params.get('categoryId') ?? undefined}
          onChange={(v?: string) => setParam('categoryId', v)}
          options={ref.categories.filter((c) => c.active).map((c) => ({ value: c.id, label: categoryName(c.id) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('inbox.filterDepartment')}
          placeholder={t('inbox.filterDepartment')}
          style={{ width: 130 }}
          value={params.get('departmentId') ?? undefined}
          onChange={(v?: string) => setParam('departmentId', v)}
          options={ref.departments.map((d) => ({ value: d.id, label: deptName(d.id) }))}
        />
        <Select
          allowClear
          aria-label={t('inbox.filterChannel')}
          placeholder={t('inbox.filterChannel')}
          style={{ width: 100 }}
          value={params.get('channel') ?? undefined}
          onChange={(v?: string) => setParam('channel', v)}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
        <Space.Compact>
          <Input type="date" aria-label={`${t('inbox.filterDate')} ≥`} title={t('inbox.filterDate')} value={dayOf(params.get('createdFrom'))} onChange={(e) => setDay('createdFrom', e.target.value)} style={{ width: 135 }} />
          <Input type="date" aria-label={`${t('inbox.filterDate')} ≤`} title={t('inbox.filterDate')} value={dayOf(params.get('createdTo'))} onChange={(e) => setDay('createdTo', e.target.value)} style={{ width: 135 }} />
        </Space.Compact>
      </Space>
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
          onRow={(c, i) => ({
            onClick: () => setActive(i ?? 0),
            onDoubleClick: () => navigate(`/complaints/${c.id}`),
            'aria-selected': i === active,
            'data-testid': 'inbox-row',
          } as HTMLAttributes<HTMLElement>)}
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

function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
