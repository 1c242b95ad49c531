import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Space, Table, Tabs, Tag } from 'antd';
import { PlusOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { useFeedback } from '../../app/feedback.js';
import { PageHeader } from '../../components/PageHeader.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError, useBi } from '../incidents/bi.js';
import type { PlanItem } from '../incidents/types.js';
import { PlanStatusTag } from './PlanStatusTag.js';
import { ActivateDialog } from './ActivateDialog.js';
import { NewPlanDialog } from './NewPlanDialog.js';
import { CategoryPlansPanel } from './CategoryPlansPanel.js';

/** Emergency plans (应急预案): the newest version's status, the version in force and its review date. */
export default function PlansPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const { can } = useSession();
  const { message } = useFeedback();
  const [items, setItems] = useState<PlanItem[] | null>(null);
  const [activate, setActivate] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: PlanItem[] }>('/contingency/plans')).items);
    } catch (e) {
      message.error(ctError(e));
      setItems((x) => x ?? []);
    }
  }, [message]);
  useEffect(() => void load(), [load]);

  const table = (
    <Table<PlanItem>
      rowKey="id"
      size="small"
      loading={items === null}
      dataSource={items ?? []}
      pagination={false}
      scroll={{ x: 900 }}
      locale={{ emptyText: t('ctPlan.empty') }}
      onRow={() => ({ 'data-testid': 'plan-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('ctPlan.name'),
          key: 'title',
          render: (_, p) => (
            <Link to={`/plans/${p.id}`} data-testid="plan-link">
              {bi(p.title)}
            </Link>
          ),
        },
        { title: t('ctPlan.key'), dataIndex: 'key', width: 180 },
        {
          title: t('ctPlan.status'),
          key: 'status',
          width: 170,
          render: (_, p) => (
            <Space size={4}>
              <span>v{p.latest.version}</span>
              <PlanStatusTag status={p.latest.status} />
            </Space>
          ),
        },
        {
          title: t('ctPlan.published'),
          key: 'published',
          width: 200,
          render: (_, p) =>
            p.published ? (
              <Space size={4} wrap>
                <span>v{p.published.version}</span>
                {p.reviewDue && (
                  <Tag color="warning" data-testid="review-due">
                    {t('ctPlan.reviewDue')}
                  </Tag>
                )}
              </Space>
            ) : (
              t('ctPlan.noPublished')
            ),
        },
        { title: t('ctPlan.reviewDueAt'), key: 'review', width: 160, render: (_, p) => fmtDateTime(p.published?.reviewDueAt) },
        { title: t('ctPlan.owner'), dataIndex: 'ownerName', width: 120 },
        ...(can('incident.activate')
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                width: 140,
                render: (_: unknown, p: PlanItem) =>
                  p.published ? (
                    <Button size="small" icon={<ThunderboltOutlined />} data-testid="activate-plan" onClick={() => setActivate(p.id)}>
                      {t('ctPlan.activate')}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );

  return (
    <div data-testid="plans-page">
      <PageHeader title={t('ctPlan.title')}>
        <Space>
          {can('contingency.manage') && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-plan" onClick={() => setCreating(true)}>
              {t('ctNew.button')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void load()} />
        </Space>
      </PageHeader>
      <Tabs
        items={[
          { key: 'plans', label: t('ctPlan.title'), children: table },
          { key: 'categories', label: t('ctMap.tab'), children: <CategoryPlansPanel plans={items ?? []} /> },
        ]}
      />
      <NewPlanDialog open={creating} onClose={() => setCreating(false)} />
      <ActivateDialog open={!!activate} planId={activate ?? undefined} plans={items ?? []} onClose={() => setActivate(null)} />
    </div>
  );
}
