import { useMemo } from 'react';
import { Button, Divider, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.js';
import { CHANNELS, LEVELS } from '../../../shared/enums.js';
import { fromForm, KINDS, newPolicy, NOTIFY, toForm, UNITS, type Kind, type PolicyForm, type SlaPolicy, type StepForm, type TargetForm } from './slaPolicy.js';

/** One policy edited as a form: match conditions, a row per clock kind, warning and escalation. */
export function PolicyDialog({ policy, takenIds, onOk, onCancel }: { policy: SlaPolicy | null; takenIds: string[]; onOk: (p: SlaPolicy) => void; onCancel: () => void }) {
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
          <div role="row" style={{ display: 'contents', fontSize: 12, color: 'rgba(0,0,0,0.6)' }}>
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
