import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Descriptions, Form, InputNumber, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime } from '../../components/format.js';
import { JsonEditor, problemList } from '../../components/JsonEditor.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

interface Rules {
  version: string;
  seq: number | null;
  createdAt: string | null;
  createdBy: string | null;
  builtIn: boolean;
  rules: Record<string, unknown>;
}
type Settings = Record<string, number>;
/** The held-out figures a model version's auto-apply threshold was chosen from (server: calibration.ts). */
interface Calibration {
  policy: { targetPrecision: number; minHeldOut: number; minConfirmedPerClass: number };
  n: number;
  accuracy: number;
  threshold: number | null;
  applied: number;
  precision: number | null;
  classes: Record<string, { confirmed: number; heldOut: number; applied: number; correct: number; autoApply: boolean }>;
  accepted?: boolean;
  replaced?: { version: number | null; accuracy: number } | null;
}
interface Model {
  version: number;
  encoding: string;
  labels: string[];
  examples: number;
  trainedUntil: string;
  source: string;
  createdBy: string | null;
  createdAt: string;
  active: boolean;
  calibration: Calibration | null;
}

const SETTINGS: { key: string; min: number; max: number; step?: number }[] = [
  { key: 'autoApplyThreshold', min: 0, max: 1, step: 0.05 },
  { key: 'minConfirmedPerClass', min: 20, max: 100000 },
  { key: 'minHeldOut', min: 50, max: 100000 },
  { key: 'targetPrecision', min: 0.95, max: 1, step: 0.01 },
  { key: 'retrainMinIntervalMs', min: 0, max: 604800000, step: 60000 },
  { key: 'massSize', min: 2, max: 100000 },
  { key: 'massWindowHours', min: 0.01, max: 8760 },
  { key: 'linkWithinDays', min: 0.01, max: 365 },
  { key: 'similarityThreshold', min: 0.05, max: 1, step: 0.05 },
  { key: 'repeatWindowDays', min: 1, max: 3650 },
  { key: 'retryDelayMs', min: 0, max: 86400000, step: 1000 },
  { key: 'learnBatch', min: 1, max: 100000 },
  { key: 'learnDebounceMs', min: 0, max: 86400000, step: 1000 },
  { key: 'syncIntervalMs', min: 0, max: 60000, step: 100 },
];

/** Severity rules (JSON with the server's problems listed), triage settings, classifier models. */
export default function TriageAdminPage() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        {t('triageAdmin.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'rules', label: t('triageAdmin.rules'), children: <RulesTab /> },
          { key: 'settings', label: t('triageAdmin.settings'), children: <SettingsTab /> },
          { key: 'models', label: t('triageAdmin.models'), children: <ModelsTab /> },
        ]}
      />
    </div>
  );
}

function RulesTab() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const { userName } = useSession();
  const [rules, setRules] = useState<Rules | null>(null);
  const load = useCallback(() => {
    api.get<Rules>('/triage/rules').then(setRules, (e) => message.error(errorMessage(e)));
  }, [message]);
  useEffect(load, [load]);
  if (!rules) return null;
  // The version is assigned by the server when omitted; editing starts without it.
  const { version: _v, ...editable } = rules.rules;
  return (
    <div data-testid="rules-tab">
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'v', label: t('triageAdmin.version'), children: <span data-testid="rules-version">{rules.version}</span> },
          { key: 'by', label: t('triageAdmin.savedBy'), children: rules.builtIn ? <Tag>{t('triageAdmin.builtIn')}</Tag> : `${userName(rules.createdBy)} · ${fmtDateTime(rules.createdAt)}` },
          { key: 'seq', label: t('triageAdmin.seq'), children: rules.seq ?? '—' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('triageAdmin.rulesHint')}
      </Typography.Paragraph>
      <JsonEditor
        value={editable}
        label={t('triageAdmin.rules')}
        testId="rules-editor"
        onSave={async (v) => {
          const r = await api.put<Rules>('/triage/rules', v);
          setRules(r);
          message.success(t('triageAdmin.rulesSaved', { version: r.version }));
        }}
      />
    </div>
  );
}

