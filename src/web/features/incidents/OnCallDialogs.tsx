import { useState } from 'react';
import { Alert, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { STANDARD_ROLES } from '../../../shared/contingency.js';
import { formProblem } from '../contingency/formProblem.js';
import type { Schedule, UserRef } from './types.js';

interface ScheduleValues {
  name: string;
  roleKey: string;
  departmentId?: string | null;
  participants: string[];
  period: 'daily' | 'weekly';
  handoffTime: string;
  startsOn: Dayjs;
  timezone: string;
}

/** A new rotation (oncall.manage; mounted only while open): participants in the order picked, handoff time and period in a time zone. */
export function ScheduleDialog({ open, users, onClose, onSaved }: { open: boolean; users: UserRef[]; onClose: () => void; onSaved: (s: Schedule) => void }) {
  const { t, i18n } = useTranslation();
  const { ref } = useSession();
  const [form] = Form.useForm<ScheduleValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);


  const submit = async () => {
    setProblem(null);
    let v: ScheduleValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const s = await api.post<Schedule>('/oncall/schedules', {
        name: v.name.trim(),
        roleKey: v.roleKey,
        departmentId: v.departmentId ?? null,
        participants: v.participants,
        period: v.period,
        handoffTime: v.handoffTime.trim(),
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        timezone: v.timezone.trim(),
      });
      onSaved(s);
    } catch (e) {
      setProblem(formProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('oncallEdit.newTitle')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} width={640}>
      <Form form={form} layout="vertical" data-testid="schedule-form" initialValues={{ period: 'daily', handoffTime: '09:00', startsOn: dayjs(), timezone: 'Asia/Shanghai', participants: [] }}>
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="schedule-error" />}
        <Row gutter={8}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('oncallEdit.name')} rules={[{ required: true, whitespace: true, message: t('oncallEdit.required') }]}>
              <Input maxLength={100} data-testid="schedule-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="roleKey" label={t('oncall.role')} rules={[{ required: true, message: t('oncallEdit.required') }]}>
              <Select data-testid="schedule-role" options={STANDARD_ROLES.map((r) => ({ value: r, label: t(`ctRole.${r}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="departmentId" label={t('oncallEdit.department')} extra={t('oncallEdit.departmentHelp')}>
          <Select allowClear options={ref.departments.map((d) => ({ value: d.id, label: i18n.language === 'en' ? d.nameEn : d.nameZh }))} />
        </Form.Item>
        <Form.Item name="participants" label={t('oncall.participants')} extra={t('oncallEdit.participantsHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('oncallEdit.required') }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" data-testid="schedule-participants" options={users.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Row gutter={8}>
          <Col xs={12} md={6}>
            <Form.Item name="period" label={t('oncallEdit.period')}>
              <Select options={(['daily', 'weekly'] as const).map((p) => ({ value: p, label: t(`oncallEdit.periodOf.${p}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="handoffTime" label={t('oncallEdit.handoffTime')} rules={[{ required: true, pattern: /^([01][0-9]|2[0-3]):[0-5][0-9]$/, message: t('oncallEdit.timeInvalid') }]}>
              <Input maxLength={5} placeholder="09:00" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="startsOn" label={t('oncallEdit.startsOn')} rules={[{ required: true, message: t('oncallEdit.required') }]}>
              <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="timezone" label={t('oncallEdit.timezone')} rules={[{ required: true, whitespace: true, message: t('oncallEdit.required') }]}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

interface OverrideValues {
  userId: string;
  range: [Dayjs, Dayjs];
  reason?: string;
}

/** Someone covers a schedule for a time range (oncall.manage). */
export function OverrideDialog({ schedule, users, onClose, onSaved }: { schedule: Schedule | null; users: UserRef[]; onClose: () => void; onSaved: (s: Schedule) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OverrideValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);


  const submit = async () => {
    setProblem(null);
    let v: OverrideValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const s = await api.post<Schedule>(`/oncall/schedules/${schedule!.id}/overrides`, { userId: v.userId, startsAt: v.range[0].toISOString(), endsAt: v.range[1].toISOString(), ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) });
      onSaved(s);
    } catch (e) {
      setProblem(formProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={!!schedule} title={t('oncallEdit.overrideTitle', { name: schedule?.name ?? '' })} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} width={560}>
      <Form form={form} layout="vertical" data-testid="override-form" initialValues={{ range: [dayjs().startOf('minute'), dayjs().startOf('minute').add(1, 'day')] }}>
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="override-error" />}
        <Form.Item name="userId" label={t('oncallEdit.person')} rules={[{ required: true, message: t('oncallEdit.required') }]}>
          <Select showSearch optionFilterProp="label" data-testid="override-user" options={users.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="range" label={t('oncallEdit.range')} rules={[{ required: true, message: t('oncallEdit.required') }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} style={{ width: '100%' }} placeholder={[t('oncallEdit.from'), t('oncallEdit.to')]} />
        </Form.Item>
        <Form.Item name="reason" label={t('oncallEdit.reason')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
