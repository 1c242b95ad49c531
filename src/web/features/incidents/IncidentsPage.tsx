import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Select, Space, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { useLiveEvents } from '../../app/live.js';
import { PageHeader } from '../../components/PageHeader.js';
import { LevelTag } from '../../components/tags.js';
import { fmtDateTime } from '../../components/format.js';
import { INCIDENT_STATUSES } from '../../../shared/contingency.js';
import { ctError, incidentTitle, useBi } from './bi.js';
import { DrillTag, IncidentStatusTag } from './IncidentTags.js';
import type { IncidentSummary, PlanItem } from './types.js';

/** Incidents (应急事件) the user may see, newest first; drills marked. */
export default function IncidentsPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [status, setStatus] = useState<string>('');
  const [drill, setDrill] = useState<string>('');
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [plans, setPlans] = useState<PlanItem[]>([]);
  const bi = useBi();
  useEffect(() => {
    api.get<{ items: PlanItem[] }>('/contingency/plans').then((r) => setPlans(r.items), () => setPlans([]));
  }, []);
  /** The plan's title and, when it is the newest or the version in force, its number (the list carries only the version id). */
  const planLabel = (i: IncidentSummary) => {
    const p = plans.find((x) => x.id === i.planId);
    if (!p) return t('inc.plan');
    const v = [p.published, p.latest].find((x) => x?.id === i.planVersionId);
    return v ? `${bi(p.title)} · v${v.version}` : bi(p.title);
  };

  const load = useCallback(
    async (after?: string) => {
      try {
        const r = await api.get<{ items: IncidentSummary[]; nextCursor: string | null }>(`/incidents${qs({ status, drill, cursor: after, limit: 50 })}`);
        setItems((x) => (after ? [...(x ?? []), ...r.items] : r.items));
        setCursor(r.nextCursor);
      } catch (e) {
        message.error(ctError(e));
        setItems((x) => x ?? []);
      }
    },
    [status, drill, message],
  );
  useEffect(() => void load(), [load]);
  useLiveEvents((e) => {
    if (e.type === 'reset' || e.type === 'incident.activated' || e.type === 'incident.status_changed' || e.type === 'incident.level_changed') void load();
  });

  return (
    <div data-testid="incidents-page">
      <PageHeader title={t('inc.title')}>
        <Space wrap>
          <Select
            aria-label={t('inc.status')}
            style={{ width: 140 }}
            value={status}
            onChange={setStatus}
            options={[{ value: '', label: t('inc.allStatuses') }, ...INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`inc.statusOf.${s}`) }))]}
          />
          <Select
            aria-label={t('inc.drill')}
            style={{ width: 140 }}
            value={drill}
            onChange={setDrill}
            options={[
              { value: '', label: t('common.all') },
              { value: 'false', label: t('inc.realOnly') },
              { value: 'true', label: t('inc.drillsOnly') },
            ]}
          />
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void load()} />
        </Space>
      </PageHeader>
      <Table<IncidentSummary>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('inc.empty') }}
        onRow={() => ({ 'data-testid': 'incident-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('inc.code'), dataIndex: 'code', width: 150 },
          {
            title: t('inc.name'),
            key: 'title',
            render: (_, i) => (
              <Space size={4}>
                {i.isDrill && <DrillTag />}
                <Link to={`/incidents/${i.id}`} data-testid="incident-link">
                  {incidentTitle(i)}
                </Link>
              </Space>
            ),
          },
          { title: t('inc.level'), key: 'level', width: 70, render: (_, i) => <LevelTag level={i.level} /> },
          { title: t('inc.status'), key: 'status', width: 100, render: (_, i) => <IncidentStatusTag status={i.status} /> },
          { title: t('inc.commander'), key: 'commander', width: 110, render: (_, i) => i.commander?.name ?? t('inc.unfilled') },
          {
            title: t('inc.plan'),
            key: 'plan',
            width: 220,
            render: (_, i) => <Link to={`/plans/${i.planId}?version=${encodeURIComponent(i.planVersionId)}`}>{planLabel(i)}</Link>,
          },
          {
            title: t('inc.sitrepDue'),
            key: 'sitrep',
            width: 170,
            render: (_, i) => (i.sitrepOverdue ? <Tag color="error">{t('inc.sitrepOverdue')}</Tag> : fmtDateTime(i.sitrepDueAt)),
          },
          { title: t('inc.activatedAt'), key: 'at', width: 160, render: (_, i) => fmtDateTime(i.activatedAt) },
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
