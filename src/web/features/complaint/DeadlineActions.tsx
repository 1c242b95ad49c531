import { useState } from 'react';
import { Button, DatePicker, Divider, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined, FlagOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import type { ComplaintDetail, Extension, SlaClock, Supervision } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

const ENDED = ['closed', 'merged', 'rejected'];
const EXT_COLOR = { pending: 'orange', approved: 'green', rejected: 'red' } as const;

/** Extensions (延期) and supervision (督办) of a complaint, inside the deadlines card. */
export function DeadlineActions({
  complaint: c,
  clocks,
  extensions,
  supervisions,
  onChanged,
}: {
  complaint: ComplaintDetail;
  clocks: SlaClock[] | null;
  extensions: Extension[];
  supervisions: Supervision[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { me, can, userName, ref } = useSession();
  const { message } = useFeedback();
  const [dialog, setDialog] = useState<'extension' | 'supervision' | { decide: Extension; decision: 'approve' | 'reject' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string; newDueAt?: Dayjs; dueAt?: Dayjs; note?: string; comment?: string }>();
  if (!me) return null;

  const isAdmin = me.user.roles.includes('admin');
  const inDept = !!c.departmentId && me.user.departmentIds.includes(c.departmentId);
  // A head works on the departments below theirs too (the server decides; this only hides buttons).
  const underMine = (() => {
    for (let d = c.departmentId, hops = 0; d && hops < 32; hops++) {
      if (me.user.departmentIds.includes(d)) return true;
      d = ref.departments.find((x) => x.id === d)?.parentId ?? null;
    }
    return false;
  })();
  const isHead = me.user.roles.includes('dept_head') && underMine;
  const open = !ENDED.includes(c.status);
  const resolution = clocks?.find((k) => k.kind === 'resolution');
  const resolutionRunning = !!resolution && (resolution.state === 'running' || resolution.state === 'paused') && resolution.status !== 'breached';
  const pending = extensions.find((e) => e.status === 'pending');
  const mayRequest = open && can('complaint.extension_request') && (c.ownerId === me.user.id || inDept || isHead || isAdmin) && resolutionRunning && !pending;
  const mayDecide = can('complaint.extension_decide') && (isAdmin || me.user.roles.includes('leader') || isHead);
  const maySupervise = open && can('complaint.supervise');

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      if (dialog === 'extension') {
        await api.post(`/complaints/${c.id}/extensions`, { reason: v.reason!.trim(), newDueAt: v.newDueAt!.toDate().toISOString() });
        message.success(t('ext.requested'));
      } else if (dialog === 'supervision') {
        await api.post(`/complaints/${c.id}/supervision`, { dueAt: v.dueAt!.toDate().toISOString(), note: v.note!.trim() });
        message.success(t('supervision.opened'));
      } else if (dialog) {
        const comment = v.comment?.trim();
        await api.post(`/complaints/${c.id}/extensions/${dialog.decide.id}/decision`, { decision: dialog.decision, ...(comment ? { comment } : {}) });
        message.success(dialog.decision === 'approve' ? t('ext.approvedMsg') : t('ext.rejectedMsg'));
      }
      setDialog(null);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const show = (d: NonNullable<typeof dialog>) => setDialog(d);
  const future = (d: Dayjs) => d.valueOf() < Date.now();
  const title = dialog === 'extension' ? t('ext.request') : dialog === 'supervision' ? t('supervision.open') : dialog ? (dialog.decision === 'approve' ? t('ext.approve') : t('ext.reject')) : '';

  if (!supervisions.length && !extensions.length && !mayRequest && !maySupervise) return null;
  return (
    <div data-testid="deadline-actions">
      <Divider style={{ margin: '8px 0' }} />
      {supervisions.length > 0 && (
        <div style={{ marginBottom: 8 }} data-testid="supervisions">
          <Typography.Text strong>{t('supervision.title')}</Typography.Text>
          {supervisions.map((s) => (
            <div key={s.id} style={{ fontSize: 12, marginTop: 4 }} data-supervision-status={s.status}>
              <Tag color={s.status === 'open' ? 'red' : 'default'}>{t(`supervision.status.${s.status}`, { defaultValue: s.status })}</Tag>
              {t('supervision.dueAt')} {fmtDateTime(s.dueAt)} · {userName(s.supervisorId)}
              <div className="pre-wrap">{s.note}</div>
            </div>
          ))}
        </div>
      )}
      {extensions.length > 0 && (
        <div style={{ marginBottom: 8 }} data-testid="extensions">
          <Typography.Text strong>{t('ext.title')}</Typography.Text>
          {extensions.map((e) => (
            <div key={e.id} style={{ fontSize: 12, marginTop: 4 }} data-extension-status={e.status}>
              <Tag color={EXT_COLOR[e.status]}>{t(`ext.status.${e.status}`)}</Tag>
              {e.currentDueAt ? `${fmtDateTime(e.currentDueAt)} → ` : ''}
              {fmtDateTime(e.newDueAt)} · {userName(e.requestedBy)}
              <div className="pre-wrap">{e.reason}</div>
              {e.decisionComment && (
                <Typography.Text type="secondary">
                  {t('common.comment')}：{e.decisionComment}
                </Typography.Text>
              )}
              {e.status === 'pending' && mayDecide && (
                <Space size={4} style={{ marginTop: 4 }}>
                  <Button size="small" type="primary" data-testid="ext-approve" onClick={() => show({ decide: e, decision: 'approve' })}>
                    {t('ext.approve')}
                  </Button>
                  <Button size="small" danger data-testid="ext-reject" onClick={() => show({ decide: e, decision: 'reject' })}>
                    {t('ext.reject')}
                  </Button>
                </Space>
              )}
            </div>
          ))}
        </div>
      )}
      <Space size={4} wrap>
        {mayRequest && (
          <Button size="small" icon={<ClockCircleOutlined />} data-testid="ext-request" onClick={() => show('extension')}>
            {t('ext.request')}
          </Button>
        )}
        {maySupervise && (
          <Button size="small" icon={<FlagOutlined />} data-testid="supervise" onClick={() => show('supervision')}>
            {t('supervision.open')}
          </Button>
        )}
      </Space>
      <Modal open={!!dialog} title={title} onOk={() => void submit()} onCancel={() => setDialog(null)} confirmLoading={busy} okButtonProps={{ id: 'deadline-confirm' }} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'extension' && (
            <>
              <Form.Item name="newDueAt" label={t('ext.newDueAt')} rules={[{ required: true, message: t('ext.newDueRequired') }]} extra={resolution?.dueAt ? `${t('ext.currentDue')}：${fmtDateTime(resolution.dueAt)}` : undefined}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={future} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="reason" label={t('ext.reason')} rules={[{ required: true, whitespace: true, message: t('complaint.reasonRequired') }]}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
            </>
          )}
          {dialog === 'supervision' && (
            <>
              <Form.Item name="dueAt" label={t('supervision.dueAt')} rules={[{ required: true, message: t('supervision.dueRequired') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={future} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="note" label={t('supervision.note')} rules={[{ required: true, whitespace: true, message: t('supervision.noteRequired') }]}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
            </>
          )}
          {dialog && typeof dialog === 'object' && (
            <Form.Item
              name="comment"
              label={t('common.comment')}
              rules={dialog.decision === 'reject' ? [{ required: true, whitespace: true, message: t('ext.commentRequired') }] : []}
            >
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
