import { useEffect, useState } from 'react';
import { Button, Card, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';
import { fmtDateTime, fmtDuration } from '../../components/format.js';
import type { IncidentTaskStatus } from '../../../shared/contingency.js';
import { ctError, fmtOffset, useBi } from './bi.js';
import type { Incident, IncidentTask } from './types.js';

const COLOR: Record<IncidentTaskStatus, string> = { open: 'default', in_progress: 'processing', blocked: 'warning', done: 'success', cancelled: 'default' };

/** Ticks every 30 s so due timers stay live without a reload. */
function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(h);
  }, [ms]);
  return now;
}

/** The plan's steps as tasks, by due time: a live countdown, overdue in red; start, done or blocked. */
export function TasksPanel({ incident, onChange }: { incident: Incident; onChange: (i: Incident) => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { me } = useSession();
  const { message } = useFeedback();
  const now = useNow();
  const [blocking, setBlocking] = useState<IncidentTask | null>(null);
  const [reason, setReason] = useState('');
  const roleName = (key: string) => bi(incident.roles.find((r) => r.key === key)?.name) || key;
  const mayAct = (task: IncidentTask) => incident.status !== 'closed' && (incident.can.command || task.assignee?.id === me?.user.id);

  const act = async (task: IncidentTask, body: Record<string, string>) => {
    try {
      onChange(await api.post<Incident>(`/incidents/${incident.id}/tasks/${task.id}/actions`, body));
      message.success(t('inc.taskUpdated'));
      return true;
    } catch (e) {
      message.error(ctError(e));
      return false;
    }
  };

  const timer = (task: IncidentTask) => {
    if (task.status === 'done') return <span>{fmtDateTime(task.doneAt)}</span>;
    if (task.status === 'cancelled') return null;
    const left = new Date(task.dueAt).getTime() - now;
    if (left < 0)
      return (
        <Typography.Text type="danger" strong data-testid="task-overdue">
          {t('inc.overdueBy', { time: fmtDuration(Math.max(60_000, -left)) })}
        </Typography.Text>
      );
    return <span data-testid="task-timer">{t('inc.left', { time: fmtDuration(left) })}</span>;
  };

  return (
    <Card size="small" title={t('inc.tasks')} data-testid="tasks-panel">
      <Table<IncidentTask>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 900 }}
        dataSource={[...incident.tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt))}
        onRow={(task) => ({ 'data-testid': 'task-row', 'data-step': task.stepKey, 'data-status': task.status }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('inc.task'), key: 'title', render: (_, task) => <span>{fmtOffset(task.offsetMinutes)} · {bi(task.title)}</span> },
          { title: t('inc.owner'), key: 'owner', width: 150, render: (_, task) => roleName(task.ownerRole) },
          { title: t('inc.assignee'), key: 'assignee', width: 110, render: (_, task) => task.assignee?.name ?? t('inc.unfilled') },
          {
            title: t('inc.status'),
            key: 'status',
            width: 110,
            render: (_, task) => (
              <Space size={2} wrap>
                <Tag color={COLOR[task.status]}>{t(`inc.taskOf.${task.status}`)}</Tag>
                {task.escalated && <Tag color="error">{t('inc.escalated')}</Tag>}
              </Space>
            ),
          },
          { title: t('inc.due'), key: 'due', width: 170, render: (_, task) => timer(task) },
          {
            title: t('common.actions'),
            key: 'act',
            width: 200,
            render: (_, task) =>
              mayAct(task) && task.status !== 'done' && task.status !== 'cancelled' ? (
                <Space size={4}>
                  {task.status !== 'in_progress' && (
                    <Button size="small" data-testid="task-start" onClick={() => void act(task, { action: 'start' })}>
                      {t('inc.start')}
                    </Button>
                  )}
                  <Button size="small" type="primary" data-testid="task-done" onClick={() => void act(task, { action: 'done' })}>
                    {t('inc.done')}
                  </Button>
                  {task.status !== 'blocked' && (
                    <Button size="small" danger onClick={() => (setReason(''), setBlocking(task))}>
                      {t('inc.block')}
                    </Button>
                  )}
                </Space>
              ) : task.blockedReason && task.status === 'blocked' ? (
                <Typography.Text type="secondary">{task.blockedReason}</Typography.Text>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!blocking}
        title={t('inc.block')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => void act(blocking!, { action: 'block', reason: reason.trim() }).then((ok) => ok && setBlocking(null))}
        onCancel={() => setBlocking(null)}
        destroyOnHidden
      >
        <Input.TextArea aria-label={t('inc.blockReason')} placeholder={t('inc.blockReason')} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}
