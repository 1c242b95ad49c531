import { useCallback, useEffect, useState } from 'react';
import { Button, Segmented, Space, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api, qs } from '../../api/client.js';
import type { Job } from '../../api/types.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

type Status = Job['status'];
const COLOR: Record<Status, string> = { pending: 'blue', running: 'processing', done: 'green', dead: 'red' };

/** Background jobs, dead ones first: what failed, how often, and a retry. */
export default function JobsPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [status, setStatus] = useState<Status>('dead');
  const [items, setItems] = useState<Job[] | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    (after?: string) => {
      api.get<{ items: Job[]; nextCursor: string | null; counts: Record<string, number> }>(`/admin/jobs${qs({ status, cursor: after, limit: 50 })}`).then(
        (r) => {
          setItems((x) => (after ? [...(x ?? []), ...r.items] : r.items));
          setCursor(r.nextCursor);
          setCounts(r.counts ?? {});
        },
        (e) => message.error(errorMessage(e)),
      );
    },
    [status, message],
  );
  useEffect(() => load(), [load]);

  const retry = async (j: Job) => {
    setBusy(j.id);
    try {
      await api.post(`/admin/jobs/${j.id}/retry`);
      message.success(t('jobs.retried'));
      load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div>
      <PageHeader title={t('jobs.title')}>
        <Space>
          <Segmented<Status>
            value={status}
            onChange={setStatus}
            options={(['dead', 'pending', 'running', 'done'] as const).map((s) => ({ value: s, label: `${t(`jobs.status.${s}`)}${counts[s] !== undefined ? ` (${counts[s]})` : ''}` }))}
          />
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => load()} />
        </Space>
      </PageHeader>
      <Table<Job>
        rowKey="id"
        size="small"
        loading={!items}
        dataSource={items ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (j) => <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{JSON.stringify(j.payload, null, 2)}</pre> }}
        columns={[
          { title: t('jobs.type'), dataIndex: 'type', width: 200 },
          { title: t('jobs.statusCol'), dataIndex: 'status', width: 90, render: (v: Status) => <Tag color={COLOR[v]}>{t(`jobs.status.${v}`)}</Tag> },
          { title: t('jobs.attempts'), key: 'att', width: 90, align: 'right', render: (_, j) => `${j.attempts}/${j.maxAttempts}` },
          { title: t('jobs.lastError'), dataIndex: 'lastError', ellipsis: true },
          { title: t('jobs.runAt'), dataIndex: 'runAt', width: 150, render: (v: string | null) => fmtDateTime(v) },
          {
            title: t('common.actions'),
            key: 'a',
            width: 90,
            render: (_, j) =>
              j.status === 'dead' || j.status === 'pending' ? (
                <Button size="small" loading={busy === j.id} onClick={() => void retry(j)}>
                  {t('jobs.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => load(cursor)}>{t('common.loadMore')}</Button>
        </div>
      )}
    </div>
  );
}
