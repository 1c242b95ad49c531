import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Col, Form, Input, Modal, Row, Select, Space, Tag } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { LEAD_FIELDS, MULTI_FIELDS, REQUIRED_FIELDS, SINGLE_FIELDS, type ImportMapping, type ImportPreset, type ImportUpload } from './imports.js';

interface FormValues {
  source: string;
  fields: Record<string, string | string[] | undefined>;
  categoryBy: 'name' | 'code';
  unknownCategory: 'error' | 'blank';
  unknownDepartment: 'error' | 'blank';
  dateOrder: 'mdy' | 'dmy';
  timeZone?: string;
  values: string;
}

const toForm = (m: ImportMapping): FormValues => ({
  source: m.source,
  fields: { ...m.fields },
  categoryBy: m.categoryBy ?? 'name',
  unknownCategory: m.unknownCategory ?? 'error',
  unknownDepartment: m.unknownDepartment ?? 'blank',
  dateOrder: m.dateOrder ?? 'mdy',
  timeZone: m.timeZone,
  values: JSON.stringify(m.values ?? {}, null, 2),
});

/** Only the columns the file has: a preset written for another file keeps what fits. */
function fromForm(v: FormValues, headers: string[]): ImportMapping {
  const has = new Set(headers);
  const fields: Record<string, string | string[]> = {};
  for (const [k, x] of Object.entries(v.fields ?? {})) {
    if (Array.isArray(x)) {
      const kept = x.filter((c) => has.has(c));
      if (kept.length) fields[k] = kept;
    } else if (x && has.has(x)) fields[k] = x;
  }
  return {
    source: v.source.trim(),
    fields: fields as unknown as ImportMapping['fields'],
    categoryBy: v.categoryBy,
    unknownCategory: v.unknownCategory,
    unknownDepartment: v.unknownDepartment,
    dateOrder: v.dateOrder,
    ...(v.timeZone?.trim() ? { timeZone: v.timeZone.trim() } : {}),
    values: JSON.parse(v.values || '{}') as ImportMapping['values'],
  };
}

