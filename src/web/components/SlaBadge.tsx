import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlaSummary } from '../api/types.js';
import { fmtDateTime, fmtDuration, fmtOverdue } from './format.js';

const COLOR: Record<string, string> = { ok: 'green', warning: 'orange', breached: 'red' };

/** Countdown to a complaint's most urgent running deadline (or how long it is overdue); ticks every 30 s. Nothing without SLA data. */
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
  // Overdue reads as "超期 3 天", never as a long negative countdown.
  const label = remaining === null ? t(`sla.state.${sla.state}`, { defaultValue: sla.state }) : remaining <= 0 ? fmtOverdue(-remaining) : fmtDuration(remaining);
  return (
    <Tooltip title={`${kind} · ${t(`sla.status.${status}`)}${sla.dueAt ? ` · ${fmtDateTime(sla.dueAt)}` : ''}`}>
      <Tag color={COLOR[status] ?? 'default'} data-sla={status}>
        <span aria-hidden="true">{label}</span>
        <span className="sr-only">{`${kind} ${t(`sla.status.${status}`)} ${label}`}</span>
      </Tag>
    </Tooltip>
  );
}
