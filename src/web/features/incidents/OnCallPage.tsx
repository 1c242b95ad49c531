import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Col, Empty, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { useSession } from '../../app/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError } from './bi.js';
import type { Schedule } from './types.js';
import { useUsers } from './useUsers.js';
import { OverrideDialog, ScheduleDialog } from './OnCallDialogs.js';

/** On-call schedules (值班表): who is on call now for each role, the rotation and the next shifts; oncall.manage adds rotations and overrides. */
export default function OnCallPage() {
  const { t, i18n } = useTranslation();
  const { message } = useFeedback();
  const { can } = useSession();
  const manage = can('oncall.manage');
  const users = useUsers();
  const [items, setItems] = useState<Schedule[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [covering, setCovering] = useState<Schedule | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: Schedule[] }>('/oncall/schedules')).items);
    } catch (e) {
      message.error(ctError(e));
      setItems((x) => x ?? []);
    }
  }, [message]);
  useEffect(() => void load(), [load]);
  // Role keys are plan roles (incident_commander …) or app roles: show a translated name when one exists.
  const roleName = (key: string) => (i18n.exists(`ctRole.${key}`) ? t(`ctRole.${key}`) : i18n.exists(`role.${key}`) ? t(`role.${key}`) : key);
  const saved = (s: Schedule) => {
    message.success(t('oncallEdit.saved'));
    setItems((x) => (x?.some((i) => i.id === s.id) ? x.map((i) => (i.id === s.id ? s : i)) : [...(x ?? []), s]));
  };
  const removeOverride = async (s: Schedule, overrideId: string) => {
    try {
      saved(await api.del<Schedule>(`/oncall/schedules/${s.id}/overrides/${overrideId}`));
    } catch (e) {
      message.error(ctError(e));
    }
  };

  return (
    <div data-testid="oncall-page">
      <PageHeader title={t('oncall.title')}>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-schedule" onClick={() => setCreating(true)}>
            {t('oncallEdit.new')}
          </Button>
        )}
      </PageHeader>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('oncall.whoNow')}
      </Typography.Title>
      {items && items.length === 0 && <Empty description={t('oncall.empty')} />}
      <Row gutter={[12, 12]}>
        {(items ?? []).map((s) => (
          <Col xs={24} md={12} xl={8} key={s.id}>
            <Card
              size="small"
              title={s.name}
              data-testid="oncall-schedule"
              extra={
                manage && (
                  <Button size="small" data-testid="add-override" onClick={() => setCovering(s)}>
                    {t('oncallEdit.addOverride')}
                  </Button>
                )
              }
            >
              <Space direction="vertical" size={4}>
                <span>
                  {t('oncall.role')}{t('timeline.colon')}{roleName(s.roleKey)}
                </span>
                <span data-testid="oncall-now">
                  {t('oncall.now')}{t('timeline.colon')}<b>{s.onCall?.user.name ?? t('oncall.nobody')}</b> {s.onCall?.viaOverride && <Tag color="purple">{t('oncall.override')}</Tag>}
                </span>
                {s.upcoming[1] && (
                  <span>
                    {t('oncall.next')}{t('timeline.colon')}{s.upcoming[1].user.name} · {fmtDateTime(s.upcoming[1].startsAt)}
                  </span>
                )}
                <Typography.Text type="secondary">
                  {t('oncall.participants')}{t('timeline.colon')}{s.participants.map((p) => p.name).join(t('timeline.separator'))}
                </Typography.Text>
                {s.overrides.map((o) => (
                  <Space key={o.id} size={4} data-testid="oncall-override">
                    <Tag color="purple">{t('oncall.override')}</Tag>
                    <span>
                      {o.user.name} · {fmtDateTime(o.startsAt)} – {fmtDateTime(o.endsAt)}
                    </span>
                    {manage && (
                      <Popconfirm title={t('oncallEdit.removeOverride')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void removeOverride(s, o.id)}>
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('oncallEdit.removeOverride')} data-testid="remove-override" />
                      </Popconfirm>
                    )}
                  </Space>
                ))}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      {creating && <ScheduleDialog open users={users} onClose={() => setCreating(false)} onSaved={(s) => (setCreating(false), saved(s))} />}
      {covering && <OverrideDialog schedule={covering} users={users} onClose={() => setCovering(null)} onSaved={(s) => (setCovering(null), saved(s))} />}
    </div>
  );
}
