import { useState } from 'react';
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import type { ComplaintDetail } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import type { ComplaintAction } from '../../../shared/enums.js';
import { needsReason } from '../../../server/modules/complaints/lifecycle.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

/** Actions that need nothing but a click. */
const DIRECT: ComplaintAction[] = ['triage', 'sign', 'resume', 'follow_up'];
const PRIMARY: ComplaintAction[] = ['assign', 'sign', 'reply', 'close', 'resume'];
const DANGER: ComplaintAction[] = ['reject', 'return'];

/** Exactly the actions the server says this user may take in this state (availableActions). */
export function ActionBar({ complaint: c, onDone }: { complaint: ComplaintDetail; onDone: (next?: ComplaintDetail) => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [busy, setBusy] = useState<ComplaintAction | null>(null);
  const [dialog, setDialog] = useState<ComplaintAction | null>(null);

  // Replies are written in the composer; the bar shows the rest.
  const actions = c.availableActions.filter((a) => a !== 'reply');

  const run = async (action: ComplaintAction, extra: Record<string, unknown> = {}) => {
    setBusy(action);
    try {
      const next = await api.post<ComplaintDetail>(`/complaints/${c.id}/actions`, { action, version: c.version, ...extra });
      message.success(t('actionDone', { action: t(`action.${action}`) }));
      onDone(next);
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      if (e instanceof ApiError && e.code === 'stale_version') onDone();
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (!c.availableActions.length) {
    return (
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }} data-testid="no-actions">
        {t('complaint.noActions')}
      </Typography.Paragraph>
    );
  }

  return (
    <div style={{ marginBottom: 12 }} role="toolbar" aria-label={t('common.actions')}>
      <Space wrap>
        {actions.map((a) => {
          const props = { key: a, type: PRIMARY.includes(a) ? ('primary' as const) : ('default' as const), danger: DANGER.includes(a), loading: busy === a, 'data-action': a };
          if (a === 'close')
            return (
              <Popconfirm key={a} title={t('complaint.closeConfirm')} onConfirm={() => void run('close')} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                <Button {...props}>{t(`action.${a}`)}</Button>
              </Popconfirm>
            );
          if (DIRECT.includes(a) && !needsReason(a))
            return (
              <Button {...props} onClick={() => void run(a)}>
                {t(`action.${a}`)}
              </Button>
            );
          return (
            <Button {...props} onClick={() => setDialog(a)}>
              {t(`action.${a}`)}
            </Button>
          );
        })}
      </Space>
      {dialog && <ActionDialog action={dialog} complaint={c} busy={busy === dialog} onCancel={() => setDialog(null)} onSubmit={async (extra) => (await run(dialog, extra)) && setDialog(null)} />}
    </div>
  );
}

function ActionDialog({ action, complaint: c, busy, onCancel, onSubmit }: { action: ComplaintAction; complaint: ComplaintDetail; busy: boolean; onCancel: () => void; onSubmit: (extra: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const { ref, deptName } = useSession();
  const [form] = Form.useForm();
  const dept = Form.useWatch('departmentId', form) as string | undefined;
  const owners = ref.users.filter((u) => u.active && dept && u.departmentIds.includes(dept));
  const reason = needsReason(action);

  const submit = async () => {
    const v = await form.validateFields();
    const extra: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null && x !== '') extra[k] = typeof x === 'string' ? x.trim() : x;
    onSubmit(extra);
  };

  return (
    <Modal open title={t(`action.${action}`)} onOk={() => void submit()} okText={t(`action.${action}`)} okButtonProps={{ loading: busy, id: 'action-confirm' }} onCancel={onCancel} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={action === 'assign' ? { departmentId: c.departmentId ?? undefined } : action === 'resolve_on_call' ? { reason: t('hotline.onCallReason') } : {}}>
        {action === 'assign' && (
          <>
            <Form.Item name="departmentId" label={t('complaint.assignDepartment')} rules={[{ required: true, message: t('complaint.departmentRequired') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={ref.departments.map((d) => ({ value: d.id, label: deptName(d.id) }))} data-testid="assign-department" />
            </Form.Item>
            <Form.Item name="ownerId" label={t('complaint.assignOwner')}>
              <Select allowClear disabled={!owners.length} options={owners.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </>
        )}
        {action === 'merge' && (
          <Form.Item name="targetId" label={t('complaint.mergeTarget')} rules={[{ required: true, whitespace: true, message: t('errors.target_required') }]}>
            <Input maxLength={64} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('common.reason')} rules={reason ? [{ required: true, whitespace: true, message: t('complaint.reasonRequired') }] : []}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} autoFocus={action !== 'assign'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
