// SLA policies: the document the server stores (src/server/modules/sla/policy.ts, policy.validate.ts), and
// the dialog's form shape with the conversions between them. Pure: no React, no I/O.
import { LEVELS, type Level } from '../../../shared/enums.js';

export type Kind = 'firstResponse' | 'signFor' | 'resolution' | 'updateCadence';
export const KINDS: Kind[] = ['firstResponse', 'signFor', 'resolution', 'updateCadence'];
export type Unit = 'minutes' | 'hours' | 'days';
export const UNITS: Unit[] = ['minutes', 'hours', 'days'];
export type Mode = 'natural' | 'working';
export type Notify = 'owner' | 'department_head' | 'leader';
export const NOTIFY: Notify[] = ['owner', 'department_head', 'leader'];

export interface SlaTarget {
  value: number;
  unit: Unit;
  mode: Mode;
  warnRatio?: number;
}
export interface EscalationStep {
  on: 'warning' | 'breach';
  afterMs: number;
  notify: Notify;
}
export interface SlaPolicy {
  id: string;
  name: string;
  match: { levels?: Level[]; categoryIds?: string[]; channels?: string[] };
  /** absent: inherit from a later policy; null: does not apply */
  targets: Partial<Record<Kind, SlaTarget | null>>;
  warnRatio?: number;
  escalation?: EscalationStep[];
  [extra: string]: unknown;
}
export interface PoliciesDoc {
  policies: SlaPolicy[];
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

// ---- form <-> policy ----------------------------------------------------------------------------

export type TargetState = 'inherit' | 'set' | 'none';
export interface TargetForm {
  state: TargetState;
  value?: number | null;
  unit?: Unit;
  mode?: Mode;
  warnPct?: number | null;
}
export interface StepForm {
  on: 'warning' | 'breach';
  after: number;
  afterUnit: 'minutes' | 'hours';
  notify: Notify;
}
export interface PolicyForm {
  id: string;
  name: string;
  levels: Level[];
  categoryIds: string[];
  channels: string[];
  targets: Record<Kind, TargetForm>;
  warnPct?: number | null;
  escalationMode: 'inherit' | 'custom';
  escalation: StepForm[];
}

export const HOUR = 3_600_000;
export const pct = (ratio: number | undefined) => (ratio === undefined ? null : Math.round(ratio * 10000) / 100);
export const ratio = (p: number | null | undefined) => (p === null || p === undefined ? undefined : Math.round(p * 100) / 10000);

export function toForm(p: SlaPolicy): PolicyForm {
  const targets = {} as Record<Kind, TargetForm>;
  for (const k of KINDS) {
    const tg = p.targets?.[k];
    targets[k] = tg === undefined ? { state: 'inherit', unit: 'hours', mode: 'natural' } : tg === null ? { state: 'none', unit: 'hours', mode: 'natural' } : { state: 'set', value: tg.value, unit: tg.unit, mode: tg.mode, warnPct: pct(tg.warnRatio) };
  }
  return {
    id: p.id,
    name: p.name,
    levels: p.match?.levels ?? [],
    categoryIds: p.match?.categoryIds ?? [],
    channels: p.match?.channels ?? [],
    targets,
    warnPct: pct(p.warnRatio),
    escalationMode: p.escalation === undefined ? 'inherit' : 'custom',
    escalation: (p.escalation ?? []).map((s) => (s.afterMs % HOUR === 0 ? { on: s.on, after: s.afterMs / HOUR, afterUnit: 'hours' as const, notify: s.notify } : { on: s.on, after: s.afterMs / 60_000, afterUnit: 'minutes' as const, notify: s.notify })),
  };
}

/** Keeps fields the editor does not know about (edited in by hand earlier) and drops empty criteria. */
export function fromForm(v: PolicyForm, original: SlaPolicy | null): SlaPolicy {
  const { id: _id, name: _name, match: _match, targets: _targets, warnRatio: _w, escalation: _e, ...extra } = original ?? ({} as SlaPolicy);
  const match: SlaPolicy['match'] = {};
  if (v.levels?.length) match.levels = [...v.levels].sort();
  if (v.categoryIds?.length) match.categoryIds = v.categoryIds;
  if (v.channels?.length) match.channels = v.channels;
  const targets: SlaPolicy['targets'] = {};
  for (const k of KINDS) {
    const tf = v.targets[k];
    if (tf.state === 'none') targets[k] = null;
    else if (tf.state === 'set') {
      const w = ratio(tf.warnPct);
      targets[k] = { value: Number(tf.value), unit: tf.unit ?? 'hours', mode: tf.mode ?? 'natural', ...(w !== undefined ? { warnRatio: w } : {}) };
    }
  }
  const p: SlaPolicy = { ...extra, id: v.id.trim(), name: v.name.trim(), match, targets };
  const w = ratio(v.warnPct);
  if (w !== undefined) p.warnRatio = w;
  if (v.escalationMode === 'custom') p.escalation = (v.escalation ?? []).map((s) => ({ on: s.on, afterMs: Math.round(Number(s.after) * (s.afterUnit === 'hours' ? HOUR : 60_000)), notify: s.notify }));
  return p;
}

/** Levels without a policy free of category and channel conditions (the server refuses to save then). */
export function uncoveredLevels(policies: SlaPolicy[]): Level[] {
  return LEVELS.filter((l) => !policies.some((p) => !p.match?.categoryIds && !p.match?.channels && (!p.match?.levels || p.match.levels.includes(l))));
}

export const isFallback = (p: SlaPolicy) => !p.match?.categoryIds && !p.match?.channels;

export function stepText(t: (k: string, o?: Record<string, unknown>) => string, s: EscalationStep): string {
  const after = s.afterMs === 0 ? t('slaPolicies.immediately') : s.afterMs % HOUR === 0 ? t('slaPolicies.duration.hours', { count: s.afterMs / HOUR }) : t('slaPolicies.duration.minutes', { count: Math.round(s.afterMs / 60_000) });
  return `${t(`slaPolicies.on.${s.on}`)} · ${after} · ${t(`slaPolicies.notify.${s.notify}`)}`;
}

export function newPolicy(): SlaPolicy {
  return { id: `policy-${Date.now().toString(36)}`, name: '', match: {}, targets: {} };
}
