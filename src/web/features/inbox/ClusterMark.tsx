import { Link } from 'react-router';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Complaint } from '../../api/types.js';

/** The same-event cluster of a list item: the list's own fields when present, else its triage summary. */
export function clusterOf(c: Complaint): { id: string; mass: boolean; size: number | null } | null {
  const id = c.clusterId ?? c.triage?.cluster?.id ?? null;
  if (!id) return null;
  return { id, mass: !!(c.mass ?? c.triage?.cluster?.mass ?? c.triage?.mass), size: c.triage?.cluster?.size ?? null };
}

/** A mass-complaint member's mark, linking to its cluster; other multi-member clusters get a quieter one. */
export function ClusterMark({ complaint }: { complaint: Complaint }) {
  const { t } = useTranslation();
  const cl = clusterOf(complaint);
  if (!cl || (!cl.mass && (cl.size ?? 0) < 2)) return null;
  return (
    <Link to={`/clusters/${cl.id}`} title={t('inbox.clusterTitle', { count: cl.size ?? 0 })} data-testid="inbox-cluster" data-mass={cl.mass ? 1 : 0}>
      <Tag color={cl.mass ? 'volcano' : 'default'} style={{ marginInlineEnd: 0, cursor: 'pointer' }}>
        {cl.mass ? t('inbox.massMark') : t('inbox.clusterMark', { count: cl.size ?? 0 })}
      </Tag>
    </Link>
  );
}
