import type { Insertable, Transaction } from 'kysely';
import type { ComplaintTriageTable, Database } from '../../platform/db/schema.js';
import { enqueue } from '../../platform/jobs/jobs.js';
import type { Activity } from '../complaints/activity.js';
import { adjustLevel, assessSeverity, worded, type SeverityLevel, type SeverityResult } from './severity.js';
import { storeExplanation, type Locale } from './severity.explain.js';
import type { ClusterAssignment } from './clusters.js';
import { signatureToString } from './similarity.js';
import { matchEvent } from './event-intake.js';
import { findRepeatOf, type RepeatCandidate } from './repeat.js';
import { presentTriage, type TriageJson } from './triage.presenter.js';
import type { TriageService } from './triage.service.js';
import * as repo from './triage.repo.js';

/** Intake: what triage decides for a new complaint, and how that is written with it. */

export interface IntakeInput {
  id: string;
  subject: string;
  description: string;
  channel: string;
  locationText: string | null;
  /** Where the caller is (the same-event matcher compares places by distance when both have it). */
  lat?: number | null;
  lng?: number | null;
  flags: { personalSafety?: boolean; propertyLoss?: boolean; mediaAttention?: boolean; vulnerableGroup?: boolean };
  /** Set by the request (an agent's explicit choice). */
  categoryId: string | null;
  level: number | null;
  phoneBidx: string | null;
  emailBidx: string | null;
  at: number;
}

/** What triage decided for a new complaint, before it is written. */
export interface Prepared {
  input: IntakeInput;
  row: Insertable<ComplaintTriageTable>;
  /** Values for the complaint row. */
  apply: { level: number; categoryId: string | null; departmentId: string | null; personalSafety: boolean };
  signature?: string;
  /** The event matcher's features (JSON), stored with the signature. */
  eventFeatures?: string;
  assignment?: ClusterAssignment;
  /** Clusters (root ids) the new complaint linked, before linking. */
  roots: string[];
  repeatTrackingNo: string | null;
  /** The rules' assessment with an explicit intake level applied, worded in the organisation's language. */
  severity?: SeverityResult;
}

export type Person = Awaited<ReturnType<typeof repo.complaintsByPerson>>[number];

/**
 * Judges a new complaint before it is written. Never throws: a failure is returned as a failed
 * triage (the complaint is still created, and a retry job is written with it).
 */
export async function prepareTriage(svc: TriageService, input: IntakeInput): Promise<Prepared> {
  try {
    await svc.init();
    const persons = await repo.complaintsByPerson(svc.ctx.db, { phone: input.phoneBidx, email: input.emailBidx }, input.at - svc.settings.repeatWindowDays * 86_400_000);
    await svc.refresh();
    return computeTriage(svc, input, persons, { assignCluster: true, mass: false, requestedLevel: input.level });
  } catch (err) {
    svc.ctx.log.warn({ err, complaintId: input.id }, 'triage failed at intake; the complaint is kept and triage retried');
    const now = Date.now();
    return {
      input,
      roots: [],
      repeatTrackingNo: null,
      apply: { level: input.level ?? 4, categoryId: input.categoryId, departmentId: null, personalSafety: !!input.flags.personalSafety },
      row: {
        complaint_id: input.id,
        status: 'failed',
        error: String((err as Error)?.message ?? err).slice(0, 1000),
        attempts: 1,
        alternatives: '[]',
        requested_level: input.level,
        category_applied: 0,
        personal_safety: 0,
        fast_path: 0,
        mass: 0,
        overridden: 0,
        created_at: now,
        updated_at: now,
      },
    };
  }
}

