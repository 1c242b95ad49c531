import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n/index.js';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import type { BilingualText, PlanContent } from '../../../shared/contingency.js';
import type { PlanDetail } from '../incidents/types.js';
import { BiField } from './BiField.js';
import { formProblem } from './formProblem.js';

/**
 * The smallest content the server accepts (one commander role, one level response, one step), so a
 * new plan's editor opens on a valid draft. Texts come from both languages' files, never mixed.
 */
function skeleton(title: BilingualText): PlanContent {
  const bi = (key: string): BilingualText => ({ zh: i18n.t(key, { lng: 'zh-CN' }), en: i18n.t(key, { lng: 'en' }) });
  return {
    title,
    general: bi('ctNew.sk.general'),
    scope: { categoryIds: [], levels: [] },
    activation: [{ kind: 'manual' }],
    roles: [{ key: 'incident_commander', name: bi('ctRole.incident_commander'), duties: bi('ctNew.sk.duties'), fillFrom: ['leader'], required: true }],
    levels: [1, 2, 3, 4].map((level) => ({ level, response: bi('ctNew.sk.response'), sitrepEveryMinutes: 60, notifyRoles: ['incident_commander'] })),
    steps: [{ key: 'notify_leader', title: bi('ctNew.sk.step'), description: bi('ctNew.sk.stepDescription'), offsetMinutes: 0, ownerRole: 'incident_commander' }],
    templates: [],
    resources: [],
    postIncident: [],
    safeguards: bi('ctNew.sk.safeguards'),
    training: bi('ctNew.sk.training'),
    reviewEveryDays: 365,
  };
}

interface Values {
  key: string;
  title: BilingualText;
  departmentId?: string;
}

/** New plan (contingency.manage): key, bilingual title, department → draft v1 → its editor. */
export function NewPlanDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n: lang } = useTranslation();
  const { ref } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const plan = await api.post<PlanDetail>('/contingency/plans', { key: v.key.trim(), content: skeleton({ zh: v.title.zh.trim(), en: v.title.en.trim() }), departmentId: v.departmentId ?? null });
      onClose();
      navigate(`/plans/${plan.id}?edit=1`);
    } catch (e) {
      setProblem(formProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('ctNew.title')} okText={t('ctNew.create')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" data-testid="new-plan-form" preserve={false}>
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="new-plan-error" />}
        <Form.Item name="key" label={t('ctNew.key')} extra={t('ctNew.keyHelp')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,59}$/, message: t('ctNew.keyHelp') }]}>
          <Input maxLength={60} data-testid="new-plan-key" />
        </Form.Item>
        <BiField name={['title']} label={t('ctSection.title')} max={200} />
        <Form.Item name="departmentId" label={t('ctNew.department')}>
          <Select allowClear options={ref.departments.map((d) => ({ value: d.id, label: lang.language === 'en' ? d.nameEn : d.nameZh }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
