import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Row, Select, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';
import { api, qs } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/index.js';
import { LEVEL_STYLE } from '../../components/tags.js';
import type { Level } from '../../../shared/enums.js';
import { ChartCard, type Row as DataRow } from './Chart.js';

interface Overview {
  range: { from: string; to: string; firstDay: string; lastDay: string; timezone: string };
  total: number;
  open: number;
  closed: number;
  /** Closed by 即时办结 (answered on the first call). */
  resolvedAtFirstContact: number;
  avgHandlingHours: number | null;
  sla: { available: boolean; firstResponseOnTimeRate: number | null; resolutionOnTimeRate: number | null; openBreaches: number | null };
  /** Follow-up (回访): 满意率, 回访率, 不满意重办率 (null: nothing to divide by yet). */
  followUp: { satisfactionRate: number | null; followUpRate: number | null; dissatisfiedReopenRate: number | null };
  byDay: DataRow[];
  byCategory: DataRow[];
  byLevel: DataRow[];
  byChannel: DataRow[];
  byDepartment: DataRow[];
  byStatus: DataRow[];
}

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);

const bar = (horizontal: boolean) => (rows: DataRow[]): EChartsCoreOption => {
  const top = rows.slice(0, 15);
  const cat = { type: 'category', data: top.map((r) => r.label), axisLabel: { width: 110, overflow: 'truncate' } };
  const val = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: horizontal ? 120 : 40, right: 16, top: 10, bottom: horizontal ? 24 : 60 },
    xAxis: horizontal ? val : { ...cat, axisLabel: { rotate: 30, width: 80, overflow: 'truncate' } },
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [{ type: 'bar', data: top.map((r) => r.count), itemStyle: { color: '#1658c4' } }],
  };
};
const pie = (colors?: (r: DataRow) => string | undefined) => (rows: DataRow[]): EChartsCoreOption => ({
  tooltip: { trigger: 'item' },
  legend: { orient: 'vertical', right: 0, top: 'middle', type: 'scroll' },
  series: [{ type: 'pie', radius: ['40%', '70%'], center: ['38%', '50%'], label: { show: false }, data: rows.map((r) => ({ name: r.label, value: r.count, itemStyle: colors?.(r) ? { color: colors(r) } : undefined })) }],
});
const line = (rows: DataRow[]): EChartsCoreOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 40, right: 16, top: 16, bottom: 28 },
  xAxis: { type: 'category', data: rows.map((r) => r.key.slice(5)) },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: rows.map((r) => r.count), itemStyle: { color: '#1658c4' } }],
});
const OPTIONS = {
  byDay: line,
  byCategory: bar(true),
  byLevel: pie((r) => LEVEL_STYLE[Number(r.key) as Level]?.background),
  byChannel: pie(),
  byDepartment: bar(true),
};

export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { ref, deptName, me, can } = useSession();
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 29 * 86400_000)));
  const [to, setTo] = useState(() => day(new Date()));
  const [dept, setDept] = useState<string | undefined>(undefined);
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setData(null);
    setError(null);
    const [fy, fm, fd] = from.split('-').map(Number);
    const [ty, tm, td] = to.split('-').map(Number);
    const q = qs({ from: new Date(fy, fm - 1, fd).toISOString(), to: new Date(ty, tm - 1, td + 1).toISOString(), departmentId: dept, lang: i18n.language === 'en' ? 'en' : 'zh-CN' });
    try {
      setData(await api.get<Overview>(`/stats/overview${q}`));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [from, to, dept, i18n.language]);
  useEffect(() => void load(), [load]);

  const departments = useMemo(() => (can('complaint.read_all') ? ref.departments : ref.departments.filter((d) => me?.user.departmentIds.includes(d.id))), [ref.departments, me, can]);
  const rows = (k: keyof typeof OPTIONS) => (data ? (k === 'byDay' ? data.byDay : data[k].filter((r) => r.count > 0)) : null);

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, flexWrap: 'wrap', gap: 8 }}>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Space wrap>
          <div role="group" aria-label={t('dashboard.range')}>
            <DatePicker.RangePicker
              allowClear={false}
              format="YYYY-MM-DD"
              value={[dayjs(from), dayjs(to)]}
              onChange={(r) => {
                if (r?.[0] && r[1]) {
                  setFrom(r[0].format('YYYY-MM-DD'));
                  setTo(r[1].format('YYYY-MM-DD'));
                }
              }}
              style={{ width: 240 }}
            />
          </div>
          <Select allowClear aria-label={t('dashboard.department')} placeholder={t('dashboard.department')} style={{ width: 180 }} value={dept} onChange={setDept} options={departments.map((d) => ({ value: d.id, label: deptName(d.id) }))} />
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {[
          { k: 'total', v: data?.total },
          { k: 'open', v: data?.open },
          { k: 'closed', v: data?.closed },
          { k: 'firstContact', v: data?.resolvedAtFirstContact },
          { k: 'avgHours', v: data?.avgHandlingHours === null ? '—' : data?.avgHandlingHours?.toFixed(1) },
          { k: 'firstOnTime', v: data ? (data.sla.available ? pct(data.sla.firstResponseOnTimeRate) : '—') : undefined },
          { k: 'resolutionOnTime', v: data ? (data.sla.available ? pct(data.sla.resolutionOnTimeRate) : '—') : undefined },
          { k: 'openBreaches', v: data ? (data.sla.available ? (data.sla.openBreaches ?? '—') : '—') : undefined },
          { k: 'satisfaction', v: data ? pct(data.followUp.satisfactionRate) : undefined },
          { k: 'followUpRate', v: data ? pct(data.followUp.followUpRate) : undefined },
          { k: 'reopenRate', v: data ? pct(data.followUp.dissatisfiedReopenRate) : undefined },
        ].map(({ k, v }) => (
          <Col key={k} flex="1 1 140px">
            <Card size="small">
              <Statistic title={t(`dashboard.${k}`)} value={v ?? ' '} loading={!data && !error} styles={k === 'openBreaches' && Number(v) > 0 ? { content: { color: '#cf1322' } } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
      {data && !data.sla.available && <Alert type="info" showIcon title={t('dashboard.slaUnavailable')} style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]}>
        <Col span={24}>
          <ChartCard title={t('dashboard.byDay')} name="by-day" rows={rows('byDay')} option={OPTIONS.byDay} height={220} />
        </Col>
        <Col span={12}>
          <ChartCard title={t('dashboard.byCategory')} name="by-category" rows={rows('byCategory')} option={OPTIONS.byCategory} />
        </Col>
        <Col span={12}>
          <ChartCard title={t('dashboard.byDepartment')} name="by-department" rows={rows('byDepartment')} option={OPTIONS.byDepartment} />
        </Col>
        <Col span={12}>
          <ChartCard title={t('dashboard.byLevel')} name="by-level" rows={rows('byLevel')} option={OPTIONS.byLevel} />
        </Col>
        <Col span={12}>
          <ChartCard title={t('dashboard.byChannel')} name="by-channel" rows={rows('byChannel')} option={OPTIONS.byChannel} />
        </Col>
      </Row>
    </div>
  );
}
