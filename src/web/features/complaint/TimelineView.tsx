import { Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../api/types.js';
import { fmtDateTime } from '../../components/format.js';
import { useSession } from '../../app/session.js';
import { LEVEL_NUMERALS, type Flag, type Level } from '../../../shared/enums.js';

const FLAG_COLUMN: Record<string, Flag> = {
  flag_personal_safety: 'personalSafety',
  flag_property_loss: 'propertyLoss',
  flag_media_attention: 'mediaAttention',
  flag_vulnerable_group: 'vulnerableGroup',
};
const FIELD_LABEL: Record<string, string> = {
  subject: 'intake.subject',
  description: 'intake.description',
  category_id: 'complaint.category',
  preferred_channel: 'messaging.preferredChannel',
  preferred_language: 'messaging.preferredLanguage',
  location_text: 'complaint.location',
  lat: 'complaint.location',
  lng: 'complaint.location',
};

const COLOR: Record<string, string> = { reply: 'green', note: 'gray', plan_submitted: 'orange', plan_decided: 'orange', pii_revealed: 'red', contact_viewed: 'red', call_recorded: 'green', created: 'blue' };

export function TimelineView({ items }: { items: TimelineEntry[] }) {
  const { t } = useTranslation();
  const { deptName } = useSession();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;

  type Changes = Record<string, { from?: unknown; to?: unknown } | undefined>;
  /** "人身安全 否 → 是；等级 Ⅲ → Ⅱ" from the stored column changes. */
  const describeChanges = (changes: Changes): string =>
    Object.entries(changes)
      .map(([key, ch]) => {
        const flag = FLAG_COLUMN[key];
        if (flag) return `${t(`flag.${flag}`)} ${ch?.from ? t('common.yes') : t('common.no')} → ${ch?.to ? t('common.yes') : t('common.no')}`;
        if (key === 'level') return `${t('level.label')} ${LEVEL_NUMERALS[ch?.from as Level] ?? String(ch?.from ?? '')} → ${LEVEL_NUMERALS[ch?.to as Level] ?? String(ch?.to ?? '')}`;
        return FIELD_LABEL[key] ? t(FIELD_LABEL[key]) : key;
      })
      .join(t('timeline.separator'));

  const describe = (e: TimelineEntry): string => {
    const d = e.data as Record<string, string | undefined>;
    if (e.kind === 'status_changed' && d.action) {
      const base = `${t(`action.${d.action}`, { defaultValue: d.action })}${t('timeline.colon')}${t(`status.${d.from}`, { defaultValue: d.from ?? '' })} → ${t(`status.${d.to}`, { defaultValue: d.to ?? '' })}`;
      return d.departmentId && d.action === 'assign' ? `${base}${t('timeline.inParens', { text: deptName(d.departmentId) })}` : base;
    }
    if (e.kind === 'call_recorded') {
      const outcome = t(`hotline.outcome.${d.outcome}`, { defaultValue: d.outcome ?? '' });
      const secs = Number(e.data.durationSec);
      const what = e.data.durationSec != null && Number.isFinite(secs) ? t('hotline.callSummary', { outcome, minutes: Math.round((secs / 60) * 10) / 10 }) : outcome;
      return t('hotline.callEntry', { what });
    }
    if (e.kind === 'survey_answered' && d.result) return `${t('complaint.kinds.survey_answered')}${t('timeline.colon')}${t(`complaint.followUpResult.${d.result}`, { defaultValue: d.result })}`;
    if (e.kind === 'plan_decided') return `${t('complaint.kinds.plan_decided')}${t('timeline.colon')}${t(`plan.status.${d.decision}`, { defaultValue: d.decision ?? '' })}`;
    if (e.kind === 'updated' && e.data.changes) return `${t('complaint.kinds.updated')}${t('timeline.colon')}${describeChanges(e.data.changes as Changes)}`;
    return t(`complaint.kinds.${e.kind}`, { defaultValue: e.kind });
  };

  return (
    <Timeline
      data-testid="timeline"
      items={[...items].reverse().map((e) => ({
        key: e.id,
        color: COLOR[e.kind] ?? 'blue',
        content: (
          <div data-kind={e.kind}>
            <div>
              <Typography.Text strong>{describe(e)}</Typography.Text>
              {e.visibility === 'internal' && e.kind === 'note' && <Tag style={{ marginLeft: 6 }}>{t('complaint.internal')}</Tag>}
              {e.visibility === 'public' && e.kind === 'note' && <Tag color="green" style={{ marginLeft: 6 }}>{t('complaint.public')}</Tag>}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.actor?.name ?? t('complaint.system')} · {fmtDateTime(e.createdAt)}
            </Typography.Text>
            {e.body && (
              <Typography.Paragraph className="pre-wrap" style={{ margin: '4px 0 0', background: '#fafafa', padding: '6px 8px', borderRadius: 4 }}>
                {e.body}
              </Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}
