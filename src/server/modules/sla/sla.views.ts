// Read views of clocks: one clock's JSON, the per-complaint summary for lists, and the list's SLA filter.
import type { AppContext } from '../../context.js';
import { badRequest } from '../../platform/http/problem.js';
import type { CalendarConfig } from './calendar.js';
import { snapshotOf, type StoredTarget } from './engine.js';
import { iso } from './sla.core.js';
import * as repo from './sla.repo.js';
import type { ClockRow } from './sla.repo.js';
import type { SlaKind } from './policy.js';

export function presentClock(r: ClockRow, calendar: CalendarConfig, now: number) {
  const snap = snapshotOf(r, calendar, now);
  const target = JSON.parse(r.target) as StoredTarget;
  return {
    id: r.id,
    kind: r.kind as SlaKind,
    policyId: r.policy_id,
    state: snap.state,
    phase: snap.phase,
    status: snap.status,
    target: { durationMs: target.durationMs, mode: target.mode, warnRatio: target.warnRatio },
    startedAt: iso(r.started_at),
    dueAt: iso(snap.dueAt?.getTime()),
    warnAt: iso(snap.warnAt?.getTime()),
    remainingMs: snap.remainingMs,
    elapsedMs: snap.elapsedMs,
    budgetMs: snap.budgetMs,
    metAt: iso(r.met_at),
    breachedAt: iso(r.breached_at),
    cycles: snap.cycles.map((c) => ({ startedAt: iso(c.startedAt.getTime()), endedAt: iso(c.endedAt?.getTime()), pausedMs: c.pausedMs, budgetMs: c.budgetMs, dueAt: iso(c.dueAt?.getTime()), outcome: c.outcome })),
  };
}

export interface SlaSummary {
  kind: SlaKind;
  dueAt: string | null;
  status: 'ok' | 'warning' | 'breached';
  /** open clocks only: never stopped */
  state: 'not_started' | 'running' | 'paused' | 'stopped';
}

/**
 * The most urgent open clock per complaint, for list and detail JSON: running clocks by due time
 * (status judged at `now` from the stored instants), else a paused one.
 */
export async function slaSummaries(ctx: AppContext, complaintIds: string[]): Promise<Map<string, SlaSummary>> {
  const now = ctx.jobs.now();
  const out = new Map<string, SlaSummary & { sort: number }>();
  for (const r of await repo.openClocks(ctx.db, complaintIds)) {
    const status: SlaSummary['status'] =
      r.status === 'breached' || (r.state === 'running' && r.due_at !== null && r.due_at <= now)
        ? 'breached'
        : r.state === 'running' && r.warn_at !== null && r.warn_at <= now
          ? 'warning'
          : 'ok';
    const sort = r.state === 'running' && r.due_at !== null ? r.due_at : Number.MAX_SAFE_INTEGER;
    const prev = out.get(r.complaint_id);
    if (!prev || sort < prev.sort) out.set(r.complaint_id, { kind: r.kind as SlaKind, dueAt: iso(r.due_at), status, state: r.state as SlaSummary['state'], sort });
  }
  return new Map([...out].map(([id, { sort: _sort, ...s }]) => [id, s]));
}

/** The complaint list's SLA filters as a condition on complaints.id; undefined when none is asked. */
export function slaListFilter(ctx: AppContext, slaStatus?: string, dueBefore?: string) {
  if (!slaStatus && !dueBefore) return undefined;
  if (slaStatus && slaStatus !== 'warning' && slaStatus !== 'breached') throw badRequest('invalid_filter', 'slaStatus must be warning or breached');
  const before = dueBefore ? Date.parse(dueBefore) : undefined;
  if (before !== undefined && !Number.isFinite(before)) throw badRequest('invalid_filter', 'dueBefore must be a date-time');
  return repo.slaCondition({ status: slaStatus as 'warning' | 'breached' | undefined, dueBefore: before, now: ctx.jobs.now() });
}
