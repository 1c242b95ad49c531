import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { notFound } from '../../platform/http/problem.js';
import * as repo from './complaint.repo.js';
import { canSee } from './complaint.policy.js';

/** Loads a complaint the actor may see, or answers 404. */
export async function loadVisible(ctx: AppContext, actor: Actor, id: string) {
  const c = await repo.getComplaint(ctx.db, id);
  // Someone outside the complaint's departments learns nothing, not even that it exists.
  if (!c || !canSee(actor, c)) throw notFound('Complaint');
  return c;
}
