import { useCallback, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Divider, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CodeOutlined, DeleteOutlined, EditOutlined, ExclamationCircleFilled, MinusCircleOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { useFeedback } from '../../app/feedback.js';
import { CHANNELS, LEVELS, LEVEL_NUMERALS, type Level } from '../../../shared/enums.js';
import { LevelTag } from '../../components/tags.js';
import { saveOutcome, SaveProblems, VersionInfo, type SaveFailure } from './VersionedConfig.js';
import { errorMessage } from '../../i18n/index.js';
import { useLeaveGuard } from '../../components/useLeaveGuard.js';

// The shape the server stores and validates (src/server/modules/sla/policy.ts, policy.validate.ts).
type Kind = 'firstResponse' | 'signFor' | 'resolution' | 'updateCadence';
const KINDS: Kind[] = ['firstResponse', 'signFor', 'resolution', 'updateCadence'];
type Unit = 'minutes' | 'hours' | 'days';
const UNITS: Unit[] = ['minutes', 'hours', 'days'];
type Mode = 'natural' | 'working';
type Notify = 'owner' | 'department_head' | 'leader';
const NOTIFY: Notify[] = ['owner', 'department_head', 'leader'];

interface SlaTarget {
  value: number;
  unit: Unit;
  mode: Mode;
  warnRatio?: number;
}
interface EscalationStep {
  on: 'warning' | 'breach';
  afterMs: number;
  notify: Notify;
}
export interface SlaPolicy {
  id: string;
  name: string;
  match: { levels?: Level[]; categoryIds?: string[]; channels?: string[] };
  /** absent: inherit from a later policy; null: does not apply */
  targets: Partial<Record<Kind, SlaTarget | null>>;
  warnRatio?: number;
  escalation?: EscalationStep[];
  [extra: string]: unknown;
}
interface PoliciesDoc {
  policies: SlaPolicy[];
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

// ---- form <-> policy --------------------------------------------------------------------------------

type TargetState = 'inherit' | 'set' | 'none';
interface TargetForm {
  state: TargetState;
  value?: number | null;
  unit?: Unit;
  mode?: Mode;
  warnPct?: number | null;
}
interface StepForm {
  on: 'warning' | 'breach';
  after: number;
  afterUnit: 'minutes' | 'hours';
  notify: Notify;
}
interface PolicyForm {
  id: string;
  name: string;
  levels: Level[];
  categoryIds: string[];
  channels: string[];
  targets: Record<Kind, TargetForm>;
  warnPct?: number | null;
  escalationMode: 'inherit' | 'custom';
  escalation: StepForm[];
}

const HOUR = 3_600_000;
const pct = (ratio: number | undefined) => (ratio === undefined ? null : Math.round(ratio * 10000) / 100);
const ratio = (p: number | null | undefined) => (p === null || p === undefined ? undefined : Math.round(p * 100) / 10000);

function toForm(p: SlaPolicy): PolicyForm {
  const targets = {} as Record<Kind, TargetForm>;
  for (const k of KINDS) {
    const tg = p.targets?.[k];
    targets[k] = tg === undefined ? { state: 'inherit', unit: 'hours', mode: 'natural' } : tg === null ? { state: 'none', unit: 'hours', mode: 'natural' } : { state: 'set', value: tg.value, unit: tg.unit, mode: tg.mode, warnPct: pct(tg.warnRatio) };
  }
  return {
    id: p.id,
    name: p.name,
    levels: p.match?.levels ?? [],
    categoryIds: p.match?.categoryIds ?? [],
    channels: p.match?.channels ?? [],
    targets,
    warnPct: pct(p.warnRatio),
    escalationMode: p.escalation === undefined ? 'inherit' : 'custom',
    escalation: (p.escalation ?? []).map((s) => (s.afterMs % HOUR === 0 ? { on: s.on, after: s.afterMs / HOUR, afterUnit: 'hours' as const, notify: s.notify } : { on: s.on, after: s.afterMs / 60_000, afterUnit: 'minutes' as const, notify: s.notify })),
  };
}

/** Keeps fields the editor does not know about (edited in by hand earlier) and drops empty criteria. */
function fromForm(v: PolicyForm, original: SlaPolicy | null): SlaPolicy {
  const { id: _id, name: _name, match: _match, targets: _targets, warnRatio: _w, escalation: _e, ...extra } = original ?? ({} as SlaPolicy);
  const match: SlaPolicy['match'] = {};
  if (v.levels?.length) match.levels = [...v.levels].sort();
  if (v.categoryIds?.length) match.categoryIds = v.categoryIds;
  if (v.channels?.length) match.channels = v.channels;
  const targets: SlaPolicy['targets'] = {};
  for (const k of KINDS) {
    const tf = v.targets[k];
    if (tf.state === 'none') targets[k] = null;
    else if (tf.state === 'set') {
      const w = ratio(tf.warnPct);
      targets[k] = { value: Number(tf.value), unit: tf.unit ?? 'hours', mode: tf.mode ?? 'natural', ...(w !== undefined ? { warnRatio: w } : {}) };
    }
  }
  const p: SlaPolicy = { ...extra, id: v.id.trim(), name: v.name.trim(), match, targets };
  const w = ratio(v.warnPct);
  if (w !== undefined) p.warnRatio = w;
  if (v.escalationMode === 'custom') p.escalation = (v.escalation ?? []).map((s) => ({ on: s.on, afterMs: Math.round(Number(s.after) * (s.afterUnit === 'hours' ? HOUR : 60_000)), notify: s.notify }));
  return p;
}

/** Levels without a policy free of category and channel conditions (the server refuses to save then). */
function uncoveredLevels(policies: SlaPolicy[]): Level[] {
  return LEVELS.filter((l) => !policies.some((p) => !p.match?.categoryIds && !p.match?.channels && (!p.match?.levels || p.match.levels.includes(l))));
}

const isFallback = (p: SlaPolicy) => !p.match?.categoryIds && !p.match?.channels;

// ---- the editor -------------------------------------------------------------------------------------

/**
 * SLA policies as a table in match order, edited in a dialog; the list is saved as a new version with
 * PUT /sla/policies (version-guarded). The server's problems (400 invalid_policies) are listed and
 * the rows they concern are marked.
 */
export function SlaPoliciesEditor() {
  const { t } = useTranslation();
  const { categoryName } = useSession();
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

  const targetCell = (p: SlaPolicy, k: Kind) => {
    const tg = p.targets?.[k];
    if (tg === undefined)
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-target="inherit">
          {t('slaPolicies.inherit')}
        </Typography.Text>
      );
    if (tg === null)
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-target="none">
          <MinusCircleOutlined /> {t('slaPolicies.none')}
        </Typography.Text>
      );
    return (
      <div data-target="set" style={{ lineHeight: 1.3 }}>
        <Typography.Text strong>{t(`slaPolicies.duration.${tg.unit}`, { count: tg.value })}</Typography.Text>
        <div style={{ fontSize: 12 }}>
          <Typography.Text type="secondary">{t(`slaPolicies.mode.${tg.mode}`)}</Typography.Text>
          {tg.warnRatio !== undefined && <Typography.Text type="secondary">{` · ${t('slaPolicies.warnAt', { pct: pct(tg.warnRatio) })}`}</Typography.Text>}
        </div>
      </div>
    );
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
      <Table<SlaPolicy>
        size="small"
        rowKey={(p) => p.id}
        dataSource={draft}
        pagination={false}
        data-testid="sla-policies-table"
        scroll={{ x: 1020 }}
        onRow={(p, i) => ({ 'data-policy-id': p.id, style: rowProblems.has(i ?? -1) ? { background: '#fff2f0' } : undefined }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: '#',
            key: 'order',
            width: 44,
            render: (_, __, i) =>
              rowProblems.has(i) ? (
                <Tooltip title={<TipList lines={rowProblems.get(i)!} />}>
                  <span style={{ color: '#cf1322', whiteSpace: 'nowrap' }} data-testid="policy-row-problem">
                    <ExclamationCircleFilled /> {i + 1}
                  </span>
                </Tooltip>
              ) : (
                i + 1
              ),
          },
          {
            title: t('slaPolicies.name'),
            key: 'name',
            width: 170,
            render: (_, p) => (
              <div style={{ lineHeight: 1.3 }}>
                <Typography.Text strong>{p.name || '—'}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 11, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
                    {p.id}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          {
            title: t('slaPolicies.match'),
            key: 'match',
            width: 200,
            render: (_, p) => {
              const m = p.match ?? {};
              if (!m.levels && !m.categoryIds && !m.channels) return <Tag color="blue">{t('slaPolicies.matchAll')}</Tag>;
              return (
                <Space size={[4, 4]} wrap>
                  {m.levels?.map((l) => <LevelTag key={l} level={l} />)}
                  {!m.levels && <Tag>{t('slaPolicies.anyLevel')}</Tag>}
                  {m.categoryIds?.map((id) => (
                    <Tag key={id} color="purple">
                      {categoryName(id) || id}
                    </Tag>
                  ))}
                  {m.channels?.map((ch) => (
                    <Tag key={ch} color="cyan">
                      {t(`channel.${ch}`, { defaultValue: ch })}
                    </Tag>
                  ))}
                  {isFallback(p) && (
                    <Tooltip title={t('slaPolicies.fallbackHint')}>
                      <Tag color="green">{t('slaPolicies.fallback')}</Tag>
                    </Tooltip>
                  )}
                </Space>
              );
            },
          },
          ...KINDS.map((k) => ({ title: t(`sla.kind.${k}`), key: k, width: 112, render: (_: unknown, p: SlaPolicy) => targetCell(p, k) })),
          {
            title: t('slaPolicies.warnEscalation'),
            key: 'esc',
            width: 110,
            render: (_, p) => (
              <div style={{ lineHeight: 1.3, fontSize: 12 }}>
                <div>{p.warnRatio !== undefined ? t('slaPolicies.warnAt', { pct: pct(p.warnRatio) }) : <Typography.Text type="secondary">{t('slaPolicies.warnInherit')}</Typography.Text>}</div>
                <div>
                  {p.escalation !== undefined ? (
                    <Tooltip title={p.escalation.length ? <TipList lines={p.escalation.map((s) => stepText(t, s))} /> : t('slaPolicies.noEscalation')}>
                      <span>{t('slaPolicies.steps', { count: p.escalation.length })}</span>
                    </Tooltip>
                  ) : (
                    <Typography.Text type="secondary">{t('slaPolicies.escalationDefault')}</Typography.Text>
                  )}
                </div>
              </div>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 136,
            fixed: 'right' as const,
            render: (_, p, i) => (
              <Space size={0}>
                <Tooltip title={t('slaPolicies.moveUp')}>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={`${t('slaPolicies.moveUp')}: ${p.name}`} data-testid="policy-up" />
                </Tooltip>
                <Tooltip title={t('slaPolicies.moveDown')}>
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === draft.length - 1} onClick={() => move(i, 1)} aria-label={`${t('slaPolicies.moveDown')}: ${p.name}`} data-testid="policy-down" />
                </Tooltip>
                <Tooltip title={t('common.edit')}>
                  <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing({ index: i })} aria-label={`${t('common.edit')}: ${p.name}`} data-testid="policy-edit" />
                </Tooltip>
                <Popconfirm title={t('slaPolicies.deleteConfirm', { name: p.name })} okText={t('slaPolicies.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => change(draft.filter((_, j) => j !== i))}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${t('slaPolicies.delete')}: ${p.name}`} data-testid="policy-delete" />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
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

function TipList({ lines }: { lines: string[] }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 16 }}>
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

function stepText(t: (k: string, o?: Record<string, unknown>) => string, s: EscalationStep): string {
  const after = s.afterMs === 0 ? t('slaPolicies.immediately') : s.afterMs % HOUR === 0 ? t('slaPolicies.duration.hours', { count: s.afterMs / HOUR }) : t('slaPolicies.duration.minutes', { count: Math.round(s.afterMs / 60_000) });
  return `${t(`slaPolicies.on.${s.on}`)} · ${after} · ${t(`slaPolicies.notify.${s.notify}`)}`;
}

// ---- the dialog -------------------------------------------------------------------------------------

function newPolicy(): SlaPolicy {
  return { id: `policy-${Date.now().toString(36)}`, name: '', match: {}, targets: {} };
}

function PolicyDialog({ policy, takenIds, onOk, onCancel }: { policy: SlaPolicy | null; takenIds: string[]; onOk: (p: SlaPolicy) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { ref, categoryName } = useSession();
  const [form] = Form.useForm<PolicyForm>();
  const initial = useMemo(() => toForm(policy ?? newPolicy()), [policy]);
  const targets = Form.useWatch('targets', form) as Record<Kind, TargetForm> | undefined;
  const escalationMode = Form.useWatch('escalationMode', form) as PolicyForm['escalationMode'] | undefined;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    // validateFields returns only registered fields; read the whole form for the nested target rows.
    onOk(fromForm({ ...initial, ...form.getFieldsValue(true) } as PolicyForm, policy));
  };

  const categoryOptions = ref.categories.filter((c) => c.active || initial.categoryIds.includes(c.id)).map((c) => ({ value: c.id, label: categoryName(c.id) }));
  for (const id of initial.categoryIds) if (!categoryOptions.some((o) => o.value === id)) categoryOptions.push({ value: id, label: id });

  return (
    <Modal open title={policy ? t('slaPolicies.editTitle', { name: policy.name }) : t('slaPolicies.addTitle')} onOk={() => void submit()} onCancel={onCancel} okText={t('slaPolicies.apply')} okButtonProps={{ id: 'policy-ok' }} width={900} destroyOnHidden maskClosable={false}>
      <Form form={form} name="policy" layout="vertical" initialValues={initial} data-testid="policy-form">
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="name" label={t('slaPolicies.name')} rules={[{ required: true, whitespace: true, message: t('slaPolicies.nameRequired') }]} style={{ flex: 2 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="id"
            label={t('slaPolicies.id')}
            tooltip={t('slaPolicies.idHint')}
            style={{ flex: 1 }}
            rules={[
              { required: true, whitespace: true, message: t('slaPolicies.idRequired') },
              { validator: (_, v: string) => (v && takenIds.includes(v.trim()) ? Promise.reject(new Error(t('slaPolicies.idTaken'))) : Promise.resolve()) },
            ]}
          >
            <Input maxLength={64} disabled={!!policy} style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} />
          </Form.Item>
        </div>

        <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
          {t('slaPolicies.match')}
        </Divider>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1.4fr 1fr', gap: 12 }}>
          <Form.Item name="levels" label={t('slaPolicies.levels')}>
            <Select mode="multiple" allowClear placeholder={t('slaPolicies.anyLevel')} options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="categoryIds" label={t('slaPolicies.categories')} extra={t('slaPolicies.categoriesHint')}>
            <Select mode="multiple" allowClear placeholder={t('slaPolicies.anyCategory')} showSearch={{ optionFilterProp: 'label' }} options={categoryOptions} />
          </Form.Item>
          <Form.Item name="channels" label={t('slaPolicies.channels')}>
            <Select mode="multiple" allowClear placeholder={t('slaPolicies.anyChannel')} options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
          </Form.Item>
        </div>

        <Divider titlePlacement="start" style={{ margin: '4px 0 8px' }}>
          {t('slaPolicies.targets')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('slaPolicies.targetsHint')}
        </Typography.Paragraph>
        <div role="table" aria-label={t('slaPolicies.targets')} style={{ display: 'grid', gridTemplateColumns: '112px 176px 196px 136px 124px', columnGap: 10, alignItems: 'start' }}>
          <div role="row" style={{ display: 'contents', fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
            <span role="columnheader" />
            <span role="columnheader">{t('slaPolicies.setting')}</span>
            <span role="columnheader">{t('slaPolicies.duration.label')}</span>
            <span role="columnheader">{t('slaPolicies.clock')}</span>
            <span role="columnheader">{t('slaPolicies.warnRatio')}</span>
          </div>
          {KINDS.map((k) => {
            const set = targets?.[k]?.state === 'set';
            return (
              <div role="row" key={k} data-kind={k} style={{ display: 'contents' }}>
                <span role="rowheader" style={{ paddingTop: 5, fontWeight: 500 }}>
                  {t(`sla.kind.${k}`)}
                </span>
                <Form.Item name={['targets', k, 'state']} style={{ marginBottom: 10 }}>
                  <Radio.Group
                    optionType="button"
                    size="small"
                    options={(['inherit', 'set', 'none'] as const).map((s) => ({ value: s, label: t(`slaPolicies.state.${s}`) }))}
                    aria-label={`${t(`sla.kind.${k}`)}: ${t('slaPolicies.setting')}`}
                  />
                </Form.Item>
                <div style={{ display: 'flex', gap: 4 }}>
                  <Form.Item
                    name={['targets', k, 'value']}
                    style={{ marginBottom: 10, flex: 1 }}
                    rules={set ? [{ required: true, message: t('slaPolicies.valueRequired') }, { type: 'number', min: 0.01, message: t('slaPolicies.valuePositive') }] : []}
                  >
                    <InputNumber size="small" min={0} step={1} disabled={!set} style={{ width: '100%' }} aria-label={`${t(`sla.kind.${k}`)}: ${t('slaPolicies.duration.label')}`} />
                  </Form.Item>
                  <Form.Item name={['targets', k, 'unit']} style={{ marginBottom: 10 }}>
                    <Select size="small" disabled={!set} style={{ width: 84 }} options={UNITS.map((u) => ({ value: u, label: t(`slaPolicies.unit.${u}`) }))} aria-label={`${t(`sla.kind.${k}`)}: ${t('slaPolicies.unitLabel')}`} />
                  </Form.Item>
                </div>
                <Form.Item name={['targets', k, 'mode']} style={{ marginBottom: 10 }}>
                  <Select size="small" disabled={!set} options={(['natural', 'working'] as const).map((m) => ({ value: m, label: t(`slaPolicies.mode.${m}`) }))} aria-label={`${t(`sla.kind.${k}`)}: ${t('slaPolicies.clock')}`} />
                </Form.Item>
                <Form.Item name={['targets', k, 'warnPct']} style={{ marginBottom: 10 }} rules={set ? [{ type: 'number', min: 1, max: 99, message: t('slaPolicies.pctRange') }] : []}>
                  <InputNumber size="small" min={1} max={99} disabled={!set} suffix="%" placeholder={t('slaPolicies.samePolicy')} style={{ width: '100%' }} aria-label={`${t(`sla.kind.${k}`)}: ${t('slaPolicies.warnRatio')}`} />
                </Form.Item>
              </div>
            );
          })}
        </div>

        <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
          {t('slaPolicies.warnEscalation')}
        </Divider>
        <div style={{ display: 'grid', gridTemplateColumns: '200px 1fr', gap: 16 }}>
          <Form.Item name="warnPct" label={t('slaPolicies.policyWarn')} extra={t('slaPolicies.policyWarnHint')} rules={[{ type: 'number', min: 1, max: 99, message: t('slaPolicies.pctRange') }]}>
            <InputNumber min={1} max={99} suffix="%" placeholder="75" style={{ width: '100%' }} />
          </Form.Item>
          <div>
            <Form.Item name="escalationMode" label={t('slaPolicies.escalation')} style={{ marginBottom: 8 }}>
              <Radio.Group
                options={[
                  { value: 'inherit', label: t('slaPolicies.escalationInherit') },
                  { value: 'custom', label: t('slaPolicies.escalationCustom') },
                ]}
              />
            </Form.Item>
            {escalationMode === 'custom' && (
              <Form.List name="escalation">
                {(fields, { add, remove }) => (
                  <div data-testid="escalation-steps">
                    {fields.map((f) => (
                      <Space key={f.key} align="start" style={{ display: 'flex', marginBottom: 4 }} wrap>
                        <Form.Item name={[f.name, 'on']} style={{ marginBottom: 4 }}>
                          <Select size="small" style={{ width: 130 }} options={(['warning', 'breach'] as const).map((o) => ({ value: o, label: t(`slaPolicies.on.${o}`) }))} aria-label={t('slaPolicies.stepOn')} />
                        </Form.Item>
                        <div style={{ display: 'flex', gap: 4 }}>
                          <Form.Item name={[f.name, 'after']} style={{ marginBottom: 4 }} rules={[{ required: true, message: t('slaPolicies.valueRequired') }]}>
                            <InputNumber size="small" min={0} style={{ width: 90 }} aria-label={t('slaPolicies.stepAfter')} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'afterUnit']} style={{ marginBottom: 4 }}>
                            <Select size="small" style={{ width: 100 }} options={(['minutes', 'hours'] as const).map((u) => ({ value: u, label: t(`slaPolicies.unitAfter.${u}`) }))} aria-label={t('slaPolicies.unitLabel')} />
                          </Form.Item>
                        </div>
                        <Form.Item name={[f.name, 'notify']} style={{ marginBottom: 4 }}>
                          <Select size="small" style={{ width: 150 }} options={NOTIFY.map((n) => ({ value: n, label: t(`slaPolicies.notify.${n}`) }))} aria-label={t('slaPolicies.stepNotify')} />
                        </Form.Item>
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('slaPolicies.removeStep')} />
                      </Space>
                    ))}
                    <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ on: 'breach', after: 0, afterUnit: 'hours', notify: 'department_head' } satisfies StepForm)}>
                      {t('slaPolicies.addStep')}
                    </Button>
                    {fields.length === 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                        {t('slaPolicies.noEscalation')}
                      </Typography.Text>
                    )}
                  </div>
                )}
              </Form.List>
            )}
          </div>
        </div>
      </Form>
    </Modal>
  );
}
