import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Result, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs } from '../../api/client.js';
import type { Cluster, ClusterDetail } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { LevelTag, StatusTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { useLiveEvents } from '../../app/live.js';
import { ClusterActions } from './ClusterActions.js';

/** Clusters of complaints about one event or copies of one text; mass complaints (群体性投诉) first. */
export default function ClustersPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [mass, setMass] = useState<'1' | 'all'>('1');
  const [items, setItems] = useState<Cluster[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);

  const load = useCallback(
    async (after?: string) => {
      try {
        const r = await api.get<{ items: Cluster[]; nextCursor: string | null }>(`/clusters${qs({ mass: mass === '1' ? '1' : undefined, cursor: after, limit: 50 })}`);
        setItems((x) => (after ? [...(x ?? []), ...r.items] : r.items));
        setCursor(r.nextCursor);
      } catch (e) {
        message.error(errorMessage(e));
        setItems((x) => x ?? []);
      }
    },
    [mass, message],
  );
  useEffect(() => void load(), [load]);
  useLiveEvents((e) => {
    if (e.type === 'triage.mass_complaint' || e.type === 'reset') void load();
  });

  return (
    <div data-testid="clusters-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t('clusters.title')}
        </Typography.Title>
        <Space>
          <Segmented
            aria-label={t('clusters.title')}
            value={mass}
            onChange={(v) => setMass(v as '1' | 'all')}
            options={[
              { value: '1', label: t('clusters.massOnly') },
              { value: 'all', label: t('clusters.all') },
            ]}
          />
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void load()} />
        </Space>
      </Space>
      <Table<Cluster>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        locale={{ emptyText: t('clusters.empty') }}
        onRow={() => ({ 'data-testid': 'cluster-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('clusters.subject'),
            key: 'subject',
            render: (_, c) => (
              <Space size={4}>
                {c.mass && <Tag color="volcano">{t('complaint.mass')}</Tag>}
                <Link to={`/clusters/${c.id}`} data-testid="cluster-link">
                  {c.subject || c.id.slice(0, 8)}
                </Link>
              </Space>
            ),
          },
          { title: t('clusters.size'), dataIndex: 'size', width: 90, align: 'right' },
          { title: t('clusters.firstAt'), dataIndex: 'firstAt', width: 160, render: (v: string | null) => fmtDateTime(v) },
          { title: t('clusters.lastAt'), dataIndex: 'lastAt', width: 160, render: (v: string | null) => fmtDateTime(v) },
          { title: t('clusters.massAt'), dataIndex: 'massAt', width: 160, render: (v: string | null) => fmtDateTime(v) || '—' },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void load(cursor)}>{t('common.loadMore')}</Button>
        </div>
      )}
    </div>
  );
}

/** One cluster with the members this user may see. */
export function ClusterPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { categoryName, can } = useSession();
  const manage = can('cluster.manage');
  const [selected, setSelected] = useState<string[]>([]);
  const [c, setC] = useState<ClusterDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    api.get<ClusterDetail>(`/clusters/${id}`).then(
      (r) => {
        setC(r);
        setSelected([]);
        setError(null);
      },
      (e) => setError(e instanceof ApiError ? e : new ApiError(0, 'generic', String(e))),
    );
  }, [id]);
  useEffect(load, [load]);
  useLiveEvents((e) => {
    if (e.type === 'triage.mass_complaint' || e.type === 'complaint.created') load();
  });

  if (error) return <Result status="404" title={t('clusters.notFound')} subTitle={error.detail} />;
  if (!c) return <Spin style={{ display: 'block', padding: 48 }} />;
  // Members keep their own level (a level staff confirmed is not raised by the mass rule), so one
  // cluster may show Ⅲ beside Ⅳ; the cluster is handled at its most severe member's level (Ⅰ highest).
  const highest = c.members.length ? Math.min(...c.members.map((m) => m.level)) : null;
  return (
    <div data-testid="cluster-page">
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        {c.mass && <Tag color="volcano">{t('complaint.mass')}</Tag>}
        {c.subject || c.id}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={4}
          items={[
            { key: 'size', label: t('clusters.size'), children: c.size },
            { key: 'first', label: t('clusters.firstAt'), children: fmtDateTime(c.firstAt) },
            { key: 'last', label: t('clusters.lastAt'), children: fmtDateTime(c.lastAt) },
            { key: 'mass', label: t('clusters.massAt'), children: fmtDateTime(c.massAt) || '—' },
            ...(highest === null ? [] : [{ key: 'level', label: t('clusters.highestLevel'), children: <LevelTag level={highest as ClusterDetail['members'][number]['level']} /> }]),
          ]}
        />
        {highest !== null && new Set(c.members.map((m) => m.level)).size > 1 && (
          <Typography.Text type="secondary" data-testid="cluster-level-help">
            {t('clusters.highestLevelHelp')}
          </Typography.Text>
        )}
      </Card>
      {manage && <ClusterActions clusterId={c.id} selected={selected} onChanged={load} />}
      {c.hiddenMembers > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('clusters.hiddenMembers', { count: c.hiddenMembers })} />}
      <Table
        rowKey="id"
        size="small"
        dataSource={c.members}
        pagination={false}
        rowSelection={manage ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
        onRow={() => ({ 'data-testid': 'cluster-member' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('inbox.col.trackingNo'), dataIndex: 'trackingNo', width: 190, render: (v: string, m) => <Link to={`/complaints/${m.id}`} style={{ fontFamily: 'monospace' }}>{v}</Link> },
          { title: t('inbox.col.level'), dataIndex: 'level', width: 70, render: (v) => <LevelTag level={v} /> },
          { title: t('inbox.col.subject'), dataIndex: 'subject', render: (v: string, m) => <Link to={`/complaints/${m.id}`}>{v}</Link> },
          { title: t('inbox.col.status'), dataIndex: 'status', width: 110, render: (v) => <StatusTag status={v} /> },
          { title: t('inbox.col.category'), dataIndex: 'categoryId', width: 140, render: (v: string | null) => categoryName(v) || '—' },
          { title: t('inbox.col.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => fmtDateTime(v) },
        ]}
      />
    </div>
  );
}
