import { AppError, conflict, notFound } from '../../platform/http/problem.js';
import { recordActivity } from '../complaints/activity.js';
import { adjustLevel, assessSeverity, type SeverityLevel } from './severity.js';
import { storeExplanation } from './severity.explain.js';
import { computeTriage, persistTriage, type IntakeInput } from './triage.intake.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';

/** Triage after intake: re-runs (retry job, staff request) and the mass-complaint raise of a cluster. */

/** Runs triage again for a stored complaint (retry job, or staff asking for it). Throws on failure. */
export async function rerunTriage(svc: TriageService, id: string, actorId: string | null): Promise<void> {
  await svc.init();
  await svc.refresh();
  const db = svc.ctx.db;
  const c = await repo.complaintForTriage(db, id);
  if (!c) throw notFound('Complaint');
  const [existing] = await repo.triageRows(db, [id]);
  const persons = await repo.complaintsByPerson(db, { phone: c.phone_bidx, email: c.email_bidx }, Number(c.created_at) - svc.settings.repeatWindowDays * 86_400_000);
  const confirmed = !!existing?.confirmed_at;
  const input: IntakeInput = {
    id,
    subject: c.subject,
    description: c.description,
    channel: c.channel,
    locationText: c.location_text,
    flags: { personalSafety: !!c.flag_personal_safety, propertyLoss: !!c.flag_property_loss, mediaAttention: !!c.flag_media_attention, vulnerableGroup: !!c.flag_vulnerable_group },
    categoryId: c.category_id,
    level: existing?.requested_level ?? null,
    phoneBidx: c.phone_bidx,
    emailBidx: c.email_bidx,
    at: Number(c.created_at),
  };
  const p = computeTriage(svc, input, persons, { assignCluster: true, mass: !!existing?.mass || !!existing?.cluster_mass, requestedLevel: existing?.requested_level ?? null, clusterId: existing?.cluster_id });
  p.row.attempts = Number(existing?.attempts ?? 0) + 1;
  p.row.created_at = Number(existing?.created_at ?? p.row.created_at);
  if (existing) {
    Object.assign(p.row, {
      confirmed_by: existing.confirmed_by,
      confirmed_at: existing.confirmed_at,
      confirmed_category_id: existing.confirmed_category_id,
      confirmed_level: existing.confirmed_level,
      overridden: existing.overridden,
      override_reason: existing.override_reason,
      mass: Math.max(Number(p.row.mass), Number(existing.mass)),
    });
  }
  // A level staff confirmed stands, and the explanation says so.
  const sev = p.severity!;
  if (confirmed && existing.confirmed_level && existing.confirmed_level !== sev.level) {
    p.row.explanation = storeExplanation(adjustLevel(sev, { kind: 'override', level: existing.confirmed_level as SeverityLevel, ...(existing.override_reason ? { reason: existing.override_reason } : {}) }));
  }
  const patch: Parameters<typeof repo.updateComplaintTriaged>[3] = { updated_at: Date.now() };
  // A staff confirmation stands: re-triage then only refreshes the suggestion and explanation.
  if (!confirmed) {
    if (p.apply.level !== c.level) patch.level = p.apply.level;
    if (p.apply.categoryId && p.apply.categoryId !== c.category_id) {
      patch.category_id = p.apply.categoryId;
      if (!c.department_id && p.apply.departmentId) patch.department_id = p.apply.departmentId;
    }
    if (p.apply.personalSafety && !c.flag_personal_safety) patch.flag_personal_safety = 1;
  }
  await db.transaction().execute(async (trx) => {
    if (Object.keys(patch).length > 1 && !(await repo.updateComplaintTriaged(trx, id, c.version, patch))) throw conflict('stale_version', 'The complaint changed meanwhile; try again');
    await recordActivity(trx, await persistTriage(svc, trx, p, actorId, { rerun: true }));
    if (Object.keys(patch).length > 1) await svc.ctx.events.emit(trx, 'complaint.updated', { complaintId: id, changes: Object.keys(patch).filter((k) => k !== 'updated_at'), by: 'triage' });
  });
  svc.ctx.events.flush();
}

/** The `triage.retry` job: a failed triage is run again; the job runner retries with backoff. */
export async function retryTriageJob(svc: TriageService, complaintId: string): Promise<void> {
  try {
    await rerunTriage(svc, complaintId, null);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return;
    await repo
      .updateTriage(svc.ctx.db, complaintId, { status: 'failed', error: String((err as Error)?.message ?? err).slice(0, 1000), attempts: ((await repo.triageRows(svc.ctx.db, [complaintId]))[0]?.attempts ?? 0) + 1, updated_at: Date.now() })
      .catch(() => undefined);
    throw err;
  }
}

/**
 * A cluster became a mass complaint: its earlier members are graded again as members of one, so
 * their level and explanation agree. The level only rises; a level staff confirmed stands.
 */
export async function massRaiseJob(svc: TriageService, clusterId: string): Promise<void> {
  const members = await repo.clusterMembersToGrade(svc.ctx.db, clusterId);
  for (const m of members) {
    if (m.mass) continue;
    const now = Date.now();
    const flags = { personalSafety: !!m.flag_personal_safety, propertyLoss: !!m.flag_property_loss, mediaAttention: !!m.flag_media_attention, vulnerableGroup: !!m.flag_vulnerable_group };
    const rules = assessSeverity({ subject: m.subject, description: m.description, flags, repeat: !!m.repeat_of_id, massCluster: true }, svc.rules);
    let graded = m.requested_level ? adjustLevel(rules, { kind: 'requestedLevel', level: m.requested_level as SeverityLevel }) : rules;
    const to = m.confirmed_at ? m.level : Math.min(m.level, graded.level);
    if (to !== graded.level) graded = adjustLevel(graded, m.confirmed_at ? { kind: 'override', level: to as SeverityLevel, ...(m.override_reason ? { reason: m.override_reason } : {}) } : { kind: 'requestedLevel', level: to as SeverityLevel });
    await svc.ctx.db.transaction().execute(async (trx) => {
      if (to !== m.level && !(await repo.updateComplaintTriaged(trx, m.id, m.version, { level: to, updated_at: now }))) throw conflict('stale_version', 'changed meanwhile; retried');
      await repo.updateTriage(trx, m.id, { mass: 1, level: rules.level, explanation: storeExplanation(graded), updated_at: now });
      await recordActivity(trx, { complaintId: m.id, actorId: null, kind: 'triaged', data: { massCluster: clusterId, from: m.level, to, level: rules.level, ruleVersion: svc.rules.version, reason: 'massCluster' }, at: now });
      if (to !== m.level) await svc.ctx.events.emit(trx, 'complaint.updated', { complaintId: m.id, changes: ['level'], by: 'triage' });
    });
  }
  svc.ctx.events.flush();
}
