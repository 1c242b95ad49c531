import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlaSummary } from '../api/types.js';
import { fmtDateTime, fmtDuration } from './format.js';

const COLOR: Record<string, string> = { ok: 'green', warning: 'orange', breached: 'red' };

/** Countdown to a complaint's most urgent running deadline; ticks every 30 s. Nothing without SLA data. */
export function SlaBadge({ sla }: { sla?: SlaSummary | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, []);
  if (!sla) return null;
  const running = sla.state === 'running' && sla.dueAt;
  const remaining = running ? Date.parse(sla.dueAt!) - now : null;
  const status = remaining !== null && remaining <= 0 ? 'breached' : sla.status;
  const kind = t(`sla.kind.${sla.kind}`, { defaultValue: sla.kind });
  const label = remaining !== null ? fmtDuration(remaining) : t(`sla.state.${sla.state}`, { defaultValue: sla.state });
  return (
    <Tooltip title={`${kind} · ${t(`sla.status.${status}`)}${sla.dueAt ? ` · ${fmtDateTime(sla.dueAt)}` : ''}`}>
      <Tag color={COLOR[status] ?? 'default'} data-sla={status} aria-label={`${kind} ${t(`sla.status.${status}`)} ${label}`}>
        {label}
      </Tag>
    </Tooltip>
  );
}