const slug = (name: string) => name.toLowerCase().replace(/\.[a-z0-9]+$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'import';

/** Preset choice and the column mapping; `actions` get a function that returns the form's mapping once it validates (null if not). */
export function ImportMappingForm({ upload, actions }: { upload: ImportUpload; actions: (get: () => Promise<ImportMapping | null>) => React.ReactNode }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [form] = Form.useForm<FormValues>();
  const [presets, setPresets] = useState<ImportPreset[]>([]);
  const [presetId, setPresetId] = useState<string | undefined>(upload.suggestedPresetId ?? undefined);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const loadPresets = useCallback(() => api.get<{ items: ImportPreset[] }>('/imports/presets').then((r) => setPresets(r.items), (e) => message.error(errorMessage(e))), [message]);
  useEffect(() => void loadPresets(), [loadPresets]);

  useEffect(() => {
    const p = presets.find((x) => x.id === presetId);
    form.setFieldsValue(p ? toForm(p.mapping) : toForm({ source: slug(upload.filename), fields: { externalId: '', subject: [], description: [] } }));
  }, [presetId, presets, upload, form]);

  const columns = useMemo(() => upload.headers.map((h) => ({ value: h, label: h })), [upload.headers]);

  const current = async (): Promise<ImportMapping | null> => {
    try {
      const v = await form.validateFields();
      return fromForm(v, upload.headers);
    } catch (e) {
      if (e instanceof SyntaxError) message.error(t('imports.mapping.valuesInvalid'));
      return null;
    }
  };

  const savePreset = async () => {
    const mapping = await current();
    if (!mapping || !name.trim()) return;
    try {
      const p = await api.post<ImportPreset>('/imports/presets', { name: name.trim(), mapping });
      message.success(t('imports.mapping.presetSaved'));
      setNaming(false);
      await loadPresets();
      setPresetId(p.id);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const deletePreset = async () => {
    if (!presetId) return;
    try {
      await api.del(`/imports/presets/${presetId}`);
      message.success(t('imports.mapping.presetDeleted'));
      setPresetId(undefined);
      await loadPresets();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const single = (f: (typeof SINGLE_FIELDS)[number]) => (
    <Col xs={24} md={6} key={f}>
      <Form.Item name={['fields', f]} label={t(`imports.mapping.field.${f}`)} rules={REQUIRED_FIELDS.has(f) ? [{ required: true, message: t('imports.mapping.required') }] : []}>
        <Select allowClear showSearch options={columns} placeholder={t('imports.mapping.none')} />
      </Form.Item>
    </Col>
  );
  const chosen = presets.find((p) => p.id === presetId);
  const validJson = (_: unknown, v: string) => {
    try {
      const x = JSON.parse(v || '{}') as unknown;
      return x && typeof x === 'object' && !Array.isArray(x) ? Promise.resolve() : Promise.reject(new Error(t('imports.mapping.valuesInvalid')));
    } catch {
      return Promise.reject(new Error(t('imports.mapping.valuesInvalid')));
    }
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 280 }}
          aria-label={t('imports.mapping.preset')}
          placeholder={t('imports.mapping.presetPlaceholder')}
          allowClear
          value={presetId}
          onChange={setPresetId}
          options={presets.map((p) => ({ value: p.id, label: `${p.name}${p.builtIn ? ` · ${t('imports.mapping.builtIn')}` : ''}` }))}
        />
        {chosen && chosen.id === upload.suggestedPresetId && <Tag color="green">{t('imports.mapping.suggested')}</Tag>}
        <Button icon={<SaveOutlined />} onClick={() => setNaming(true)}>{t('imports.mapping.savePreset')}</Button>
        {chosen && !chosen.builtIn && <Button danger icon={<DeleteOutlined />} onClick={() => void deletePreset()}>{t('imports.mapping.deletePreset')}</Button>}
      </Space>
      <Form form={form} layout="vertical" requiredMark>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="source" label={t('imports.mapping.source')} extra={t('imports.mapping.sourceHint')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_.-]*$/ }]}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          {LEAD_FIELDS.map(single)}
          {MULTI_FIELDS.map((f) => (
            <Col xs={24} md={8} key={f}>
              <Form.Item name={['fields', f]} label={t(`imports.mapping.field.${f}`)} extra={t('imports.mapping.multiHint')} rules={REQUIRED_FIELDS.has(f) ? [{ required: true, type: 'array', min: 1, message: t('imports.mapping.required') }] : []}>
                <Select mode="multiple" allowClear options={columns} placeholder={t('imports.mapping.none')} />
              </Form.Item>
            </Col>
          ))}
          {SINGLE_FIELDS.filter((f) => !LEAD_FIELDS.includes(f)).map(single)}
          <Col xs={24} md={6}>
            <Form.Item name="categoryBy" label={t('imports.mapping.categoryBy')}>
              <Select options={[{ value: 'name', label: t('imports.mapping.byName') }, { value: 'code', label: t('imports.mapping.byCode') }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="unknownCategory" label={t('imports.mapping.unknownCategory')}>
              <Select options={[{ value: 'error', label: t('imports.mapping.unknownError') }, { value: 'blank', label: t('imports.mapping.unknownBlank') }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="unknownDepartment" label={t('imports.mapping.unknownDepartment')}>
              <Select options={[{ value: 'error', label: t('imports.mapping.unknownError') }, { value: 'blank', label: t('imports.mapping.unknownBlankDepartment') }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="dateOrder" label={t('imports.mapping.dateOrder')}>
              <Select options={[{ value: 'mdy', label: t('imports.mapping.mdy') }, { value: 'dmy', label: t('imports.mapping.dmy') }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="timeZone" label={t('imports.mapping.timeZone')}>
              <Input placeholder="Asia/Shanghai" maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item name="values" label={t('imports.mapping.values')} rules={[{ validator: validJson }]}>
              <Input.TextArea rows={5} spellCheck={false} style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {actions(current)}
      <Modal open={naming} title={t('imports.mapping.savePreset')} onOk={() => void savePreset()} onCancel={() => setNaming(false)} okButtonProps={{ disabled: !name.trim() }}>
        <Input aria-label={t('imports.mapping.presetName')} placeholder={t('imports.mapping.presetName')} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </Modal>
    </div>
  );
}
