import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { DayInfo } from '../../api/types.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';
import { SlaPoliciesEditor } from './SlaPoliciesEditor.js';
import { SlaCalendarEditor } from './SlaCalendarEditor.js';

/** SLA policies and the business calendar (versioned, edited as forms), with a month preview of the calendar. */
export default function SlaAdminPage() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        {t('slaAdmin.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'policies', label: t('slaAdmin.policies'), children: <SlaPoliciesEditor /> },
          { key: 'calendar', label: t('slaAdmin.calendar'), children: <CalendarTab /> },
        ]}
      />
    </div>
  );
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m + 1)}-${pad(d)}`;

function CalendarTab() {
  const [tick, setTick] = useState(0);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 420px', gap: 16 }}>
      <SlaCalendarEditor onSaved={() => setTick((x) => x + 1)} />
      <MonthView tick={tick} />
    </div>
  );
}

/** One month of /sla/calendar/days: workdays, weekends, statutory holidays and make-up workdays (调休). */
function MonthView({ tick }: { tick: number }) {
  const { t, i18n } = useTranslation();
  const { message } = useFeedback();
  const [month, setMonth] = useState(() => {
    const d = new Date();
    return { y: d.getFullYear(), m: d.getMonth() };
  });
  const [days, setDays] = useState<DayInfo[] | null>(null);
  const [tz, setTz] = useState('');
  const last = new Date(Date.UTC(month.y, month.m + 1, 0)).getUTCDate();
  const load = useCallback(() => {
    api.get<{ timeZone: string; items: DayInfo[] }>(`/sla/calendar/days?from=${iso(month.y, month.m, 1)}&to=${iso(month.y, month.m, last)}`).then(
      (r) => {
        setDays(r.items);
        setTz(r.timeZone);
      },
      (e) => message.error(errorMessage(e)),
    );
  }, [month, last, message]);
  useEffect(load, [load, tick]);
  const lead = (new Date(Date.UTC(month.y, month.m, 1)).getUTCDay() + 6) % 7; // Monday first
  const weekdays = useMemo(() => (i18n.language === 'en' ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] : ['一', '二', '三', '四', '五', '六', '日']), [i18n.language]);
  const shift = (n: number) => setMonth(({ y, m }) => ({ y: m + n < 0 ? y - 1 : m + n > 11 ? y + 1 : y, m: (m + n + 12) % 12 }));
  const style = (d: DayInfo): { background: string; color: string; kind: string } => {
    if (d.reason === 'statutory_holiday') return { background: '#fff1f0', color: '#cf1322', kind: 'holiday' };
    if (d.reason === 'makeup_workday') return { background: '#fff7e6', color: '#ad4e00', kind: 'makeup' };
    if (d.reason === 'override') return d.working ? { background: '#e6f4ff', color: '#0958d9', kind: 'override-work' } : { background: '#f9f0ff', color: '#531dab', kind: 'override-off' };
    return d.working ? { background: '#f6ffed', color: '#237804', kind: 'workday' } : { background: '#fafafa', color: '#595959', kind: 'weekend' };
  };
  return (
    <Card
      size="small"
      data-testid="calendar-month"
      title={
        <Space>
          <Button size="small" icon={<LeftOutlined />} aria-label={t('slaAdmin.prevMonth')} onClick={() => shift(-1)} />
          <span data-testid="calendar-month-label">{`${month.y}-${pad(month.m + 1)}`}</span>
          <Button size="small" icon={<RightOutlined />} aria-label={t('slaAdmin.nextMonth')} onClick={() => shift(1)} />
        </Space>
      }
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{tz}</Typography.Text>}
    >
      {/* A picture of the month: each day is read out as "date kind name"; the weekday row is visual only. */}
      <div role="group" aria-label={t('slaAdmin.preview')} style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 4 }}>
        {weekdays.map((w) => (
          <div key={w} aria-hidden="true" style={{ textAlign: 'center', fontSize: 12, color: '#595959' }}>
            {w}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`e${i}`} />
        ))}
        {(days ?? []).map((d) => {
          const s = style(d);
          const label = t(`slaAdmin.day.${s.kind}`);
          const hours = d.hours.map((h) => `${h.start}–${h.end}`).join(', ');
          return (
            <Tooltip key={d.date} title={`${d.date} · ${label}${d.name ? ` · ${d.name}` : ''}${hours ? ` · ${hours}` : ''}`}>
              <div data-day={d.date} data-kind={s.kind} style={{ background: s.background, color: s.color, borderRadius: 4, padding: '4px 2px', textAlign: 'center', minHeight: 44 }}>
                <div aria-hidden="true" style={{ fontWeight: 600 }}>{Number(d.date.slice(8))}</div>
                <div aria-hidden="true" style={{ fontSize: 10, lineHeight: 1.2, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>{d.name ?? (s.kind === 'makeup' ? t('slaAdmin.day.makeupShort') : '')}</div>
                <span className="sr-only">{`${d.date} ${label}${d.name ? ` ${d.name}` : ''}`}</span>
              </div>
            </Tooltip>
          );
        })}
      </div>
      <Space size={4} wrap style={{ marginTop: 8 }}>
        {(['workday', 'weekend', 'holiday', 'makeup', 'override-work', 'override-off'] as const).map((k) => (
          <Tag key={k} color={{ workday: 'green', weekend: 'default', holiday: 'red', makeup: 'orange', 'override-work': 'blue', 'override-off': 'purple' }[k]}>
            {t(`slaAdmin.day.${k}`)}
          </Tag>
        ))}
      </Space>
    </Card>
  );
}
