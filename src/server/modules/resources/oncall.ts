// "Who is on call now" (值班): the one function other modules call to fill roles from the roster.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { onCallAt, type Period, type Rotation } from './rotation.js';
import { activeSchedules, activeUserIds, overridesAt, type ScheduleRow } from './oncall.repo.js';

export interface OnCallEntry {
  userId: string;
  scheduleId: string;
  viaOverride: boolean;
}

export function rotationOf(s: ScheduleRow): Rotation {
  return { participants: JSON.parse(s.participants) as string[], period: s.period as Period, handoffTime: s.handoff_time, startsOn: s.starts_on, timeZone: s.timezone };
}

/**
 * Who holds the role `roleKey` at `at` (epoch ms; default now), one entry per active schedule that
 * has someone on call, in fallback order:
 * - with `departmentId`: that department's schedules first, then organisation-wide ones
 *   (department null);
 * - without: organisation-wide schedules first, then every department's.
 * An override covering `at` beats the rotation (`viaOverride`). Deactivated users are left out,
 * and a user is listed once (their first schedule). An empty list means nobody is rostered: the
 * caller falls back (for example to a leader).
 */
export async function onCallNow(
  db: Kysely<Database> | Transaction<Database>,
  opts: { roleKey: string; departmentId?: string | null; at?: number },
): Promise<OnCallEntry[]> {
  const at = opts.at ?? Date.now();
  const dept = opts.departmentId ?? null;
  const schedules = await activeSchedules(db, opts.roleKey, dept ? [dept, null] : 'any');
  // Fallback order: the department's own first; without one, organisation-wide first.
  const rank = (s: ScheduleRow) => (dept ? (s.department_id === dept ? 0 : 1) : s.department_id === null ? 0 : 1);
  schedules.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const overrides = await overridesAt(db, schedules.map((s) => s.id), at);
  const found: OnCallEntry[] = [];
  for (const s of schedules) {
    const mine = overrides.filter((o) => o.schedule_id === s.id).map((o) => ({ userId: o.user_id, startsAt: Number(o.starts_at), endsAt: Number(o.ends_at) }));
    const who = onCallAt(rotationOf(s), mine, at);
    if (who) found.push({ userId: who.userId, scheduleId: s.id, viaOverride: who.viaOverride });
  }
  const active = await activeUserIds(db, [...new Set(found.map((f) => f.userId))]);
  const seen = new Set<string>();
  return found.filter((f) => active.has(f.userId) && !seen.has(f.userId) && seen.add(f.userId));
}
