import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentStatus } from '../../../shared/contingency.js';

const COLOR: Record<IncidentStatus, string> = { active: 'red', stable: 'orange', resolved: 'green', closed: 'default' };

export function IncidentStatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[status]} data-incident-status={status}>
      {t(`inc.statusOf.${status}`)}
    </Tag>
  );
}

export function DrillTag() {
  const { t } = useTranslation();
  return (
    <Tag color="purple" data-testid="drill-mark">
      {t('inc.drill')}
    </Tag>
  );
}