/** The pure part: classification, repeat, cluster (mutates the in-memory index) and severity. */
export function computeTriage(svc: TriageService, input: IntakeInput, persons: Person[], o: { assignCluster: boolean; mass: boolean; requestedLevel: number | null; clusterId?: string | null }): Prepared {
  const s = svc.settings;
  const text = `${input.subject}\n${input.description}`;
  const prediction = svc.classify(text);
  const suggested = prediction.label && svc.categories.get(prediction.label)?.active ? prediction.label : null;
  // Applied without staff only from a model calibrated for that category, above its threshold (calibration.ts).
  const applied = !input.categoryId && suggested && svc.model.autoApply(prediction, suggested) ? suggested : null;
  const effectiveCategory = input.categoryId ?? applied ?? suggested;

  const at = new Date(input.at);
  const earlier: RepeatCandidate[] = persons
    .filter((p) => p.id !== input.id && Number(p.created_at) <= input.at)
    .map((p) => ({ id: p.id, complainantIndex: 'same-person', categoryId: p.category_id ?? p.suggested_category_id, at: new Date(Number(p.created_at)) }));
  const repeatOf = findRepeatOf({ id: input.id, complainantIndex: 'same-person', categoryId: effectiveCategory, at }, earlier, { windowDays: s.repeatWindowDays });

  let assignment: ClusterAssignment | undefined;
  let signature: string | undefined;
  let eventFeatures: string | undefined;
  let roots: string[] = [];
  // A complaint with a stored cluster keeps it: if it is not in the index, it was evicted (older than
  // the link window) or lost in a restart, and the stored cluster_id is the history.
  if (o.assignCluster && !svc.tracker.index.has(input.id) && !o.clusterId) {
    const sig = svc.tracker.index.signature(text);
    // Independent callers' reports of one event join it as near-duplicates do.
    const event = matchEvent(svc.events, svc.tracker, { ...input, categoryId: effectiveCategory });
    eventFeatures = event.stored;
    const a = svc.tracker.assignSignature(input.id, sig, { at, location: input.locationText ?? undefined, categoryId: effectiveCategory ?? undefined }, event.links, event.otherAddress);
    roots = a.linkedClusters;
    assignment = a;
    signature = signatureToString(sig);
  }
  const mass = assignment?.mass ?? o.mass;

  const locale = svc.ctx.config.locale;
  const rules = assessSeverity({ subject: input.subject, description: input.description, flags: input.flags, repeat: !!repeatOf, massCluster: mass }, svc.rules, locale);
  // An explicit level is a floor on severity: triage may raise it, never lower it (under-rating a
  // dangerous complaint is the costly mistake); staff lower it through confirm/override with a reason.
  const severity = o.requestedLevel ? worded(adjustLevel(rules, { kind: 'requestedLevel', level: o.requestedLevel as SeverityLevel }), locale) : rules;
  const level = severity.level;
  const fastPath = severity.fastPath;
  const clusterId = assignment ? (assignment.size > 1 ? assignment.clusterId : null) : (o.clusterId ?? null);
  const now = Date.now();
  return {
    input,
    signature,
    eventFeatures,
    assignment,
    roots,
    severity,
    repeatTrackingNo: repeatOf ? (persons.find((p) => p.id === repeatOf)?.tracking_no ?? null) : null,
    apply: {
      level,
      categoryId: input.categoryId ?? applied,
      departmentId: applied ? (svc.categories.get(applied)?.defaultDepartmentId ?? null) : null,
      personalSafety: !!input.flags.personalSafety || severity.personalSafety,
    },
    row: {
      complaint_id: input.id,
      status: 'ok',
      error: null,
      attempts: 1,
      suggested_category_id: suggested,
      confidence: suggested ? prediction.confidence : null,
      alternatives: JSON.stringify(prediction.alternatives.filter((a) => svc.categories.get(a.label)?.active)),
      source: suggested ? prediction.source : 'none',
      model_version: prediction.source === 'model' ? svc.activeModelVersion : null,
      category_applied: applied ? 1 : 0,
      calibrated: suggested && svc.model.calibratedFor(prediction, suggested) ? 1 : 0,
      requested_level: o.requestedLevel,
      level: rules.level,
      explanation: storeExplanation(severity),
      rule_version: severity.ruleVersion,
      personal_safety: severity.personalSafety ? 1 : 0,
      fast_path: fastPath ? 1 : 0,
      cluster_id: clusterId,
      repeat_of_id: repeatOf,
      mass: mass ? 1 : 0,
      overridden: 0,
      created_at: now,
      updated_at: now,
    },
  };
}

/**
 * Writes a triage in the complaint's transaction: row, signature, cluster, events, retry job. Returns
 * its `triaged` / `triage_failed` activity for the caller to record — with its own, in one go, late
 * in the transaction (the audit head stays locked from then until commit).
 */
