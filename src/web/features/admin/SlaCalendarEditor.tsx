import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Checkbox, DatePicker, Divider, Form, Input, Modal, Radio, Select, Space, Typography, type GetProps } from 'antd';
import { CodeOutlined, DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client.js';
import { useFeedback } from '../../app/feedback.js';
import { saveOutcome, SaveProblems, VersionInfo, type SaveFailure } from './VersionedConfig.js';
import { errorMessage } from '../../i18n/index.js';
import { useLeaveGuard } from '../../components/useLeaveGuard.js';

/** Form.Item marks required controls with aria-required, which a checkbox group (role=group) may not carry. */
function WeekdayGroup({ 'aria-required': _required, ...props }: GetProps<typeof Checkbox.Group> & { 'aria-required'?: unknown }) {
  return <Checkbox.Group {...props} />;
}

// The shape the server stores and validates (src/server/modules/sla/calendar.ts, calendar.validate.ts).
interface TimeRange {
  start: string;
  end: string;
}
interface DayOverride {
  date: string;
  kind: 'workday' | 'holiday';
  hours?: TimeRange[];
  note?: string;
}
interface CalendarConfig {
  timeZone: string;
  workingDays: number[];
  workingHours: TimeRange[];
  holidays: { country: string; region?: string; types?: string[] } | null;
  overrides: DayOverride[];
  [extra: string]: unknown;
}
interface CalendarDoc {
  calendar: CalendarConfig;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

const HOLIDAY_TYPES = ['public', 'bank', 'optional', 'school', 'observance'] as const;
const START = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const RANGES = /^\s*(?:(?:[01]\d|2[0-3]):[0-5]\d\s*[-–~]\s*(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)\s*(?:[,，;；]\s*|$))+$/;

interface CalendarForm {
  timeZone: string;
  workingDays: number[];
  workingHours: TimeRange[];
  holidayMode: 'none' | 'CN' | 'other';
  country?: string;
  region?: string;
  types?: string[];
  overrides: { date: string; kind: 'workday' | 'holiday'; hours?: string; note?: string }[];
}

const rangesText = (hours?: TimeRange[]) => (hours ?? []).map((h) => `${h.start}-${h.end}`).join(', ');
const parseRanges = (text?: string): TimeRange[] | undefined => {
  const parts = (text ?? '').split(/[,，;；]/).map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return undefined;
  return parts.map((p) => {
    const [start, end] = p.split(/\s*[-–~]\s*/);
    return { start, end };
  });
};

function toForm(c: CalendarConfig): CalendarForm {
  const h = c.holidays;
  return {
    timeZone: c.timeZone,
    workingDays: c.workingDays,
    workingHours: c.workingHours,
    holidayMode: !h ? 'none' : h.country.toUpperCase() === 'CN' && !h.region ? 'CN' : 'other',
    country: h?.country,
    region: h?.region,
    types: h?.types ?? ['public'],
    overrides: c.overrides.map((o) => ({ date: o.date, kind: o.kind, hours: rangesText(o.hours), note: o.note ?? '' })),
  };
}

function fromForm(v: CalendarForm, original: CalendarConfig): CalendarConfig {
  const holidays: CalendarConfig['holidays'] =
    v.holidayMode === 'none'
      ? null
      : v.holidayMode === 'CN'
        ? { country: 'CN' }
        : { country: (v.country ?? '').trim().toUpperCase(), ...(v.region?.trim() ? { region: v.region.trim().toUpperCase() } : {}), ...(v.types?.length && !(v.types.length === 1 && v.types[0] === 'public') ? { types: v.types } : {}) };
  return {
    ...original,
    timeZone: v.timeZone,
    workingDays: [...(v.workingDays ?? [])].sort((a, b) => a - b),
    workingHours: (v.workingHours ?? []).map((r) => ({ start: r.start.trim(), end: r.end.trim() })),
    holidays,
    overrides: (v.overrides ?? []).map((o) => {
      const hours = o.kind === 'workday' ? parseRanges(o.hours) : undefined;
      return { date: o.date, kind: o.kind, ...(hours ? { hours } : {}), ...(o.note?.trim() ? { note: o.note.trim() } : {}) };
    }),
  };
}

function timeZones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.includes(current) ? all : [current, ...all];
}

/**
 * The business calendar as a form: time zone, weekly working days and hours, the public-holiday
 * source (China with its make-up workdays, or another country), and single-day overrides. Saved as a
 * new version with PUT /sla/calendar; the server's problems are listed.
 */
export function SlaCalendarEditor({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const [form] = Form.useForm<CalendarForm>();
  const [saved, setSaved] = useState<CalendarDoc | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  const [showJson, setShowJson] = useState(false);
  const holidayMode = Form.useWatch('holidayMode', form);
  useLeaveGuard(dirty);
  const overrides = Form.useWatch('overrides', form);

  const adopt = useCallback(
    (doc: CalendarDoc) => {
      setSaved(doc);
      form.setFieldsValue(toForm(doc.calendar));
      setDirty(false);
    },
    [form],
  );
  const load = useCallback(async () => {
    try {
      adopt(await api.get<CalendarDoc>('/sla/calendar'));
      setProblems(null);
      setFailure(null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }, [adopt, message]);
  useEffect(() => void load(), [load]);

  const zones = useMemo(() => (saved ? timeZones(saved.calendar.timeZone).map((z) => ({ value: z, label: z })) : []), [saved]);
  const weekdays = useMemo(() => [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`slaCalendar.weekday.${d}`) })), [t]);

  const save = async () => {
    if (!saved) return;
    const ok = await form.validateFields().catch(() => null);
    if (!ok) return;
    setBusy(true);
    setProblems(null);
    setFailure(null);
    try {
      const calendar = fromForm(form.getFieldsValue(true) as CalendarForm, saved.calendar);
      const doc = await api.put<CalendarDoc>('/sla/calendar', { calendar, version: saved.version });
      adopt(doc);
      message.success(t('slaAdmin.saved', { version: doc.version }));
      onSaved();
    } catch (e) {
      const out = saveOutcome(e, t('slaCalendar.stale'));
      if ('problems' in out) setProblems(out.problems);
      else setFailure(out.failure);
    } finally {
      setBusy(false);
    }
  };

  const describeProblem = (p: string) =>
    p.replace(/^overrides\[(\d+)\]\.?/, (_, i: string) => `${t('slaCalendar.overrideRow', { n: Number(i) + 1 })}: `).replace(/^workingHours\[(\d+)\]\.?/, (_, i: string) => `${t('slaCalendar.hoursRow', { n: Number(i) + 1 })}: `);

  const clockRule = (re: RegExp) => ({ pattern: re, message: t('slaCalendar.clockInvalid') });

  if (!saved) return null;
  return (
    <div data-testid="sla-calendar">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 12, flexWrap: 'wrap', marginBottom: 8 }}>
        <VersionInfo version={saved.version} updatedAt={saved.updatedAt} updatedBy={saved.updatedBy} testId="sla-calendar-version" column={1} style={{ flex: '1 1 240px' }} />
        <Space wrap>
          <Button icon={<CodeOutlined />} onClick={() => setShowJson(true)}>
            {t('slaPolicies.viewJson')}
          </Button>
          <Button icon={<UndoOutlined />} disabled={!dirty || busy} onClick={() => void load()} data-testid="calendar-discard">
            {t('slaPolicies.discard')}
          </Button>
          <Button type="primary" disabled={!dirty} loading={busy} onClick={() => void save()} data-testid="calendar-save">
            {t('slaPolicies.saveVersion', { version: saved.version + 1 })}
          </Button>
        </Space>
      </div>
      <SaveProblems problems={problems} failure={failure} describe={describeProblem} onReload={() => void load()} problemsTestId="calendar-problems" />
      <Form form={form} name="calendar" layout="vertical" onValuesChange={() => setDirty(true)} data-testid="calendar-form">
        <div style={{ display: 'grid', gridTemplateColumns: '190px minmax(0, 1fr)', gap: 12 }}>
          <Form.Item name="timeZone" label={t('slaCalendar.timeZone')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={zones} />
          </Form.Item>
          <Form.Item name="workingDays" label={t('slaCalendar.workingDays')} rules={[{ required: true, type: 'array', min: 1, message: t('slaCalendar.daysRequired') }]}>
            <WeekdayGroup options={weekdays} />
          </Form.Item>
        </div>

        <Form.Item label={t('slaCalendar.workingHours')} required extra={t('slaCalendar.workingHoursHint')} style={{ marginBottom: 12 }}>
          <Form.List name="workingHours" rules={[{ validator: async (_, v: unknown[]) => (v?.length ? undefined : Promise.reject(new Error(t('slaCalendar.hoursRequired')))) }]}>
            {(fields, { add, remove }, { errors }) => (
              <div data-testid="calendar-hours">
                {fields.map((f) => (
                  <Space key={f.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'start']} rules={[{ required: true, message: t('slaCalendar.clockInvalid') }, clockRule(START)]} style={{ marginBottom: 6 }}>
                      <Input placeholder="09:00" style={{ width: 90 }} aria-label={t('slaCalendar.from')} />
                    </Form.Item>
                    <span style={{ lineHeight: '32px' }}>–</span>
                    <Form.Item name={[f.name, 'end']} rules={[{ required: true, message: t('slaCalendar.clockInvalid') }, clockRule(END)]} style={{ marginBottom: 6 }}>
                      <Input placeholder="18:00" style={{ width: 90 }} aria-label={t('slaCalendar.to')} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('slaCalendar.removeRange')} />
                  </Space>
                ))}
                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ start: '', end: '' })}>
                  {t('slaCalendar.addRange')}
                </Button>
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
        </Form.Item>

        <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
          {t('slaCalendar.holidays')}
        </Divider>
        <Form.Item name="holidayMode" style={{ marginBottom: 8 }}>
          <Radio.Group
            options={[
              { value: 'CN', label: t('slaCalendar.holidayCN') },
              { value: 'other', label: t('slaCalendar.holidayOther') },
              { value: 'none', label: t('slaCalendar.holidayNone') },
            ]}
          />
        </Form.Item>
        {holidayMode === 'other' && (
          <div style={{ display: 'grid', gridTemplateColumns: '120px 120px 1fr', gap: 12 }}>
            <Form.Item name="country" label={t('slaCalendar.country')} rules={[{ required: true, pattern: /^[A-Za-z]{2}$/, message: t('slaCalendar.countryInvalid') }]}>
              <Input placeholder="HK" maxLength={2} />
            </Form.Item>
            <Form.Item name="region" label={t('slaCalendar.region')}>
              <Input placeholder={t('common.optional')} maxLength={10} />
            </Form.Item>
            <Form.Item name="types" label={t('slaCalendar.types')} rules={[{ required: true, type: 'array', min: 1, message: t('slaCalendar.typesRequired') }]}>
              <Checkbox.Group options={HOLIDAY_TYPES.map((x) => ({ value: x, label: t(`slaCalendar.type.${x}`) }))} />
            </Form.Item>
          </div>
        )}

        <Divider titlePlacement="start" style={{ margin: '4px 0 8px' }}>
          {t('slaCalendar.overrides')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('slaCalendar.overridesHint')}
        </Typography.Paragraph>
        <Form.List name="overrides">
          {(fields, { add, remove }) => (
            <div data-testid="calendar-overrides">
              {fields.length > 0 && (
                <div style={{ display: 'grid', gridTemplateColumns: '150px 110px minmax(0, 1fr) minmax(0, 1fr) 32px', columnGap: 8, fontSize: 12, color: 'rgba(0,0,0,0.6)', marginBottom: 4 }}>
                  <span>{t('slaCalendar.date')}</span>
                  <span>{t('slaCalendar.kind')}</span>
                  <span>{t('slaCalendar.hours')}</span>
                  <span>{t('slaCalendar.note')}</span>
                  <span />
                </div>
              )}
              {fields.map((f) => {
                const isWorkday = overrides?.[f.name]?.kind === 'workday';
                return (
                  <div key={f.key} data-override-row={f.name} style={{ display: 'grid', gridTemplateColumns: '150px 110px minmax(0, 1fr) minmax(0, 1fr) 32px', columnGap: 8, alignItems: 'start' }}>
                    <Form.Item
                      name={[f.name, 'date']}
                      style={{ marginBottom: 8 }}
                      // The form keeps the calendar's "YYYY-MM-DD" text; the picker works on Dayjs.
                      getValueProps={(v: string) => ({ value: v ? dayjs(v) : null })}
                      normalize={(d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : '')}
                      rules={[
                        { required: true, message: t('slaCalendar.dateRequired') },
                        {
                          validator: async (_, v: string) => {
                            if (v && (overrides ?? []).filter((o) => o?.date === v).length > 1) throw new Error(t('slaCalendar.dateTwice'));
                          },
                        },
                      ]}
                    >
                      <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} aria-label={t('slaCalendar.date')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'kind']} style={{ marginBottom: 8 }}>
                      <Select
                        aria-label={t('slaCalendar.kind')}
                        options={[
                          { value: 'holiday', label: t('slaCalendar.dayOff') },
                          { value: 'workday', label: t('slaCalendar.dayOn') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'hours']} style={{ marginBottom: 8 }} rules={isWorkday ? [{ pattern: RANGES, message: t('slaCalendar.rangesInvalid') }] : []}>
                      <Input disabled={!isWorkday} placeholder={isWorkday ? t('slaCalendar.hoursDefault') : '—'} aria-label={t('slaCalendar.hours')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'note']} style={{ marginBottom: 8 }}>
                      <Input maxLength={100} aria-label={t('slaCalendar.note')} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('slaCalendar.removeOverride')} />
                  </div>
                );
              })}
              <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: '', kind: 'holiday', hours: '', note: '' })} data-testid="calendar-add-override">
                {t('slaCalendar.addOverride')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
      <Modal open={showJson} title={t('slaCalendar.jsonTitle')} footer={null} onCancel={() => setShowJson(false)} width={640}>
        <pre style={{ maxHeight: '60vh', overflow: 'auto', background: '#fafafa', padding: 12, borderRadius: 6, fontSize: 12, margin: 0 }}>{JSON.stringify(saved.calendar, null, 2)}</pre>
      </Modal>
    </div>
  );
}
