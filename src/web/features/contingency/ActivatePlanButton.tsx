import { useState } from 'react';
import { Button } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { useFeedback } from '../../app/feedback.js';
import { ctError } from '../incidents/bi.js';
import type { PlanItem } from '../incidents/types.js';
import { ActivateDialog } from './ActivateDialog.js';

/** "Activate plan" on a complaint page: opens an incident linked to this complaint (incident.activate only). */
export function ActivatePlanButton({ complaintId, title }: { complaintId: string; title: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = useFeedback();
  const [plans, setPlans] = useState<PlanItem[] | null>(null);
  if (!can('incident.activate') || !can('contingency.read')) return null;
  const open = async () => {
    try {
      setPlans((await api.get<{ items: PlanItem[] }>('/contingency/plans')).items);
    } catch (e) {
      message.error(ctError(e));
    }
  };
  return (
    <>
      <Button icon={<ThunderboltOutlined />} data-testid="complaint-activate-plan" onClick={() => void open()}>
        {t('ctPlan.activate')}
      </Button>
      <ActivateDialog open={!!plans} plans={plans ?? []} complaintIds={[complaintId]} defaultTitle={title.slice(0, 200)} onClose={() => setPlans(null)} />
    </>
  );
}
