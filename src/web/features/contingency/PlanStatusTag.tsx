import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ContingencyPlanStatus } from '../../../shared/contingency.js';

const COLOR: Record<ContingencyPlanStatus, string> = { draft: 'default', approved: 'blue', published: 'green', retired: 'red' };

export function PlanStatusTag({ status }: { status: ContingencyPlanStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[status]} data-plan-status={status}>
      {t(`ctPlan.statusOf.${status}`)}
    </Tag>
  );
}
