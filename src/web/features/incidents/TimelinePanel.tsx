import { Card, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n/index.js';
import { fmtDateTime } from '../../components/format.js';
import { LevelTag } from '../../components/tags.js';
import type { Incident, TimelineItem } from './types.js';

/** One line of detail the entry carries, in the screen's language (role and status names, levels, reasons). */
function Detail({ item, incident }: { item: TimelineItem; incident: Incident }) {
  const { t } = useTranslation();
  const d = item.data;
  const en = i18n.language === 'en';
  if (item.kind === 'level_changed' && typeof d.to === 'number') return <><LevelTag level={d.to as 1} /> {typeof d.reason === 'string' ? d.reason : ''}</>;
  if (item.kind === 'status_changed' && typeof d.to === 'string') return <>{t(`inc.statusOf.${d.to}`)}</>;
  if ((item.kind === 'role_assigned' || item.kind === 'role_unfilled') && typeof d.roleKey === 'string') {
    const role = incident.roles.find((r) => r.key === d.roleKey);
    return <>{role ? (en ? role.name.en : role.name.zh) : d.roleKey}</>;
  }
  if (item.kind === 'decision' && typeof d.decision === 'string') return <>{d.decision}</>;
  return null;
}

/** The incident's one timeline, oldest first, labelled in the screen's language. */
export function TimelinePanel({ incident, items }: { incident: Incident; items: TimelineItem[] }) {
  const { t, i18n: i } = useTranslation();
  return (
    <Card size="small" title={t('inc.timeline')} data-testid="incident-timeline">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('inc.noEntries')}</Typography.Text>
      ) : (
        <Timeline
          items={items.map((item) => ({
            key: item.id,
            children: (
              <div data-kind={item.kind}>
                <Typography.Text type="secondary">{fmtDateTime(item.createdAt)}</Typography.Text> <b>{i.exists(`incTl.${item.kind}`) ? t(`incTl.${item.kind}`) : t('incTl.other')}</b> · {item.actor?.name ?? t('inc.system')}
                <div>
                  <Detail item={item} incident={incident} />
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
