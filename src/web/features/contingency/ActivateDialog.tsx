import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { ctError, useBi } from '../incidents/bi.js';
import type { Incident, PlanItem } from '../incidents/types.js';

interface Props {
  open: boolean;
  onClose: () => void;
  /** Plans to choose from (published ones are offered). */
  plans: PlanItem[];
  planId?: string;
  complaintIds?: string[];
  defaultTitle?: string;
  /** Start a drill of the plan instead of a real incident (POST …/drills). */
  drill?: boolean;
}

/** Activates a published plan by hand (incident.activate) or runs it as a drill, then opens the incident. */
export function ActivateDialog({ open, onClose, plans, planId, complaintIds, defaultTitle, drill }: Props) {
  const { t } = useTranslation();
  const bi = useBi();
  const navigate = useNavigate();
  const { message } = useFeedback();
  const [form] = Form.useForm<{ planId: string; level: number; title: string }>();
  const choices = plans.filter((p) => p.published);

  useEffect(() => {
    if (!open) return;
    const id = planId ?? choices[0]?.id;
    // A drill is titled after the plan in the screen's language (the server adds its drill mark).
    const title = defaultTitle ?? (drill ? bi(choices.find((p) => p.id === id)?.title) : '');
    form.setFieldsValue({ planId: id, level: 3, title });
  }, [open]); // only when it opens

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const inc = drill
        ? await api.post<Incident>(`/contingency/plans/${v.planId}/drills`, { level: v.level, ...(v.title ? { title: v.title } : {}) })
        : await api.post<Incident>('/incidents', { planId: v.planId, level: v.level, title: v.title, ...(complaintIds?.length ? { complaintIds } : {}) });
      message.success(drill ? t('ctPlan.drillStarted') : t('ctAct.started'));
      onClose();
      navigate(`/incidents/${inc.id}`);
    } catch (e) {
      message.error(ctError(e));
    }
  };

  return (
    <Modal open={open} title={drill ? t('ctPlan.drill') : t('ctAct.title')} okText={drill ? t('ctPlan.drill') : t('ctAct.submit')} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="activate-form">
        <Form.Item name="planId" label={t('ctAct.plan')} rules={[{ required: true, message: t('ctErrors.plan_required') }]}>
          <Select options={choices.map((p) => ({ value: p.id, label: `${bi(p.title)} · v${p.published?.version}` }))} />
        </Form.Item>
        <Form.Item name="level" label={t('ctAct.level')} rules={[{ required: true }]}>
          <Select options={[1, 2, 3, 4].map((l) => ({ value: l, label: t(`level.${l}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={drill ? t('ctAct.drillTitle') : t('ctAct.incidentTitle')} rules={drill ? [] : [{ required: true, whitespace: true, message: t('ctErrors.invalid') }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
