import { Link } from 'react-router';
import { Badge, Space, Tooltip, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Complaint } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { STATUSES, type Level, type Status } from '../../../shared/enums.js';
import { LevelTag, StatusTag } from '../../components/tags.js';
import { SlaBadge } from '../../components/SlaBadge.js';
import { fmtDateTime } from '../../components/format.js';
import { ClusterMark } from './ClusterMark.js';

/** The inbox table's columns (narrow, so the subject keeps room at 1366 px); the deadline column appears once any row has SLA data. */
export function useInboxColumns(items: Complaint[], fresh: Set<string>): ColumnsType<Complaint> {
  const { t } = useTranslation();
  const { deptName, categoryName, userName } = useSession();
  const showSla = items.some((c) => c.sla);
  return [
    {
      title: t('inbox.col.level'),
      dataIndex: 'level',
      width: 68,
      sorter: (a, b) => a.level - b.level,
      render: (l: Level) => <LevelTag level={l} />,
    },
    {
      title: t('inbox.col.trackingNo'),
      dataIndex: 'trackingNo',
      width: 150,
      sorter: (a, b) => a.trackingNo.localeCompare(b.trackingNo),
      render: (v: string, c) => (
        <Space size={4}>
          <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12 }}>{v}</Typography.Text>
          {fresh.has(c.id) && <Badge status="processing" text={t('inbox.isNew')} />}
        </Space>
      ),
    },
    {
      title: t('inbox.col.subject'),
      dataIndex: 'subject',
      ellipsis: { showTitle: false },
      sorter: (a, b) => a.subject.localeCompare(b.subject),
      render: (s: string, c) => (
        <Space size={6} style={{ maxWidth: '100%' }}>
          <ClusterMark complaint={c} />
          <Tooltip title={s} placement="topLeft">
            <Link to={`/complaints/${c.id}`} data-testid="inbox-subject">
              {s}
            </Link>
          </Tooltip>
        </Space>
      ),
    },
    ...(showSla ? [{ title: t('inbox.col.sla'), key: 'sla', width: 112, render: (_: unknown, c: Complaint) => <SlaBadge sla={c.sla} /> }] : []),
    {
      title: t('inbox.col.status'),
      dataIndex: 'status',
      width: 96,
      sorter: (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status),
      render: (s: Status) => <StatusTag status={s} />,
    },
    { title: t('inbox.col.category'), dataIndex: 'categoryId', width: 110, ellipsis: true, render: (id: string | null) => categoryName(id) },
    { title: t('inbox.col.department'), dataIndex: 'departmentId', width: 110, ellipsis: true, sorter: (a, b) => deptName(a.departmentId).localeCompare(deptName(b.departmentId)), render: (id: string | null) => deptName(id) },
    { title: t('inbox.col.owner'), dataIndex: 'ownerId', width: 84, ellipsis: true, render: (id: string | null) => (id ? userName(id) : <Typography.Text type="secondary">—</Typography.Text>) },
    { title: t('inbox.col.channel'), dataIndex: 'channel', width: 76, render: (ch: string) => t(`channel.${ch}`) },
    {
      title: t('inbox.col.createdAt'),
      dataIndex: 'createdAt',
      width: 132,
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
      render: (v: string) => fmtDateTime(v),
    },
  ];
}
