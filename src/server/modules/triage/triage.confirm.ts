import type { Actor } from '../../platform/auth/actor.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { recordActivity } from '../complaints/activity.js';
import { canSee } from '../complaints/complaint.policy.js';
import { checkLevelChange } from '../complaints/level-change.js';
import { holdOut } from './holdout.js';
import { adjustLevel, type SeverityLevel } from './severity.js';
import { parseStoredExplanation, storeExplanation } from './severity.explain.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';

/** Staff confirm or override a triage (category and level); the confirmation teaches the model. */
export async function confirmTriage(svc: TriageService, actor: Actor, id: string, body: { categoryId: string; level: number; reason?: string }): Promise<void> {
  const db = svc.ctx.db;
  await svc.init();
  const c = await repo.complaintForTriage(db, id);
  if (!c || !canSee(actor, c)) throw notFound('Complaint');
  if (!svc.categories.has(body.categoryId)) await svc.refresh(true);
  const cat = svc.categories.get(body.categoryId);
  if (!cat) throw badRequest('unknown_category', `No category ${body.categoryId}`);
  const [t] = await repo.triageRows(db, [id]);
  const overridden = body.categoryId !== (t?.suggested_category_id ?? null) || body.level !== (t?.level ?? null);
  const reason = body.reason?.trim() || null;
  if (overridden && !reason) throw badRequest('reason_required', 'Say why you override the triage suggestion');
  // Lowering the complaint's level is the same decision here as in a PATCH (level-change.ts).
  const lowering = checkLevelChange(actor, c.level, body.level, reason ?? undefined);
  const now = Date.now();
  // One in five confirmations of a category that already has enough examples is kept out of training
  // to measure the model (holdout.ts); the decision is stored, so it never teaches the model later.
  const heldOut = holdOut(id, await repo.countLabelled(db, body.categoryId), svc.settings.minConfirmedPerClass);
  await db.transaction().execute(async (trx) => {
    const patch: Parameters<typeof repo.updateComplaintTriaged>[3] = { level: body.level, category_id: body.categoryId, updated_at: now };
    if (!c.department_id && cat.defaultDepartmentId) patch.department_id = cat.defaultDepartmentId;
    if (!(await repo.updateComplaintTriaged(trx, id, c.version, patch))) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
    const base = { confirmed_by: actor.id, confirmed_at: now, confirmed_category_id: body.categoryId, confirmed_level: body.level, overridden: overridden ? 1 : 0, override_reason: reason, held_out: heldOut ? 1 : 0, updated_at: now };
    // The explanation says why the level is what it is: a level staff set is its last line.
    const stored = parseStoredExplanation(t?.explanation);
    if (t && stored && stored.level !== body.level) {
      const explanation = storeExplanation(adjustLevel(stored, { kind: 'override', level: body.level as SeverityLevel, ...(reason ? { reason } : {}) }));
      await repo.updateTriage(trx, id, { ...base, explanation });
    } else if (t) await repo.updateTriage(trx, id, base);
    else await repo.insertTriage(trx, { complaint_id: id, status: 'ok', attempts: 0, alternatives: '[]', category_applied: 0, personal_safety: 0, fast_path: 0, mass: 0, created_at: now, ...base });
    await recordActivity(trx, {
      complaintId: id,
      actorId: actor.id,
      kind: overridden ? 'triage_overridden' : 'triage_confirmed',
      body: reason,
      data: { categoryId: body.categoryId, level: body.level, suggested: { categoryId: t?.suggested_category_id ?? null, level: t?.level ?? null }, from: { categoryId: c.category_id, level: c.level }, ...(lowering ? { levelLowered: lowering } : {}) },
      at: now,
    });
    await svc.ctx.events.emit(trx, 'complaint.updated', { complaintId: id, changes: ['category_id', 'level'], by: 'triage_confirmation' });
  });
  svc.ctx.events.flush();
  if (!heldOut) await svc.model.learn(id, `${c.subject}\n${c.description}`, body.categoryId, now);
}
