import { useEffect, useState } from 'react';
import { Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { fmtOffset, useBi } from './bi.js';
import type { Bi, Incident } from './types.js';

interface Step { stepKey: string; title: Bi; plannedOffsetMinutes: number; actualOffsetMinutes: number | null; done: boolean; late: boolean; lateByMinutes: number | null }
interface Report {
  steps: Step[];
  stepsOnTime: number;
  sitreps: { expected: number; filed: number; onTime: number };
  roles: { total: number; filled: number };
  score: number;
}

/** A drill's report (演练报告): planned vs actual step timings, report cadence, roles, score — once the drill is resolved. */
export function DrillReportPanel({ incident, version }: { incident: Incident; version: number }) {
  const { t, i18n } = useTranslation();
  const bi = useBi();
  const [report, setReport] = useState<Report | null>(null);
  const finished = incident.status === 'resolved' || incident.status === 'closed';
  useEffect(() => {
    if (!finished) return setReport(null);
    api.get<Report>(`/incidents/${incident.id}/drill-report`).then(setReport, () => setReport(null));
  }, [incident.id, finished, version]);

  return (
    <Card size="small" title={t('drillReport.title')} data-testid="drill-report" extra={report ? <a href={`/api/v1/incidents/${incident.id}/drill-report.md?lang=${i18n.language === 'en' ? 'en' : 'zh-CN'}`}>{t('drillReport.download')}</a> : null}>
      {!report ? (
        <Typography.Text type="secondary">{t('drillReport.notReady')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={report.score >= 80 ? 'success' : report.score >= 60 ? 'warning' : 'error'}>{t('drillReport.score', { score: report.score })}</Tag>
            <span>{t('drillReport.stepsOnTime', { a: report.stepsOnTime, b: report.steps.length })}</span>
            <span>{t('drillReport.sitreps', report.sitreps)}</span>
            <span>{t('drillReport.roles', report.roles)}</span>
          </Space>
          <Table<Step> rowKey="stepKey" size="small" pagination={false} dataSource={report.steps} columns={[
            { title: t('inc.task'), key: 't', render: (_, s) => bi(s.title) },
            { title: t('drillReport.planned'), key: 'p', width: 120, render: (_, s) => fmtOffset(s.plannedOffsetMinutes) },
            { title: t('drillReport.actual'), key: 'a', width: 120, render: (_, s) => (s.actualOffsetMinutes === null ? t('drillReport.notDone') : fmtOffset(s.actualOffsetMinutes)) },
            { title: t('inc.status'), key: 's', width: 140, render: (_, s) => (!s.done ? <Tag>{t('drillReport.notDone')}</Tag> : s.late ? <Tag color="error">{t('drillReport.late', { n: s.lateByMinutes ?? 0 })}</Tag> : <Tag color="success">{t('drillReport.onTime')}</Tag>) },
          ]} />
        </Space>
      )}
    </Card>
  );
}
