import { useEffect, useState } from 'react';
import { Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { PageHeader } from '../../components/PageHeader.js';
import { fmtDateTime } from '../../components/format.js';
import { ctError } from './bi.js';
import type { Schedule } from './types.js';

/** On-call schedules (值班表): who is on call now for each role, the rotation and the next shifts. */
export default function OnCallPage() {
  const { t, i18n } = useTranslation();
  const { message } = useFeedback();
  const [items, setItems] = useState<Schedule[] | null>(null);
  useEffect(() => {
    api.get<{ items: Schedule[] }>('/oncall/schedules').then(
      (r) => setItems(r.items),
      (e) => (message.error(ctError(e)), setItems([])),
    );
  }, [message]);
  // Role keys are plan roles (incident_commander …) or app roles: show a translated name when one exists.
  const roleName = (key: string) => (i18n.exists(`ctRole.${key}`) ? t(`ctRole.${key}`) : i18n.exists(`role.${key}`) ? t(`role.${key}`) : key);

  return (
    <div data-testid="oncall-page">
      <PageHeader title={t('oncall.title')} />
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('oncall.whoNow')}
      </Typography.Title>
      {items && items.length === 0 && <Empty description={t('oncall.empty')} />}
      <Row gutter={[12, 12]}>
        {(items ?? []).map((s) => (
          <Col xs={24} md={12} xl={8} key={s.id}>
            <Card size="small" title={s.name} data-testid="oncall-schedule">
              <Space direction="vertical" size={4}>
                <span>
                  {t('oncall.role')}{t('timeline.colon')}{roleName(s.roleKey)}
                </span>
                <span>
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
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