function SettingsTab() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [form] = Form.useForm<Settings>();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<Settings>('/triage/settings').then(setSettings, (e) => message.error(errorMessage(e)));
  }, [message]);
  if (!settings) return null;
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const patch = Object.fromEntries(Object.entries(v).filter(([k, x]) => x !== null && x !== undefined && x !== settings[k]));
    if (!Object.keys(patch).length) return;
    setBusy(true);
    try {
      const next = await api.put<Settings>('/triage/settings', patch);
      setSettings(next);
      form.setFieldsValue(next);
      message.success(t('common.saved'));
    } catch (e) {
      const list = problemList(e);
      message.error(list ? list.join('; ') : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" style={{ maxWidth: 760 }}>
      <Form form={form} layout="horizontal" labelCol={{ span: 10 }} wrapperCol={{ span: 14 }} initialValues={settings}>
        {SETTINGS.map((s) => (
          <Form.Item key={s.key} name={s.key} label={t(`triageAdmin.setting.${s.key}`)} rules={[{ required: true, type: 'number', min: s.min, max: s.max }]}>
            <InputNumber min={s.min} max={s.max} step={s.step ?? 1} style={{ width: 200 }} />
          </Form.Item>
        ))}
        <Form.Item wrapperCol={{ offset: 10 }}>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('common.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function ModelsTab() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const { categoryName, userName } = useSession();
  const [data, setData] = useState<{ active: number | null; calibration: Calibration | null; policy: Calibration['policy']; items: Model[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    api.get<{ active: number | null; calibration: Calibration | null; policy: Calibration['policy']; items: Model[] }>('/triage/models').then(setData, (e) => message.error(errorMessage(e)));
  }, [message]);
  useEffect(load, [load]);
  const train = async () => {
    setBusy(true);
    try {
      const r = await api.post<{ version: number; accepted: boolean; examples: number; labels: number; ms: number }>('/triage/models/train', {});
      if (r.accepted) message.success(t('triageAdmin.trained', r));
      else message.warning(t('triageAdmin.rejected'));
      load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<ExperimentOutlined />} loading={busy} onClick={() => void train()} data-testid="train-model">
          {t('triageAdmin.train')}
        </Button>
        <Typography.Text type="secondary">{t('triageAdmin.trainHint')}</Typography.Text>
      </Space>
      {data && <CalibrationCard calibration={data.calibration} policy={data.policy} coldStart={data.active === null} />}
      <Table<Model>
        rowKey="version"
        size="small"
        loading={!data}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('triageAdmin.version'), dataIndex: 'version', width: 90, render: (v: number, m) => <Space size={4}>{v}{m.active && <Tag color="green">{t('triageAdmin.active')}</Tag>}</Space> },
          { title: t('triageAdmin.source'), dataIndex: 'source', width: 100, render: (v: string) => t(`triageAdmin.sourceName.${v}`, { defaultValue: v }) },
          { title: t('triageAdmin.examples'), dataIndex: 'examples', width: 100, align: 'right' },
          { title: t('triageAdmin.labels'), dataIndex: 'labels', ellipsis: true, render: (v: string[]) => v.map((id) => categoryName(id)).join('、') },
          {
            title: t('triageAdmin.calibration'),
            dataIndex: 'calibration',
            width: 260,
            render: (c: Calibration | null) =>
              c ? (
                <span style={{ fontSize: 12 }}>
                  {c.accepted === false && <Tag color="orange">{t('triageAdmin.rejected')}</Tag>}
                  {`${t('triageAdmin.heldOut')} ${c.n} · ${t('triageAdmin.accuracy')} ${pct(c.accuracy)}`}
                  {c.threshold !== null ? ` · ${t('triageAdmin.threshold')} ${c.threshold}` : ''}
                  {c.replaced ? ` · ${t('triageAdmin.replaced', { version: c.replaced.version ?? '—', accuracy: pct(c.replaced.accuracy) })}` : ''}
                </span>
              ) : (
                '—'
              ),
          },
          { title: t('triageAdmin.trainedUntil'), dataIndex: 'trainedUntil', width: 160, render: (v: string) => fmtDateTime(v) },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string, m) => `${fmtDateTime(v)}${m.createdBy ? ` · ${userName(m.createdBy)}` : ''}` },
        ]}
      />
    </div>
  );
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** The figures the model in use was calibrated from, and which categories it may apply by itself. */
function CalibrationCard({ calibration: c, policy, coldStart }: { calibration: Calibration | null; policy: Calibration['policy']; coldStart: boolean }) {
  const { t } = useTranslation();
  const { categoryName } = useSession();
  const auto = c ? Object.entries(c.classes).filter(([, x]) => x.autoApply).map(([id]) => categoryName(id)) : [];
  return (
    <Card size="small" title={t('triageAdmin.calibration')} style={{ marginBottom: 12 }} data-testid="triage-calibration">
      {coldStart && <Tag>{t('triageAdmin.coldStart')}</Tag>}
      {c ? (
        <>
          <Descriptions
            size="small"
            column={3}
            items={[
              { key: 'n', label: t('triageAdmin.heldOut'), children: c.n },
              { key: 'acc', label: t('triageAdmin.accuracy'), children: pct(c.accuracy) },
              { key: 'th', label: t('triageAdmin.threshold'), children: <span data-testid="calibration-threshold">{c.threshold ?? '—'}</span> },
              { key: 'ap', label: t('triageAdmin.applied'), children: c.applied },
              { key: 'p', label: t('triageAdmin.precision'), children: pct(c.precision) },
              { key: 'cls', label: t('triageAdmin.autoApplyClasses'), children: auto.length ? auto.join('、') : t('triageAdmin.none') },
            ]}
          />
          {c.threshold === null && <Typography.Text type="secondary">{t('triageAdmin.notCalibrated')}</Typography.Text>}
        </>
      ) : (
        <Typography.Text type="secondary">{t('triageAdmin.notCalibrated')}</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('triageAdmin.calibrationHint', { minConfirmed: policy.minConfirmedPerClass, minHeldOut: policy.minHeldOut, target: Math.round(policy.targetPrecision * 100) })}
      </Typography.Paragraph>
    </Card>
  );
}
