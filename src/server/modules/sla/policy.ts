// SLA policies: ordered, admin-editable JSON. For each SLA kind the first matching policy
// that defines it wins, so a narrow policy (category, channel) can override just one target
// and inherit the rest from the level's catch-all.
import { workingDayMs, type CalendarConfig, type TimeMode } from './calendar.js';
import { escalationChain, type EscalationStep } from './escalation.js';

/** Emergency level, 1 = Ⅰ 特别重大 (most severe) … 4 = Ⅳ 一般. */
export type Level = 1 | 2 | 3 | 4;
export const LEVELS: Level[] = [1, 2, 3, 4];

export type SlaKind = 'signFor' | 'firstResponse' | 'updateCadence' | 'resolution';
export const SLA_KINDS: SlaKind[] = ['signFor', 'firstResponse', 'updateCadence', 'resolution'];

export type DurationUnit = 'minutes' | 'hours' | 'days';

export interface SlaTarget {
  value: number;
  /** 'days' in working mode = working days: the calendar's working hours of one day */
  unit: DurationUnit;
  mode: TimeMode;
  /** fraction of the target at which to warn; falls back to the policy's */
  warnRatio?: number;
}

/** Absent criterion = any. */
export interface PolicyMatch {
  levels?: Level[];
  /** matches the complaint's category or any of its ancestors */
  categoryIds?: string[];
  channels?: string[];
}

export interface SlaPolicy {
  id: string;
  name: string;
  match: PolicyMatch;
  /** undefined: inherit from a later policy; null: this SLA does not apply */
  targets: Partial<Record<SlaKind, SlaTarget | null>>;
  warnRatio?: number;
  escalation?: EscalationStep[];
}

export interface PolicyContext {
  level: Level;
  /** the complaint's category first, then its ancestors */
  categoryPath?: string[];
  channel?: string;
}

export const DEFAULT_WARN_RATIO = 0.75;

const t = (value: number, unit: DurationUnit, mode: TimeMode): SlaTarget => ({ value, unit, mode });

export function defaultPolicies(): SlaPolicy[] {
  const level = (lvl: Level, name: string, targets: Record<SlaKind, SlaTarget | null>): SlaPolicy => ({
    id: `default-level-${lvl}`,
    name,
    match: { levels: [lvl] },
    targets,
    warnRatio: DEFAULT_WARN_RATIO,
    escalation: escalationChain(lvl),
  });
  return [
    level(1, 'Ⅰ 特别重大', {
      signFor: t(30, 'minutes', 'natural'),
      firstResponse: t(30, 'minutes', 'natural'),
      updateCadence: t(2, 'hours', 'natural'),
      resolution: t(24, 'hours', 'natural'),
    }),
    level(2, 'Ⅱ 重大', {
      signFor: t(30, 'minutes', 'natural'),
      firstResponse: t(1, 'hours', 'natural'),
      updateCadence: t(4, 'hours', 'natural'),
      resolution: t(2, 'days', 'working'),
    }),
    level(3, 'Ⅲ 较大', {
      signFor: t(1, 'hours', 'working'),
      firstResponse: t(4, 'hours', 'natural'),
      // "daily" for a yellow case: one working day, so no weekend updates are owed.
      updateCadence: t(1, 'days', 'working'),
      resolution: t(5, 'days', 'working'),
    }),
    level(4, 'Ⅳ 一般', {
      signFor: t(1, 'hours', 'working'),
      firstResponse: t(24, 'hours', 'natural'),
      updateCadence: null,
      resolution: t(15, 'days', 'working'),
    }),
  ];
}

function matches(m: PolicyMatch, ctx: PolicyContext): boolean {
  if (m.levels && !m.levels.includes(ctx.level)) return false;
  if (m.categoryIds && !(ctx.categoryPath ?? []).some((id) => m.categoryIds?.includes(id))) return false;
  if (m.channels && (ctx.channel === undefined || !m.channels.includes(ctx.channel))) return false;
  return true;
}

/** A target ready for a clock: duration in ms of the given mode. */
export interface ClockTarget {
  durationMs: number;
  mode: TimeMode;
  warnRatio: number;
}

export interface ResolvedSla {
  targets: Record<SlaKind, (ClockTarget & { policyId: string }) | null>;
  escalation: EscalationStep[];
}

export function targetMs(target: SlaTarget, cal: CalendarConfig): number {
  const unitMs = { minutes: 60_000, hours: 3_600_000, days: target.mode === 'working' ? workingDayMs(cal) : 86_400_000 };
  return target.value * unitMs[target.unit];
}

export function resolveSla(policies: SlaPolicy[], ctx: PolicyContext, cal: CalendarConfig): ResolvedSla {
  const matching = policies.filter((p) => matches(p.match, ctx));
  const warnRatio = matching.find((p) => p.warnRatio !== undefined)?.warnRatio ?? DEFAULT_WARN_RATIO;
  const escalation = matching.find((p) => p.escalation !== undefined)?.escalation ?? escalationChain(ctx.level);
  const targets = {} as ResolvedSla['targets'];
  for (const kind of SLA_KINDS) {
    const policy = matching.find((p) => p.targets[kind] !== undefined);
    const target = policy?.targets[kind];
    targets[kind] =
      policy && target
        ? { durationMs: targetMs(target, cal), mode: target.mode, warnRatio: target.warnRatio ?? warnRatio, policyId: policy.id }
        : null;
  }
  return { targets, escalation };
}

export { validatePolicies } from './policy.validate.js';
