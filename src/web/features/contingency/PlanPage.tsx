import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button, Card, Col, Popconfirm, Result, Row, Space, Spin, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { useFeedback } from '../../app/feedback.js';
import { PageHeader } from '../../components/PageHeader.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError, useBi } from '../incidents/bi.js';
import type { PlanDetail, PlanVersion, VersionSummary } from '../incidents/types.js';
import { PlanStatusTag } from './PlanStatusTag.js';
import { PlanView } from './PlanView.js';
import { PlanCompare } from './PlanCompare.js';
import { PlanEditor } from './PlanEditor.js';
import { ActivateDialog } from './ActivateDialog.js';

/** One plan: its versions (approve/publish/retire by permission), a version's content, compare, exports, drill. */
export default function PlanPage() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, i18n } = useTranslation();
  const bi = useBi();
  const { can } = useSession();
  const { message } = useFeedback();
  const [plan, setPlan] = useState<PlanDetail | null>(null);
  const [version, setVersion] = useState<PlanVersion | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loads, setLoads] = useState(0);
  // ?edit=1: a plan just created opens on its draft's editor.
  const [editing, setEditing] = useState(() => search.get('edit') === '1');
  const [dialog, setDialog] = useState<'activate' | 'drill' | null>(null);
  const manage = can('contingency.manage');
  const wanted = search.get('version');

  const load = useCallback(async () => {
    try {
      const p = await api.get<PlanDetail>(`/contingency/plans/${id}`);
      setPlan(p);
      const pick = p.versions.find((v) => v.id === wanted || String(v.version) === wanted) ?? p.latest;
      setVersion(await api.get<PlanVersion>(`/contingency/plans/${id}/versions/${pick.version}`));
      setLoads((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }, [id, wanted]);
  useEffect(() => void load(), [load]);

  const act = async (v: VersionSummary, action: 'approve' | 'publish' | 'retire') => {
    try {
      await api.post(`/contingency/plans/${id}/versions/${v.version}/${action}`);
      message.success(t(action === 'approve' ? 'ctPlan.approved' : action === 'publish' ? 'ctPlan.publishedDone' : 'ctPlan.retired'));
      await load();
    } catch (e) {
      message.error(ctError(e));
    }
  };
  const newDraft = async () => {
    try {
      const v = await api.post<PlanVersion>(`/contingency/plans/${id}/versions`, {});
      message.success(t('ctPlan.draftCreated'));
      setSearch({ version: String(v.version) });
      setEditing(true);
    } catch (e) {
      message.error(ctError(e));
    }
  };

  if (error) return <Result status="warning" title={ctError(error)} extra={<Link to="/plans">{t('ctPlan.back')}</Link>} />;
  if (!plan || !version) return <Spin style={{ display: 'block', margin: 48 }} />;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const exportBase = `/api/v1/contingency/plans/${id}/versions/${version.version}`;

  return (
    <div data-testid="plan-page">
      <Link to="/plans">← {t('ctPlan.back')}</Link>
      <PageHeader title={bi(plan.title)}>
        <Space wrap>
          {plan.reviewDue && <Tag color="warning">{t('ctPlan.reviewDue')}</Tag>}
          {plan.published && can('incident.activate') && <Button onClick={() => setDialog('activate')}>{t('ctPlan.activate')}</Button>}
          {plan.published && manage && <Button data-testid="start-drill" onClick={() => setDialog('drill')}>{t('ctPlan.drill')}</Button>}
          {manage && plan.draftVersion === null && <Button onClick={() => void newDraft()}>{t('ctPlan.newDraft')}</Button>}
        </Space>
      </PageHeader>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={9}>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Card size="small" title={t('ctPlan.versions')}>
              <Table<VersionSummary>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={[...plan.versions].sort((a, b) => b.version - a.version)}
                onRow={(v) => ({ 'data-testid': 'version-row', 'data-version': v.version, style: v.id === version.id ? { background: '#e6f4ff' } : undefined }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('ctPlan.version'), key: 'v', width: 64, render: (_, v) => <a onClick={() => (setEditing(false), setSearch({ version: String(v.version) }))}>v{v.version}</a> },
                  { title: t('ctPlan.status'), key: 's', width: 90, render: (_, v) => <PlanStatusTag status={v.status} /> },
                  { title: t('ctPlan.date'), key: 'p', render: (_, v) => fmtDateTime(v.publishedAt ?? v.createdAt) },
                  ...(manage
                    ? [{
                        title: t('common.actions'),
                        key: 'a',
                        width: 96,
                        render: (_: unknown, v: VersionSummary) => (
                          <Space direction="vertical" size={2}>
                            {v.status === 'draft' && <Button size="small" onClick={() => void act(v, 'approve')}>{t('ctPlan.approve')}</Button>}
                            {v.status === 'approved' && (
                              <Popconfirm title={t('ctPlan.confirmPublish')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void act(v, 'publish')}>
                                <Button size="small" type="primary">{t('ctPlan.publish')}</Button>
                              </Popconfirm>
                            )}
                            {(v.status === 'approved' || v.status === 'published') && (
                              <Popconfirm title={t('ctPlan.confirmRetire')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void act(v, 'retire')}>
                                <Button size="small" danger>{t('ctPlan.retire')}</Button>
                              </Popconfirm>
                            )}
                          </Space>
                        ),
                      }]
                    : []),
                ]}
              />
            </Card>
            {plan.versions.length > 1 && <PlanCompare planId={id} versions={plan.versions} stamp={loads} />}
          </Space>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={`${t('ctPlan.content')} · v${version.version}`}
            extra={
              <Space wrap size="middle">
                {version.status === 'draft' && manage && !editing && <Button size="small" type="primary" data-testid="edit-draft" onClick={() => setEditing(true)}>{t('ctPlan.edit')}</Button>}
                <a href={`${exportBase}/print?lang=${lang}`} target="_blank" rel="noopener">{t('ctPlan.print')}</a>
                <a href={`${exportBase}/export.md?lang=${lang}`}>{t('ctPlan.exportMd')}</a>
                <a href={`${exportBase}/export.docx?lang=${lang}`}>{t('ctPlan.exportDocx')}</a>
                <a href={`${exportBase}/export.json`}>{t('ctPlan.exportJson')}</a>
              </Space>
            }
          >
            {editing && version.status === 'draft' ? (
              <PlanEditor version={version} onSaved={(v) => (setVersion(v), setEditing(false), void load())} onCancel={() => setEditing(false)} />
            ) : (
              <PlanView content={version.content} />
            )}
          </Card>
        </Col>
      </Row>
      <ActivateDialog open={!!dialog} drill={dialog === 'drill'} planId={id} plans={[plan]} onClose={() => setDialog(null)} />
    </div>
  );
}
