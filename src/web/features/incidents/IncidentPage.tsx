import { useParams, Link } from 'react-router';
import { Alert, Col, Result, Row, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ctError } from './bi.js';
import { useIncident } from './useIncident.js';
import { IncidentHeader } from './IncidentHeader.js';
import { RolesPanel } from './RolesPanel.js';
import { TasksPanel } from './TasksPanel.js';
import { ReportsPanel } from './ReportsPanel.js';
import { ComplaintsPanel } from './ComplaintsPanel.js';
import { CompensationPanel } from './CompensationPanel.js';
import { StatementsPanel } from './StatementsPanel.js';
import { TimelinePanel } from './TimelinePanel.js';
import { ReviewPanel } from './ReviewPanel.js';
import { DrillReportPanel } from './DrillReportPanel.js';

/** Incident command (应急指挥): the team, tasks with live due timers, reports, decisions, compensation, statements, timeline. */
export default function IncidentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { incident, setIncident, timeline, error, version, reload } = useIncident(id);

  if (error && !incident) return <Result status="warning" title={ctError(error)} extra={<Link to="/incidents">{t('inc.back')}</Link>} />;
  if (!incident) return <Spin style={{ display: 'block', margin: 48 }} />;
  // A change answered with the incident updates it at once; the timeline follows (live event or reload).
  const onChange = (i: typeof incident) => {
    setIncident(i);
    void reload();
  };

  return (
    <div data-testid="incident-page">
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <Link to="/incidents">← {t('inc.back')}</Link>
        {incident.isDrill && <Alert type="info" showIcon message={t('stmt.drillNote')} />}
        <IncidentHeader incident={incident} onChange={onChange} />
        <TasksPanel incident={incident} onChange={onChange} />
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={14}>
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              <RolesPanel incident={incident} onChange={onChange} />
              <StatementsPanel incident={incident} version={version} />
              <CompensationPanel incident={incident} version={version} />
              <ComplaintsPanel incident={incident} />
              {incident.isDrill && <DrillReportPanel incident={incident} version={version} />}
              <ReviewPanel incident={incident} version={version} />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              <ReportsPanel incident={incident} onChange={onChange} />
              <TimelinePanel incident={incident} items={timeline} />
            </Space>
          </Col>
        </Row>
      </Space>
    </div>
  );
}
