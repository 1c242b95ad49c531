import { useEffect, useRef } from 'react';
import { Button, Card, Empty, Space, Spin } from 'antd';
import { DownloadOutlined, FileImageOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EChartsType } from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';

export interface Row {
  key: string;
  label: string;
  count: number;
}

/** A chart card: ECharts loaded lazily; the picture exports as PNG and the data as CSV (UTF-8 with BOM, for Excel). */
export function ChartCard({ title, name, rows, option, height = 260 }: { title: string; name: string; rows: Row[] | null; option: (rows: Row[]) => EChartsCoreOption; height?: number }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | undefined;
    if (!rows || !rows.length || !el.current) return;
    void import('./echarts.js').then(({ echarts }) => {
      if (disposed || !el.current) return;
      chart.current = echarts.getInstanceByDom(el.current) ?? echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current.setOption({ aria: { enabled: true }, ...option(rows) }, true);
      ro = new ResizeObserver(() => chart.current?.resize());
      ro.observe(el.current);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
    };
  }, [rows, option]);

  useEffect(
    () => () => {
      chart.current?.dispose();
      chart.current = null;
    },
    [],
  );

  const png = () => {
    if (!chart.current) return;
    download(chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), `${name}.png`);
  };
  const csv = () => {
    if (!rows) return;
    const cell = (v: string | number) => {
      let s = String(v);
      if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formulas from user-named categories
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const body = [[title, t('dashboard.count')], ...rows.map((r) => [r.label, r.count])].map((r) => r.map(cell).join(',')).join('\r\n');
    const url = URL.createObjectURL(new Blob(['\uFEFF' + body + '\r\n'], { type: 'text/csv;charset=utf-8' }));
    download(url, `${name}.csv`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <Card
      size="small"
      title={title}
      extra={
        <Space size={0}>
          <Button size="small" type="text" icon={<FileImageOutlined />} onClick={png} disabled={!rows?.length} aria-label={`${title}: ${t('dashboard.png')}`} title={t('dashboard.png')} />
          <Button size="small" type="text" icon={<DownloadOutlined />} onClick={csv} disabled={!rows?.length} aria-label={`${title}: ${t('dashboard.csv')}`} title={t('dashboard.csv')} />
        </Space>
      }
      data-chart={name}
    >
      {!rows ? (
        <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          <Spin />
        </div>
      ) : rows.length === 0 ? (
        <Empty style={{ height: height - 20 }} image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />
      ) : (
        <div ref={el} style={{ height, width: '100%' }} role="img" aria-label={`${title}: ${rows.slice(0, 8).map((r) => `${r.label} ${r.count}`).join(', ')}`} />
      )}
    </Card>
  );
}

function download(href: string, filename: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
