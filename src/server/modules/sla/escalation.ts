// Who is told when an SLA clock warns or breaches. Default chain per the product spec:
// handler → department head → leader (升级督办).
import type { Level } from './policy.js';

export type EscalationRole = 'owner' | 'department_head' | 'leader';

export interface EscalationStep {
  /** the clock instant the step hangs off */
  on: 'warning' | 'breach';
  /** natural-time delay after that instant; an unhandled breach escalates by the clock on the wall */
  afterMs: number;
  notify: EscalationRole;
}

const HOUR = 3_600_000;
const LEADER_DELAY_HOURS: Record<Level, number> = { 1: 1, 2: 2, 3: 4, 4: 8 };

export function escalationChain(level: Level): EscalationStep[] {
  return [
    { on: 'warning', afterMs: 0, notify: 'owner' },
    { on: 'breach', afterMs: 0, notify: 'department_head' },
    { on: 'breach', afterMs: LEADER_DELAY_HOURS[level] * HOUR, notify: 'leader' },
  ];
}

const ROLES: EscalationRole[] = ['owner', 'department_head', 'leader'];

export function validateEscalation(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) return [`${path} must be a list of steps`];
  const errors: string[] = [];
  value.forEach((s: any, i) => {
    const at = `${path}[${i}]`;
    if (typeof s !== 'object' || s === null) return void errors.push(`${at} must be an object`);
    for (const k of Object.keys(s)) if (!['on', 'afterMs', 'notify'].includes(k)) errors.push(`${at}.${k} is not a known field`);
    if (s.on !== 'warning' && s.on !== 'breach') errors.push(`${at}.on must be "warning" or "breach"`);
    if (!Number.isFinite(s.afterMs) || s.afterMs < 0) errors.push(`${at}.afterMs must be a number of ms >= 0`);
    if (!ROLES.includes(s.notify)) errors.push(`${at}.notify must be one of ${ROLES.join(', ')}`);
  });
  return errors;
}
