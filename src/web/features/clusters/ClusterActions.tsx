import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Input, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client.js';
import type { Cluster } from '../../api/types.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

/**
 * A coordinator's corrections of one cluster: merge other clusters into it, take the selected
 * members out of it, or dismiss it as not one event (reason required). The server checks
 * `cluster.manage`; this bar is shown only to users who have it.
 */
export function ClusterActions({ clusterId, selected, onChanged }: { clusterId: string; selected: string[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const navigate = useNavigate();
  const [mergeOpen, setMergeOpen] = useState(false);
  const [dismissOpen, setDismissOpen] = useState(false);
  const [others, setOthers] = useState<Cluster[]>([]);
  const [mergeIds, setMergeIds] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!mergeOpen) return;
    api.get<{ items: Cluster[] }>(`/clusters${qs({ limit: 100 })}`).then(
      (r) => setOthers(r.items.filter((c) => c.id !== clusterId)),
      (e) => message.error(errorMessage(e)),
    );
  }, [mergeOpen, clusterId, message]);

  const run = async (fn: () => Promise<unknown>, done: string, after: () => void) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      after();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space style={{ marginBottom: 12 }} data-testid="cluster-actions">
      <Button onClick={() => setMergeOpen(true)}>{t('clusters.merge')}</Button>
      <Button
        disabled={!selected.length}
        loading={busy}
        onClick={() =>
          void run(() => api.post(`/clusters/${clusterId}/split`, { complaintIds: selected }), t('clusters.splitDone', { count: selected.length }), onChanged)
        }
      >
        {t('clusters.split', { count: selected.length })}
      </Button>
      <Button danger onClick={() => setDismissOpen(true)}>
        {t('clusters.dismiss')}
      </Button>
      <Modal
        open={mergeOpen}
        title={t('clusters.mergeTitle')}
        okText={t('clusters.merge')}
        okButtonProps={{ disabled: !mergeIds.length, loading: busy }}
        onCancel={() => setMergeOpen(false)}
        onOk={() =>
          void run(() => api.post(`/clusters/${clusterId}/merge`, { clusterIds: mergeIds }), t('clusters.mergeDone'), () => {
            setMergeOpen(false);
            setMergeIds([]);
            onChanged();
          })
        }
      >
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          aria-label={t('clusters.mergeTitle')}
          placeholder={t('clusters.mergePick')}
          value={mergeIds}
          onChange={setMergeIds}
          optionFilterProp="label"
          options={others.map((c) => ({ value: c.id, label: `${c.subject || c.id.slice(0, 8)}（${c.size}）` }))}
        />
      </Modal>
      <Modal
        open={dismissOpen}
        title={t('clusters.dismissTitle')}
        okText={t('clusters.dismiss')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
        onCancel={() => setDismissOpen(false)}
        onOk={() => void run(() => api.post(`/clusters/${clusterId}/dismiss`, { reason: reason.trim() }), t('clusters.dismissDone'), () => navigate('/clusters'))}
      >
        <Input.TextArea aria-label={t('clusters.dismissReason')} placeholder={t('clusters.dismissReason')} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={1000} />
      </Modal>
    </Space>
  );
}
