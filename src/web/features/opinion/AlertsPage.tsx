import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Drawer, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';

type Color = 'none' | 'blue' | 'yellow' | 'orange' | 'red';
interface AlertRow {
  id: string; watchlistName: string | null; color: Color; peakColor: Color; status: 'open' | 'acknowledged' | 'closed'; openedAt: string; peakVolume: number; quiet: boolean;
  acknowledged: { note: string | null } | null; closed: { note: string | null } | null;
}
interface Mention { id: string; author: string | null; url: string | null; title: string | null; text: string; publishedAt: string; sentiment: { label: 'positive' | 'neutral' | 'negative' }; metrics: { reposts: number | null; comments: number | null; likes: number | null } }
interface AlertDetail { alert: AlertRow; mentions: Mention[] }

const TAG_COLOR: Record<Color, string> = { none: 'default', blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };

/** 舆情预警: the alerts, newest first; one opens in a drawer with the mentions that drove it, to promote, acknowledge or close. */
export default function AlertsPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const { can } = useSession();
  const manage = can('opinion.manage');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'active';
  const [items, setItems] = useState<AlertRow[] | null>(null);
  const [open, setOpen] = useState<AlertDetail | null>(null);
  const [note, setNote] = useState('');
  const [promoted, setPromoted] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: AlertRow[] }>(`/opinion/alerts${qs({ status: status === 'all' ? undefined : status, limit: 100 })}`)).items);
    } catch (e) {
      message.error(errorMessage(e));
      setItems([]);
    }
  }, [status, message]);
  useEffect(() => void load(), [load]);

  const show = async (id: string) => {
    try {
      setOpen(await api.get<AlertDetail>(`/opinion/alerts/${id}`));
      setNote('');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const act = async (kind: 'acknowledge' | 'close') => {
    if (!open) return;
    try {
      setOpen(await api.post<AlertDetail>(`/opinion/alerts/${open.alert.id}/${kind}`, note.trim() ? { note: note.trim() } : {}));
      message.success(t(kind === 'close' ? 'opinionAlerts.detail.closed' : 'opinionAlerts.detail.acknowledged'));
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const promote = async (m: Mention) => {
    try {
      const r = await api.post<{ complaint: { id: string; trackingNo: string } }>(`/opinion/mentions/${m.id}/promote`, {});
      setPromoted((x) => ({ ...x, [m.id]: r.complaint.id }));
      message.success(t('opinionAlerts.detail.promoted', { no: r.complaint.trackingNo }));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const colorTag = (c: Color) => <Tag color={TAG_COLOR[c]}>{t(`opinionAlerts.color.${c}`)}</Tag>;

  return (
    <div data-testid="opinion-alerts-page">
      <Typography.Title level={1} style={{ marginTop: 0 }}>{t('opinionAlerts.title')}</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('opinionAlerts.col.status')}
          value={status}
          style={{ width: 160 }}
          onChange={(v) => setParams(v === 'active' ? {} : { status: v }, { replace: true })}
          options={[...(['active', 'open', 'acknowledged', 'closed'] as const).map((s) => ({ value: s, label: t(`opinionAlerts.status.${s}`) })), { value: 'all', label: t('opinionAlerts.all') }]}
        />
      </Space>
      <Table<AlertRow>
        rowKey="id"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        locale={{ emptyText: t('opinionAlerts.empty') }}
        onRow={(a) => ({ onClick: () => void show(a.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('opinionAlerts.col.level'), key: 'level', width: 110, render: (_, a) => colorTag(a.status === 'closed' ? a.peakColor : a.color) },
          { title: t('opinionAlerts.col.watchlist'), key: 'watchlist', render: (_, a) => <Button type="link" style={{ padding: 0 }} onClick={() => void show(a.id)}>{a.watchlistName ?? '—'}</Button> },
          { title: t('opinionAlerts.col.opened'), key: 'opened', width: 170, render: (_, a) => fmtDateTime(a.openedAt) },
          { title: t('opinionAlerts.col.peak'), key: 'peak', width: 140, render: (_, a) => a.peakVolume },
          { title: t('opinionAlerts.col.status'), key: 'status', width: 110, render: (_, a) => t(`opinionAlerts.status.${a.status}`) },
        ]}
      />
      <Drawer open={!!open} width={640} title={open ? <Space>{colorTag(open.alert.color)}{open.alert.watchlistName}</Space> : t('opinionAlerts.detail.title')} onClose={() => setOpen(null)}>
        {open && (
          <>
            {open.alert.quiet && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('opinionAlerts.detail.quiet')} />}
            {manage && open.alert.status !== 'closed' && (
              <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
                <Input aria-label={t('opinionAlerts.detail.note')} placeholder={t('opinionAlerts.detail.note')} value={note} onChange={(e) => setNote(e.target.value)} />
                {open.alert.status === 'open' && <Button onClick={() => void act('acknowledge')}>{t('opinionAlerts.detail.acknowledge')}</Button>}
                <Button danger disabled={!note.trim()} onClick={() => void act('close')}>{t('opinionAlerts.detail.close')}</Button>
              </Space.Compact>
            )}
            <Typography.Title level={2} style={{ fontSize: 16 }}>{t('opinionAlerts.detail.mentions')}</Typography.Title>
            <List
              size="small"
              dataSource={open.mentions}
              locale={{ emptyText: t('opinionAlerts.detail.noMentions') }}
              renderItem={(m) => (
                <List.Item
                  key={m.id}
                  data-testid="alert-mention"
                  actions={manage ? [promoted[m.id] ? <Link key="c" to={`/complaints/${promoted[m.id]}`}>{t('opinionAlerts.detail.promote')} ✓</Link> : <Button key="p" size="small" onClick={() => void promote(m)}>{t('opinionAlerts.detail.promote')}</Button>] : []}
                >
                  <div>
                    <div>
                      <Tag color={m.sentiment.label === 'negative' ? 'red' : m.sentiment.label === 'positive' ? 'green' : 'default'}>{t(`complaint.conversation.sentiment.${m.sentiment.label}`)}</Tag>
                      {m.author && <Typography.Text strong>@{m.author}</Typography.Text>} <Typography.Text type="secondary">{fmtDateTime(m.publishedAt)}</Typography.Text>
                    </div>
                    <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>{m.text}</Typography.Paragraph>
                    <Typography.Text type="secondary">{t('complaint.conversation.metrics', { reposts: m.metrics.reposts ?? 0, comments: m.metrics.comments ?? 0, likes: m.metrics.likes ?? 0 })}</Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          </>
        )}
      </Drawer>
    </div>
  );
}