export async function persistTriage(svc: TriageService, trx: Transaction<Database>, p: Prepared, actorId: string | null, opts: { rerun?: boolean } = {}): Promise<Activity> {
  const { ctx } = svc;
  const row = p.row;
  const id = row.complaint_id;
  const now = Number(row.updated_at);
  await repo.upsertTriage(trx, row);
  if (p.signature) {
    await repo.insertSignature(trx, {
      complaint_id: id,
      signature: p.signature,
      cluster_id: row.cluster_id ?? null,
      category_id: p.apply.categoryId ?? row.suggested_category_id ?? null,
      location: p.input.locationText,
      origin: svc.origin,
      event_features: p.eventFeatures ?? null,
      created_at: now,
    });
  }
  const a = p.assignment;
  if (a && a.size > 1) {
    const existing = await repo.getCluster(trx, a.clusterId);
    // A new cluster, or clusters merged by this complaint: point every member at the surviving id.
    if (!existing || p.roots.some((r) => r !== a.clusterId)) await repo.relinkCluster(trx, a.clusterId, [...p.roots, a.clusterId]);
    if (existing) await repo.upsertCluster(trx, { ...existing, size: a.size, last_at: now, updated_at: now });
    else {
      const root = (await repo.complaintsByIds(trx, [a.clusterId]))[0];
      await repo.upsertCluster(trx, { id: a.clusterId, size: a.size, first_at: Number(root?.created_at ?? now), last_at: now, mass: 0, mass_at: null, representative_id: a.clusterId, subject: root?.subject ?? p.input.subject, updated_at: now });
    }
    if (a.mass && (await repo.markClusterMass(trx, a.clusterId, now))) {
      const members = svc.tracker.members(a.clusterId);
      // complaintId: the cluster's first complaint, so notifications and the live log can name it.
      await ctx.events.emit(trx, 'triage.mass_complaint', { clusterId: a.clusterId, complaintId: a.clusterId, size: a.size, sizeInWindow: a.sizeInWindow, complaintIds: [...members] });
      await enqueue(trx, { type: 'triage.mass_raise', payload: { clusterId: a.clusterId }, dedupeKey: `triage.mass_raise:${a.clusterId}` }, now);
    }
  }
  if (row.status === 'ok') {
    const sev = p.severity!;
    if (row.fast_path) await ctx.events.emit(trx, 'triage.fast_path', { complaintId: id, level: p.apply.level, personalSafety: sev.personalSafety, factors: sev.factors.map((f) => f.factor) });
    return {
      complaintId: id,
      actorId,
      kind: 'triaged',
      data: {
        rerun: !!opts.rerun,
        suggestion: row.suggested_category_id ? { categoryId: row.suggested_category_id, confidence: row.confidence, source: row.source, applied: !!row.category_applied, calibrated: !!row.calibrated, modelVersion: row.model_version } : null,
        level: row.level,
        appliedLevel: p.apply.level,
        requestedLevel: row.requested_level ?? null,
        ruleVersion: sev.ruleVersion,
        explanation: sev.explanation,
        factors: sev.factors,
        personalSafety: sev.personalSafety,
        fastPath: !!row.fast_path,
        clusterId: row.cluster_id ?? null,
        repeatOf: row.repeat_of_id ?? null,
        mass: !!row.mass,
      },
      at: now,
    };
  }
  await enqueue(trx, { type: 'triage.retry', payload: { complaintId: id }, dedupeKey: `triage.retry:${id}`, replace: true, runAt: now + svc.settings.retryDelayMs, maxAttempts: 10 }, now);
  return { complaintId: id, actorId, kind: 'triage_failed', data: { error: row.error, attempts: row.attempts }, at: now };
}

/** The `triage` JSON of a just-prepared complaint (no query). */
export function presentPrepared(p: Prepared, locale: Locale): TriageJson {
  const a = p.assignment;
  const defaults = {
    suggested_category_id: null, confidence: null, source: null, model_version: null, requested_level: null, level: null, explanation: null, rule_version: null,
    cluster_id: null, repeat_of_id: null, confirmed_by: null, confirmed_at: null, confirmed_category_id: null, confirmed_level: null, override_reason: null, error: null,
  };
  return presentTriage({
    ...defaults,
    ...(p.row as Required<typeof p.row>),
    cluster_size: a && a.size > 1 ? a.size : null,
    cluster_mass: a?.mass ? 1 : 0,
    repeat_tracking_no: p.repeatTrackingNo,
  }, locale);
}
