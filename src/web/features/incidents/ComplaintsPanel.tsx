import { Link } from 'react-router';
import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LevelTag, StatusTag } from '../../components/tags.js';
import type { Status } from '../../../shared/enums.js';
import type { Incident } from './types.js';

type Linked = Incident['complaints'][number];

/** Complaints linked to the incident, each a link to its complaint page (subject hidden when not visible). */
export function ComplaintsPanel({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('inc.complaints')} data-testid="incident-complaints">
      <Table<Linked>
        rowKey="id"
        size="small"
        pagination={incident.complaints.length > 10 ? { pageSize: 10 } : false}
        dataSource={incident.complaints}
        locale={{ emptyText: t('inc.noEntries') }}
        columns={[
          { title: t('inc.code'), key: 'no', width: 170, render: (_, c) => (c.subject === null ? c.trackingNo : <Link to={`/complaints/${c.id}`}>{c.trackingNo}</Link>) },
          { title: t('inc.name'), key: 'subject', render: (_, c) => c.subject ?? <Typography.Text type="secondary">{t('inc.hidden')}</Typography.Text> },
          { title: t('inc.level'), key: 'level', width: 60, render: (_, c) => <LevelTag level={c.level} /> },
          { title: t('inc.status'), key: 'status', width: 100, render: (_, c) => <StatusTag status={c.status as Status} /> },
          { title: t('inc.source'), key: 'via', width: 100, render: (_, c) => t(`inc.via.${c.via}`) },
        ]}
      />
    </Card>
  );
}
