import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlaSummary } from '../api/types.js';
import { fmtDuration } from './format.js';

const COLOR: Record<string, string> = { ok: 'green', warning: 'orange', breached: 'red', paused: 'default', met: 'blue' };

/** Countdown to the next SLA deadline; re-renders every 30 s. Renders nothing without SLA data. */
export function SlaBadge({ sla }: { sla?: SlaSummary | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, []);
  if (!sla) return null;
  const due = sla.dueAt ? Date.parse(sla.dueAt) : null;
  const remaining = due !== null ? due - now : (sla.remainingMs ?? null);
  const label = t(`sla.state.${sla.state}`, { defaultValue: sla.state });
  return (
    <Tag color={COLOR[sla.state] ?? 'default'} data-sla={sla.state} aria-label={`${label}${remaining !== null ? ` ${fmtDuration(remaining)}` : ''}`}>
      {remaining !== null && sla.state !== 'paused' && sla.state !== 'met' ? fmtDuration(remaining) : label}
    </Tag>
  );
}
