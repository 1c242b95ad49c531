import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Modal, Space, Typography } from 'antd';
import { CodeOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { LEVEL_NUMERALS } from '../../../shared/enums.js';
import { saveOutcome, SaveProblems, VersionInfo, type SaveFailure } from './VersionedConfig.js';
import { errorMessage } from '../../i18n/index.js';
import { useLeaveGuard } from '../../components/useLeaveGuard.js';
import { uncoveredLevels, type PoliciesDoc, type SlaPolicy } from './slaPolicy.js';
import { PoliciesTable } from './SlaPoliciesTable.js';
import { PolicyDialog } from './SlaPolicyDialog.js';

/**
 * SLA policies as a table in match order, edited in a dialog; the list is saved as a new version with
 * PUT /sla/policies (version-guarded). The server's problems (400 invalid_policies) are listed and
 * the rows they concern are marked.
 */
export function SlaPoliciesEditor() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [saved, setSaved] = useState<PoliciesDoc | null>(null);
  const [draft, setDraft] = useState<SlaPolicy[]>([]);
  const [editing, setEditing] = useState<{ index: number | null } | null>(null);
  const [problems, setProblems] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [showJson, setShowJson] = useState(false);

  const load = useCallback(async () => {
    try {
      const doc = await api.get<PoliciesDoc>('/sla/policies');
      setSaved(doc);
      setDraft(doc.policies);
      setProblems(null);
      setFailure(null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }, [message]);
  useEffect(() => void load(), [load]);

  const dirty = useMemo(() => !!saved && JSON.stringify(saved.policies) !== JSON.stringify(draft), [saved, draft]);
  const uncovered = useMemo(() => uncoveredLevels(draft), [draft]);
  useLeaveGuard(dirty);

  /** policies[3].targets… → row 3; messages without an index stay in the list only. */
  const rowProblems = useMemo(() => {
    const map = new Map<number, string[]>();
    for (const p of problems ?? []) {
      const m = /^policies\[(\d+)\]/.exec(p);
      if (m) map.set(Number(m[1]), [...(map.get(Number(m[1])) ?? []), p]);
    }
    return map;
  }, [problems]);

  const change = (next: SlaPolicy[]) => {
    setDraft(next);
    // Indexes of earlier problems no longer point at the same rows.
    setProblems(null);
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...draft];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    change(next);
  };

  const save = async () => {
    if (!saved) return;
    setBusy(true);
    setProblems(null);
    setFailure(null);
    try {
      const doc = await api.put<PoliciesDoc>('/sla/policies', { policies: draft, version: saved.version });
      setSaved(doc);
      setDraft(doc.policies);
      message.success(t('slaAdmin.saved', { version: doc.version }));
    } catch (e) {
      const out = saveOutcome(e, t('slaPolicies.stale'));
      if ('problems' in out) setProblems(out.problems);
      else setFailure(out.failure);
    } finally {
      setBusy(false);
    }
  };

  const describeProblem = (p: string) => {
    const m = /^policies\[(\d+)\]\.?(.*)$/.exec(p);
    if (!m) return p;
    const i = Number(m[1]);
    return `${t('slaPolicies.rowRef', { n: i + 1, name: draft[i]?.name ?? '' })}: ${m[2]}`;
  };

  if (!saved) return null;
  return (
    <div data-testid="sla-policies">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 12, flexWrap: 'wrap', marginBottom: 8 }}>
        <VersionInfo version={saved.version} updatedAt={saved.updatedAt} updatedBy={saved.updatedBy} testId="sla-config-version" column={2} style={{ flex: '1 1 420px' }} />
        <Space wrap>
          <Button icon={<CodeOutlined />} onClick={() => setShowJson(true)} data-testid="policies-json">
            {t('slaPolicies.viewJson')}
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setEditing({ index: null })} data-testid="policy-add">
            {t('slaPolicies.add')}
          </Button>
          <Button icon={<UndoOutlined />} disabled={!dirty || busy} onClick={() => void load()} data-testid="policies-discard">
            {t('slaPolicies.discard')}
          </Button>
          <Button type="primary" disabled={!dirty} loading={busy} onClick={() => void save()} data-testid="policies-save">
            {t('slaPolicies.saveVersion', { version: saved.version + 1 })}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('slaPolicies.hint')}
      </Typography.Paragraph>
      {dirty && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('slaPolicies.unsaved')} data-testid="policies-dirty" />}
      {uncovered.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('slaPolicies.uncovered', { levels: uncovered.map((l) => LEVEL_NUMERALS[l]).join('、') })} data-testid="policies-uncovered" />
      )}
      <SaveProblems problems={problems} failure={failure} describe={describeProblem} onReload={() => void load()} problemsTestId="policies-problems" failureTestId="policies-error" />
      <PoliciesTable draft={draft} rowProblems={rowProblems} onMove={move} onEdit={(i) => setEditing({ index: i })} onDelete={(i) => change(draft.filter((_, j) => j !== i))} />
      {editing && (
        <PolicyDialog
          policy={editing.index === null ? null : draft[editing.index]}
          takenIds={draft.filter((_, j) => j !== editing.index).map((p) => p.id)}
          onCancel={() => setEditing(null)}
          onOk={(p) => {
            change(editing.index === null ? [...draft, p] : draft.map((x, j) => (j === editing.index ? p : x)));
            setEditing(null);
          }}
        />
      )}
      <Modal open={showJson} title={t('slaPolicies.jsonTitle')} footer={null} onCancel={() => setShowJson(false)} width={760}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {dirty ? t('slaPolicies.jsonDraft') : t('slaPolicies.jsonSaved')}
        </Typography.Paragraph>
        <pre data-testid="policies-json-text" style={{ maxHeight: '60vh', overflow: 'auto', background: '#fafafa', padding: 12, borderRadius: 6, fontSize: 12, margin: 0 }}>
          {JSON.stringify(draft, null, 2)}
        </pre>
      </Modal>
    </div>
  );
}
