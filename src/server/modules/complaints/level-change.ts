import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import type { Db } from '../../platform/db/index.js';
import { badRequest, forbidden } from '../../platform/http/problem.js';

/**
 * Level changes. Level Ⅰ is the most serious; lowering a level (a higher number) takes a reason and
 * `triage.override`, and does not lift the plan approval the complaint already needed: that follows
 * the highest level the complaint has had, unless the lowering was a leader's (one who decides plans).
 */
export interface Lowering {
  from: number;
  to: number;
  /** A leader lowered it: plan approval follows the new level from here on. */
  clearsPlan: boolean;
}

export function checkLevelChange(actor: Actor, from: number, to: number, reason: string | undefined): Lowering | undefined {
  if (to <= from) return undefined;
  if (!can(actor, 'triage.override')) throw forbidden('Lowering a complaint’s level needs the triage.override permission');
  if (!reason?.trim()) throw badRequest('reason_required', 'Say why the level is lowered');
  return { from, to, clearsPlan: can(actor, 'plan.decide') };
}

/** The level plan approval is decided by: the highest (lowest number) since a leader last cleared it. */
export async function planApprovalLevel(db: Db, complaintId: string, current: number): Promise<number> {
  // Levels are changed by a PATCH (updated) or a triage confirmation/override.
  const rows = await db.selectFrom('timeline').select('data').where('complaint_id', '=', complaintId).where('kind', 'in', ['updated', 'triage_confirmed', 'triage_overridden']).orderBy('id').execute();
  // Raises need no record here: a raised level is either still current or the `from` of a later lowering.
  let peak = current;
  for (const r of rows) {
    const d = JSON.parse(r.data) as { levelLowered?: Lowering };
    if (!d.levelLowered) continue;
    peak = d.levelLowered.clearsPlan ? d.levelLowered.to : Math.min(peak, d.levelLowered.from);
  }
  return Math.min(peak, current);
}
