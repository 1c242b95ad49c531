import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { badRequest } from '../../platform/http/problem.js';
import { maskEmail, maskName, maskPhone } from '../../platform/crypto/mask.js';
import { LEVEL_NUMERALS, type Level, type Status } from '../../../shared/enums.js';
import { canSee } from '../complaints/complaint.policy.js';
import { fullPhone, guardContactLookup } from '../complaints/phone-lookup.js';
import { assessSeverity } from './severity.js';
import { localeOf } from './severity.explain.js';
import { findRepeatOf } from './repeat.js';
import type { IntakeInput, Person } from './triage.intake.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';

/** Preview of a complaint being typed in, and lookup of a person's earlier complaints. */

const OPEN_STATUSES = new Set(['received', 'triaged', 'assigned', 'in_progress', 'returned', 'waiting', 'replied', 'follow_up']);

/** What triage would say about a complaint being typed in (nothing is written or indexed). */
export async function previewTriage(svc: TriageService, actor: Actor, body: { subject: string; description: string; channel?: string; phone?: string; email?: string; categoryId?: string; flags?: IntakeInput['flags'] }) {
  await svc.init();
  await svc.refresh();
  const fc = svc.ctx.fieldCrypto;
  const now = Date.now();
  const text = `${body.subject}\n${body.description}`;
  const prediction = svc.classify(text);
  const suggested = prediction.label && svc.categories.get(prediction.label)?.active ? prediction.label : null;
  // The caller's history only for roles that may look people up, by a whole number (counted, audited);
  // a number still being typed is not looked up.
  const mayLookUp = can(actor, 'complainant.lookup');
  const bidx = mayLookUp
    ? await guardContactLookup(svc.ctx, actor, { phone: fullPhone(body.phone) ? body.phone : undefined, email: fc.blindIndex('email', body.email) ? body.email : undefined }, 'triage.preview')
    : { phone: null, email: null };
  // Only complaints the actor may see: the preview must not confirm that a hidden one exists
  // (not as a repeat, nor through the repeat factor of the level).
  const persons = (await repo.complaintsByPerson(svc.ctx.db, bidx, now - svc.settings.repeatWindowDays * 86_400_000)).filter((p) => canSee(actor, p));
  const category = body.categoryId ?? suggested;
  const repeatOf = findRepeatOf(
    { id: '', complainantIndex: 'p', categoryId: category, at: new Date(now) },
    persons.map((p) => ({ id: p.id, complainantIndex: 'p', categoryId: p.category_id ?? p.suggested_category_id, at: new Date(Number(p.created_at)) })),
    { windowDays: svc.settings.repeatWindowDays },
  );
  const matches = svc.tracker.index.findSimilar(text, { within: svc.tracker.linkWithinMs, at: new Date(now), limit: 20 });
  const byId = new Map((await repo.complaintsByIds(svc.ctx.db, matches.map((m) => m.id))).map((c) => [c.id, c]));
  const tri = await svc.presentFor(matches.map((m) => m.id));
  const similar = matches
    .map((m) => ({ m, c: byId.get(m.id) }))
    .filter((x): x is { m: (typeof matches)[number]; c: NonNullable<typeof x.c> } => !!x.c && OPEN_STATUSES.has(x.c.status) && canSee(actor, x.c))
    .slice(0, 10)
    .map(({ m, c }) => ({ id: c.id, trackingNo: c.tracking_no, subject: c.subject, status: c.status as Status, level: c.level, similarity: m.similarity, cluster: tri.get(c.id)?.cluster ?? null, createdAt: new Date(Number(c.created_at)).toISOString() }));
  const massCluster = similar.some((s) => s.cluster?.mass);
  const sev = assessSeverity({ subject: body.subject, description: body.description, flags: body.flags, repeat: !!repeatOf, massCluster }, svc.rules, localeOf(actor.locale));
  const history = presentPersons(svc, actor, persons);
  return {
    suggestion: suggested ? { categoryId: suggested, confidence: prediction.confidence, source: prediction.source as 'model' | 'rules' /* a label: never 'none' */, alternatives: prediction.alternatives.filter((a) => svc.categories.get(a.label)?.active).map((a) => ({ categoryId: a.label, confidence: a.confidence })), wouldApply: svc.model.autoApply(prediction, suggested), calibrated: svc.model.calibratedFor(prediction, suggested) } : null,
    level: sev.level,
    levelLabel: LEVEL_NUMERALS[sev.level as Level],
    explanation: sev.explanation,
    factors: sev.factors,
    ruleVersion: sev.ruleVersion,
    personalSafety: sev.personalSafety,
    fastPath: sev.fastPath,
    detectedFlags: sev.flags,
    similar,
    repeat: history.find((h) => h.id === repeatOf) ?? null,
    earlierComplaints: history,
  };
}

function presentPersons(svc: TriageService, actor: Actor, persons: Person[]) {
  const fc = svc.ctx.fieldCrypto;
  return persons
    .filter((p) => canSee(actor, p))
    .map((p) => ({
      id: p.id,
      trackingNo: p.tracking_no,
      subject: p.subject,
      status: p.status as Status,
      level: p.level,
      categoryId: p.category_id ?? p.suggested_category_id,
      createdAt: new Date(Number(p.created_at)).toISOString(),
      complainant: { name: maskName(fc.decrypt(p.name_enc)), phone: maskPhone(fc.decrypt(p.phone_enc)), email: maskEmail(fc.decrypt(p.email_enc)), masked: true as const },
    }));
}

/** Earlier complaints of a person, found through the blind index (audited; visibility applies). */
export async function lookupPerson(svc: TriageService, actor: Actor, q: { phone?: string; email?: string }) {
  if (!q.phone?.trim() && !q.email?.trim()) throw badRequest('contact_required', 'Give a phone number or an email address');
  const bidx = await guardContactLookup(svc.ctx, actor, q, 'complainants.lookup');
  const persons = await repo.complaintsByPerson(svc.ctx.db, bidx, 0, 200);
  return { items: presentPersons(svc, actor, persons) };
}
