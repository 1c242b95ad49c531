import { useState } from 'react';
import { Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { useFeedback } from '../../app/feedback.js';
import { errorMessage } from '../../i18n/index.js';

/** Dispatch several complaints at once; each goes through the lifecycle separately and may fail alone. */
export default function BulkAssignModal({ ids, onClose }: { ids: string[]; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { ref, deptName } = useSession();
  const { message } = useFeedback();
  const [form] = Form.useForm<{ departmentId: string; ownerId?: string }>();
  const dept = Form.useWatch('departmentId', form);
  const [busy, setBusy] = useState(false);
  const owners = ref.users.filter((u) => u.active && dept && u.departmentIds.includes(dept));

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    let ok = 0;
    let failed = 0;
    let lastError: unknown;
    for (const id of ids) {
      try {
        await api.post(`/complaints/${id}/actions`, { action: 'assign', departmentId: v.departmentId, ...(v.ownerId ? { ownerId: v.ownerId } : {}) });
        ok++;
      } catch (e) {
        failed++;
        lastError = e;
      }
    }
    setBusy(false);
    if (failed) message.warning(`${t('inbox.bulkDone', { ok, failed })} — ${errorMessage(lastError)}`);
    else message.success(t('inbox.bulkDone', { ok, failed }));
    onClose(ok > 0);
  };

  return (
    <Modal open title={`${t('inbox.bulkAssign')} — ${t('inbox.selected', { count: ids.length })}`} onOk={() => void submit()} okButtonProps={{ loading: busy }} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="departmentId" label={t('complaint.assignDepartment')} rules={[{ required: true, message: t('complaint.departmentRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={ref.departments.map((d) => ({ value: d.id, label: deptName(d.id) }))} />
        </Form.Item>
        <Form.Item name="ownerId" label={t('complaint.assignOwner')}>
          <Select allowClear disabled={!owners.length} options={owners.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
