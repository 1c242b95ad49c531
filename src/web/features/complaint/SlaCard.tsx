import { useCallback, useEffect, useState } from 'react';
import { Card, Collapse, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ComplaintDetail, Extension, SlaClock, Supervision } from '../../api/types.js';
import { fmtDateTime, fmtDuration, fmtOverdue } from '../../components/format.js';
import { DeadlineActions } from './DeadlineActions.js';

const COLOR = { ok: 'green', warning: 'orange', breached: 'red' } as const;

/** Every SLA clock of the complaint: state, remaining time, due time, and its cycles (pauses, reopenings). */
export function SlaCard({ complaint, version, onChanged }: { complaint: ComplaintDetail; version: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const complaintId = complaint.id;
  const [clocks, setClocks] = useState<SlaClock[] | null>(null);
  const [extensions, setExtensions] = useState<Extension[]>([]);
  const [supervisions, setSupervisions] = useState<Supervision[]>([]);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(() => {
    api.get<{ items: SlaClock[] }>(`/complaints/${complaintId}/sla`).then((r) => setClocks(r.items), () => setClocks(null));
    api.get<{ items: Extension[] }>(`/complaints/${complaintId}/extensions`).then((r) => setExtensions(r.items), () => setExtensions([]));
    api.get<{ items: Supervision[] }>(`/complaints/${complaintId}/supervision`).then((r) => setSupervisions(r.items), () => setSupervisions([]));
  }, [complaintId]);
  useEffect(load, [load, version]);
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, []);

  if (!clocks) return null;
  return (
    <Card size="small" title={t('sla.title')} style={{ marginBottom: 12 }} data-testid="sla-card">
      {clocks.length === 0 && <Typography.Text type="secondary">{t('sla.none')}</Typography.Text>}
      {clocks.map((c) => {
        const running = c.state === 'running' && c.dueAt;
        const remaining = running ? Date.parse(c.dueAt!) - now : c.remainingMs;
        const status = running && remaining !== null && remaining <= 0 ? 'breached' : c.status;
        const pct = c.budgetMs && c.elapsedMs !== null ? Math.min(100, Math.round((c.elapsedMs / c.budgetMs) * 100)) : undefined;
        return (
          <div key={c.id} style={{ marginBottom: 10 }} data-sla-kind={c.kind} data-sla-status={status}>
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
              <Typography.Text strong>{t(`sla.kind.${c.kind}`, { defaultValue: c.kind })}</Typography.Text>
              <span>
                <Tag>{t(`sla.state.${c.state}`, { defaultValue: c.state })}</Tag>
                <Tag color={COLOR[status]} data-sla={status}>
                  {t(`sla.status.${status}`)}
                </Tag>
              </span>
            </div>
            {pct !== undefined && c.state !== 'met' && <Progress aria-label={`${t(`sla.kind.${c.kind}`, { defaultValue: c.kind })}: ${pct}%`} percent={pct} size="small" showInfo={false} status={status === 'breached' ? 'exception' : status === 'warning' ? 'active' : 'normal'} strokeColor={status === 'warning' ? '#d46b08' : undefined} />}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.dueAt && `${t('sla.dueAt')} ${fmtDateTime(c.dueAt)}`}
              {remaining !== null && running ? ` · ${remaining > 0 ? `${t('sla.remaining')} ${fmtDuration(remaining)}` : fmtOverdue(-remaining)}` : ''}
              {c.metAt ? ` · ${t('sla.metAt')} ${fmtDateTime(c.metAt)}` : ''}
              {c.breachedAt ? ` · ${t('sla.breachedAt')} ${fmtDateTime(c.breachedAt)}` : ''}
            </Typography.Text>
            {c.cycles.length > 1 && (
              <Collapse
                size="small"
                ghost
                items={[
                  {
                    key: 'h',
                    label: `${t('sla.history')} (${c.cycles.length})`,
                    children: (
                      <ol style={{ margin: 0, paddingLeft: 18, fontSize: 12 }}>
                        {c.cycles.map((y, i) => (
                          <li key={i}>
                            {fmtDateTime(y.startedAt)} → {y.endedAt ? fmtDateTime(y.endedAt) : '…'}
                            {y.pausedMs ? ` · ${t('sla.paused')} ${fmtDuration(y.pausedMs)}` : ''}
                            {y.outcome ? ` · ${t(`sla.state.${y.outcome}`, { defaultValue: y.outcome })}` : ''}
                          </li>
                        ))}
                      </ol>
                    ),
                  },
                ]}
              />
            )}
          </div>
        );
      })}
      <DeadlineActions
        complaint={complaint}
        clocks={clocks}
        extensions={extensions}
        supervisions={supervisions}
        onChanged={() => {
          load();
          onChanged();
        }}
      />
    </Card>
  );
}
