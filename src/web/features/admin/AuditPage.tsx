import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Input, Space, Table } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { api, qs } from '../../api/client.js';
import type { AuditEntry } from '../../api/types.js';
import { errorMessage } from '../../i18n/index.js';
import { fmtDateTime } from '../../components/format.js';
import { useFeedback } from '../../app/feedback.js';

interface Verify {
  ok: boolean;
  checked: number;
  broken?: { seq: number; reason: string };
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [action, setAction] = useState('');
  const [entityId, setEntityId] = useState('');
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(
    async (before?: number) => {
      setLoading(true);
      try {
        const r = await api.get<{ items: AuditEntry[]; nextBefore: number | null }>(`/audit${qs({ action: action || undefined, entityId: entityId || undefined, before, limit: 100 })}`);
        setItems((x) => (before ? [...x, ...r.items] : r.items));
        setNext(r.nextBefore);
      } catch (e) {
        message.error(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [action, entityId, message],
  );
  useEffect(() => void load(), [load]);

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.get<Verify>('/audit/verify'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('admin.audit.title')}>
        <Space wrap>
          <Input.Search allowClear aria-label={t('admin.audit.filterAction')} placeholder={t('admin.audit.filterAction')} onSearch={(v) => setAction(v.trim())} style={{ width: 200 }} />
          <Input.Search allowClear aria-label={t('admin.audit.filterEntity')} placeholder={t('admin.audit.filterEntity')} onSearch={(v) => setEntityId(v.trim())} style={{ width: 240 }} />
          <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
            {t('admin.audit.verify')}
          </Button>
        </Space>
      </PageHeader>
      {verify && (
        <Alert
          role="status"
          type={verify.ok ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          title={verify.ok ? t('admin.audit.ok', { count: verify.checked }) : t('admin.audit.broken', { seq: verify.broken?.seq, reason: verify.broken?.reason })}
        />
      )}
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        // The page scrolls, not the table: an inner scroll region of plain text cannot be reached by keyboard.
        sticky
        columns={[
          { title: t('admin.audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('admin.audit.at'), dataIndex: 'at', width: 150, render: fmtDateTime },
          { title: t('admin.audit.actor'), dataIndex: ['actor', 'email'], width: 200, ellipsis: true },
          { title: t('admin.audit.action'), dataIndex: 'action', width: 180 },
          { title: t('admin.audit.entity'), key: 'entity', width: 200, ellipsis: true, render: (_, e) => `${e.entityType}${e.entityId ? ` ${e.entityId}` : ''}` },
          { title: t('admin.audit.data'), dataIndex: 'data', ellipsis: true, render: (d: unknown) => <code style={{ fontSize: 12 }}>{d === undefined || d === null ? '' : JSON.stringify(d)}</code> },
        ]}
        footer={() =>
          next ? (
            <Button size="small" onClick={() => void load(next)}>
              {t('common.loadMore')}
            </Button>
          ) : null
        }
      />
    </div>
  );
}
