import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n/index.js';
import { api, ApiError } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import type { PlanContent } from '../../../shared/contingency.js';
import { ctError } from '../incidents/bi.js';
import type { PlanVersion } from '../incidents/types.js';
import { BiField } from './BiField.js';
import { PlanEditorLists } from './PlanEditorLists.js';

/** "/steps/0/ownerRole" (or "/content/steps/0/…" from schema validation) → the form's field path. */
function fieldPath(path: string): (string | number)[] {
  const parts = path.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return parts[0] === 'content' ? parts.slice(1) : parts;
}

/** The message for one server problem, in the screen's language (its rule code when the server names it). */
function problemMessage(code: string | undefined): string {
  return code && i18n.exists(`ctErrors.${code}`) ? i18n.t(`ctErrors.${code}`) : i18n.t('ctErrors.invalid');
}

/** The structured editor of a draft version: every chapter of the plan, bilingual texts as zh/en pairs. */
export function PlanEditor({ version, onSaved, onCancel }: { version: PlanVersion; onSaved: (v: PlanVersion) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [form] = Form.useForm<PlanContent & { changeNote?: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const save = async () => {
    setProblem(null);
    try {
      await form.validateFields();
    } catch {
      setProblem(t('ctEdit.invalid'));
      return;
    }
    // The whole store (true): members no field edits, such as scope.categoryIds, go back unchanged.
    const { changeNote, ...content } = form.getFieldsValue(true) as PlanContent & { changeNote?: string };
    setSaving(true);
    try {
      const v = await api.put<PlanVersion>(`/contingency/plans/${version.planId}/versions/${version.version}`, { content: { ...version.content, ...content }, changeNote: changeNote || null });
      message.success(t('ctEdit.saved'));
      onSaved(v);
    } catch (e) {
      // Field problems go on their fields; a field the form does not show is named in the banner.
      if (e instanceof ApiError && e.errors?.length) {
        const codes = (e.extra.codes as string[] | undefined) ?? [];
        const known = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
        const fields = e.errors.map((p, i) => ({ name: fieldPath(p.path), errors: [problemMessage(codes[i] ?? (e.code === 'validation_failed' ? undefined : e.code))] }));
        form.setFields(fields.filter((f) => known.has(JSON.stringify(f.name))) as Parameters<typeof form.setFields>[0]);
        setProblem(`${ctError(e)} — ${fields.map((f) => `${f.name.join('.')}${t('timeline.colon')}${f.errors[0]}`).join(t('timeline.separator'))}`);
      } else setProblem(ctError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={{ ...version.content, changeNote: version.changeNote ?? '' }} data-testid="plan-editor" scrollToFirstError>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="plan-editor-error" />}
      <Card type="inner" size="small" title={t('ctSection.general')} style={{ marginBottom: 12 }}>
        <BiField name={['title']} label={t('ctSection.title')} max={200} />
        <BiField name={['general']} label={t('ctSection.general')} area />
        <Form.Item name={['scope', 'levels']} label={t('ctSection.scopeLevels')}>
          <Select mode="multiple" allowClear options={[1, 2, 3, 4].map((l) => ({ value: l, label: t(`level.${l}`) }))} />
        </Form.Item>
      </Card>
      <PlanEditorLists />
      <Card type="inner" size="small" title={`${t('ctSection.safeguards')} · ${t('ctSection.training')} · ${t('ctSection.management')}`} style={{ marginBottom: 12 }}>
        <BiField name={['safeguards']} label={t('ctSection.safeguards')} area />
        <BiField name={['training']} label={t('ctSection.training')} area />
        <Form.Item name="reviewEveryDays" label={t('ctSection.reviewEveryDays')} rules={[{ required: true, message: t('ctErrors.invalid') }]}>
          <InputNumber min={1} max={1095} />
        </Form.Item>
        <Form.Item name="changeNote" label={t('ctEdit.changeNote')}>
          <Input maxLength={500} />
        </Form.Item>
      </Card>
      <Space>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="save-draft">
          {t('ctEdit.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
