import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { Insertable, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ComplaintTriageTable, Database } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { enqueue } from '../../platform/jobs/jobs.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import { maskEmail, maskName, maskPhone } from '../../platform/crypto/mask.js';
import { LEVEL_NUMERALS, type Level } from '../../../shared/enums.js';
import { recordActivity, type Activity } from '../complaints/activity.js';
import { canSee } from '../complaints/complaint.policy.js';
import { TriageClassifier, type KeywordRules, type Prediction, type SerializedModel } from './classifier.js';
import { DEFAULT_RULES, assessSeverity, validateRuleSet, type SeverityResult, type SeverityRuleSet } from './severity.js';
import { ClusterTracker, type ClusterAssignment } from './clusters.js';
import { signatureToString } from './similarity.js';
import { findRepeatOf, type RepeatCandidate } from './repeat.js';
import { presentTriage, type TriageJson } from './triage.presenter.js';
import * as repo from './triage.repo.js';

const gzip = promisify(zlib.gzip);

/** Organisation settings for triage (settings row `triage`, JSON); every field has a default. */
export interface TriageSettings {
  /** A suggested category is applied automatically only at or above this confidence. */
  autoApplyThreshold: number;
  /** Cluster members within the window that make a mass complaint (群体性投诉). */
  massSize: number;
  massWindowHours: number;
  /** Near-duplicates are linked only this close in time. */
  linkWithinDays: number;
  /** Minimum estimated Jaccard similarity of two complaints' character shingles. */
  similarityThreshold: number;
  /** Same person + same category within this many days = repeat complaint (重复件). */
  repeatWindowDays: number;
  /** First retry of a failed triage after this long (then the job runner's exponential backoff). */
  retryDelayMs: number;
  /** Persist a new model version after this many staff confirmations … */
  learnBatch: number;
  /** … or this long after the last unsaved one. */
  learnDebounceMs: number;
  /** How often an instance looks for other instances' signatures, models, rules and settings. */
  syncIntervalMs: number;
}

export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  autoApplyThreshold: 0.8,
  massSize: 10,
  massWindowHours: 24,
  linkWithinDays: 7,
  similarityThreshold: 0.5,
  repeatWindowDays: 90,
  retryDelayMs: 5000,
  learnBatch: 50,
  learnDebounceMs: 60_000,
  syncIntervalMs: 200,
};

const SETTING_LIMITS: Record<keyof TriageSettings, [number, number]> = {
  autoApplyThreshold: [0, 1.0001],
  massSize: [2, 100_000],
  massWindowHours: [0.01, 24 * 365],
  linkWithinDays: [0.01, 365],
  similarityThreshold: [0.05, 1],
  repeatWindowDays: [1, 3650],
  retryDelayMs: [0, 86_400_000],
  learnBatch: [1, 100_000],
  learnDebounceMs: [0, 86_400_000],
  syncIntervalMs: [0, 60_000],
};

export function validateSettings(s: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    const lim = SETTING_LIMITS[k as keyof TriageSettings];
    if (!lim) errors.push(`unknown setting ${k}`);
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < lim[0] || v > lim[1]) errors.push(`${k} must be a number ${lim[0]}..${Math.floor(lim[1])}`);
  }
  return errors;
}

/** Cluster rows read per query when seeding a rebuilt tracker with stored sizes. */
const CLUSTER_SEED_CHUNK = 500;
/** Signatures written up to this long before the last one seen are read again (commit-order skew). */
const SYNC_OVERLAP_MS = 5000;
/** How often an idle instance looks for expired duplicate-index entries (additions look too). */
const EVICT_CHECK_MS = 60_000;
/** Models larger than this are stored gzip-compressed (base64). */
const COMPRESS_ABOVE = 64 * 1024;
const OPEN_STATUSES = new Set(['received', 'triaged', 'assigned', 'in_progress', 'returned', 'waiting', 'replied', 'follow_up']);

export interface IntakeInput {
  id: string;
  subject: string;
  description: string;
  channel: string;
  locationText: string | null;
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
  assignment?: ClusterAssignment;
  /** Clusters (root ids) the new complaint linked, before linking. */
  roots: string[];
  repeatTrackingNo: string | null;
  severity?: SeverityResult;
}

type Person = Awaited<ReturnType<typeof repo.complaintsByPerson>>[number];

const services = new WeakMap<AppContext, TriageService>();

/** The triage service of this process (one per context: it holds the in-memory indexes and model). */
export function triageService(ctx: AppContext): TriageService {
  let s = services.get(ctx);
  if (!s) {
    s = new TriageService(ctx);
    services.set(ctx, s);
  }
  return s;
}

/**
 * Triage at intake and afterwards. Classification, severity and the duplicate search run in memory
 * (sub-millisecond); the model, rules, settings and category keywords are cached and re-read at most
 * every `syncIntervalMs`, together with other instances' new signatures (an indexed range query), so
 * a request adds no round trip beyond the repeat-complainant lookup and its own writes.
 */
export class TriageService {
  settings: TriageSettings = { ...DEFAULT_TRIAGE_SETTINGS };
  rules: SeverityRuleSet = DEFAULT_RULES;
  private ruleSeq = 0;
  private tracker: ClusterTracker;
  private classifier = new TriageClassifier();
  private modelVersion: number | null = null;
  private trainedUntil = 0;
  /** Confirmations learned since the loaded model (complaint id → confirmed_at). */
  private learned = new Map<string, number>();
  private pendingLearns = 0;
  private persistTimer: NodeJS.Timeout | undefined;
  private persisting: Promise<number | null> | undefined;
  private categoryRules: KeywordRules = {};
  private categories = new Map<string, { defaultDepartmentId: string | null; active: boolean }>();
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;
  private sigCursor = 0;
  private lastEvictCheck = 0;
  private initialized: Promise<void> | undefined;
  readonly origin: string;

  constructor(private readonly ctx: AppContext) {
    this.origin = ctx.jobs.owner;
    this.tracker = this.newTracker();
    ctx.jobs.register('triage.retry', async (p: { complaintId: string }) => this.retryJob(p.complaintId));
    ctx.jobs.register('triage.mass_raise', async (p: { clusterId: string }) => this.massRaiseJob(p.clusterId));
  }

  private newTracker(): ClusterTracker {
    const s = this.settings;
    return new ClusterTracker({
      massSize: s.massSize,
      windowMs: s.massWindowHours * 3_600_000,
      linkWithinMs: s.linkWithinDays * 86_400_000,
      threshold: s.similarityThreshold,
    });
  }

  /** Loads configuration and rebuilds the duplicate index from stored signatures (once). */
  init(): Promise<void> {
    this.initialized ??= (async () => {
      await this.refresh(true, false);
      await this.rebuildIndex();
    })();
    return this.initialized;
  }

  private async rebuildIndex(): Promise<void> {
    this.tracker = this.newTracker();
    const since = Date.now() - this.settings.linkWithinDays * 86_400_000;
    const rows = await repo.signaturesSince(this.ctx.db, since);
    for (const r of rows) this.restore(r);
    // Members older than the window are not restored: sizes (and mass flags) continue from the stored ones.
    const ids = [...new Set(rows.map((r) => r.cluster_id).filter((c): c is string => !!c))];
    for (let i = 0; i < ids.length; i += CLUSTER_SEED_CHUNK) {
      for (const c of await repo.clusterSizes(this.ctx.db, ids.slice(i, i + CLUSTER_SEED_CHUNK))) this.tracker.seedCluster(c.id, Number(c.size), !!c.mass);
    }
    this.sigCursor = rows.length ? Number(rows[rows.length - 1].created_at) : Date.now();
  }

  private restore(r: { complaint_id: string; signature: string; cluster_id: string | null; category_id: string | null; location: string | null; created_at: number }): void {
    if (this.tracker.index.has(r.complaint_id)) return;
    this.tracker.restore(r.complaint_id, r.signature, { at: new Date(Number(r.created_at)), categoryId: r.category_id ?? undefined, location: r.location ?? undefined }, r.cluster_id ?? undefined);
  }

  /**
   * Re-reads what other instances (or admins) may have changed: settings, the active rule set and
   * model, category keywords and new signatures. Throttled to `syncIntervalMs` and single-flight.
   */
  async refresh(force = false, signatures = true): Promise<void> {
    if (!force && Date.now() - this.lastRefresh < this.settings.syncIntervalMs) return;
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      const started = Date.now();
      const db = this.ctx.db;
      const setting = await repo.getSetting(db, 'triage');
      const next = { ...DEFAULT_TRIAGE_SETTINGS, ...(setting ? (JSON.parse(setting.value) as Partial<TriageSettings>) : {}) };
      const rebuild = this.initialized && (['massSize', 'massWindowHours', 'linkWithinDays', 'similarityThreshold'] as const).some((k) => next[k] !== this.settings[k]);
      this.settings = next;

      const head = await repo.activeRuleSet(db);
      if ((head?.seq ?? 0) !== this.ruleSeq) {
        const rs = head ? await repo.getRuleSet(db, head.seq) : undefined;
        this.rules = rs ? (JSON.parse(rs.rules) as SeverityRuleSet) : DEFAULT_RULES;
        this.ruleSeq = head?.seq ?? 0;
      }

      const cats = await repo.categories(db);
      this.categories = new Map(cats.map((c) => [c.id, { defaultDepartmentId: c.default_department_id, active: !!c.active }]));
      this.categoryRules = Object.fromEntries(cats.filter((c) => c.active).map((c) => [c.id, JSON.parse(c.keywords) as string[]]));

      const version = await repo.activeModelVersion(db);
      if (version !== this.modelVersion) await this.loadModel(version);
      this.classifier.rules = this.categoryRules;

      if (signatures) {
        const rows = await repo.signaturesSince(db, this.sigCursor - SYNC_OVERLAP_MS, this.origin, 50_000);
        for (const r of rows) {
          this.restore(r);
          this.sigCursor = Math.max(this.sigCursor, Number(r.created_at));
        }
      }
      if (rebuild) await this.rebuildIndex();
      else if (started - this.lastEvictCheck >= EVICT_CHECK_MS) {
        // Additions evict expired entries in batches; this frees them when no complaint comes in.
        this.lastEvictCheck = started;
        this.tracker.evictExpired(started);
      }
      this.lastRefresh = started;
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async loadModel(version: number | null): Promise<void> {
    const row = version === null ? undefined : await repo.getModel(this.ctx.db, version);
    if (row) {
      const json = row.encoding === 'gzip+base64' ? zlib.gunzipSync(Buffer.from(row.model, 'base64')).toString('utf8') : row.model;
      this.classifier = TriageClassifier.fromJSON(JSON.parse(json) as SerializedModel);
      this.trainedUntil = Number(row.trained_until);
    } else {
      // Cold start: keyword rules from categories.keywords until there is a model.
      this.classifier = new TriageClassifier({ rules: this.categoryRules });
      this.trainedUntil = 0;
    }
    this.classifier.rules = this.categoryRules;
    this.modelVersion = row ? Number(row.version) : null;
    this.learned.clear();
    this.pendingLearns = 0;
    // Staff confirmations made after the model was saved are learned again, so no instance loses them.
    for (const c of await repo.confirmationsSince(this.ctx.db, this.trainedUntil)) {
      this.classifier.learn(`${c.subject}\n${c.description}`, c.confirmed_category_id!);
      this.learned.set(c.complaint_id, Number(c.confirmed_at));
    }
  }

  /** The category suggestion for a text (a seam tests use to inject failures). */
  classify(text: string): Prediction {
    return this.classifier.predict(text);
  }

  get activeModelVersion(): number | null {
    return this.modelVersion;
  }

  // ---- intake --------------------------------------------------------------------------------------

  /**
   * Judges a new complaint before it is written. Never throws: a failure is returned as a failed
   * triage (the complaint is still created, and a retry job is written with it).
   */
  async prepare(input: IntakeInput): Promise<Prepared> {
    try {
      await this.init();
      const persons = await repo.complaintsByPerson(this.ctx.db, { phone: input.phoneBidx, email: input.emailBidx }, input.at - this.settings.repeatWindowDays * 86_400_000);
      await this.refresh();
      return this.compute(input, persons, { assignCluster: true, mass: false, requestedLevel: input.level });
    } catch (err) {
      this.ctx.log.warn({ err, complaintId: input.id }, 'triage failed at intake; the complaint is kept and triage retried');
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
  private compute(input: IntakeInput, persons: Person[], o: { assignCluster: boolean; mass: boolean; requestedLevel: number | null; clusterId?: string | null }): Prepared {
    const s = this.settings;
    const text = `${input.subject}\n${input.description}`;
    const prediction = this.classify(text);
    const suggested = prediction.label && this.categories.get(prediction.label)?.active ? prediction.label : null;
    const applied = !input.categoryId && suggested && prediction.confidence >= s.autoApplyThreshold ? suggested : null;
    const effectiveCategory = input.categoryId ?? applied ?? suggested;

    const at = new Date(input.at);
    const earlier: RepeatCandidate[] = persons
      .filter((p) => p.id !== input.id && Number(p.created_at) <= input.at)
      .map((p) => ({ id: p.id, complainantIndex: 'same-person', categoryId: p.category_id ?? p.suggested_category_id, at: new Date(Number(p.created_at)) }));
    const repeatOf = findRepeatOf({ id: input.id, complainantIndex: 'same-person', categoryId: effectiveCategory, at }, earlier, { windowDays: s.repeatWindowDays });

    let assignment: ClusterAssignment | undefined;
    let signature: string | undefined;
    let roots: string[] = [];
    // A complaint with a stored cluster keeps it: if it is not in the index, it was evicted (older than
    // the link window) or lost in a restart, and the stored cluster_id is the history.
    if (o.assignCluster && !this.tracker.index.has(input.id) && !o.clusterId) {
      const sig = this.tracker.index.signature(text);
      const a = this.tracker.assignSignature(input.id, sig, { at, location: input.locationText ?? undefined, categoryId: effectiveCategory ?? undefined });
      roots = a.linkedClusters;
      assignment = a;
      signature = signatureToString(sig);
    }
    const mass = assignment?.mass ?? o.mass;

    const severity = assessSeverity({ subject: input.subject, description: input.description, flags: input.flags, repeat: !!repeatOf, massCluster: mass }, this.rules);
    // An explicit level is a floor on severity: triage may raise it, never lower it (under-rating a
    // dangerous complaint is the costly mistake); staff lower it through confirm/override with a reason.
    const level = o.requestedLevel ? Math.min(o.requestedLevel, severity.level) : severity.level;
    const fastPath = severity.fastPath || level <= 2;
    const clusterId = assignment ? (assignment.size > 1 ? assignment.clusterId : null) : (o.clusterId ?? null);
    const now = Date.now();
    return {
      input,
      signature,
      assignment,
      roots,
      severity,
      repeatTrackingNo: repeatOf ? (persons.find((p) => p.id === repeatOf)?.tracking_no ?? null) : null,
      apply: {
        level,
        categoryId: input.categoryId ?? applied,
        departmentId: applied ? (this.categories.get(applied)?.defaultDepartmentId ?? null) : null,
        personalSafety: !!input.flags.personalSafety || severity.personalSafety,
      },
      row: {
        complaint_id: input.id,
        status: 'ok',
        error: null,
        attempts: 1,
        suggested_category_id: suggested,
        confidence: suggested ? prediction.confidence : null,
        alternatives: JSON.stringify(prediction.alternatives.filter((a) => this.categories.get(a.label)?.active)),
        source: suggested ? prediction.source : 'none',
        model_version: prediction.source === 'model' ? this.modelVersion : null,
        category_applied: applied ? 1 : 0,
        requested_level: o.requestedLevel,
        level: severity.level,
        explanation: JSON.stringify({ text: severity.explanation, factors: severity.factors }),
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
  async persist(trx: Transaction<Database>, p: Prepared, actorId: string | null, opts: { rerun?: boolean } = {}): Promise<Activity> {
    const { ctx } = this;
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
        origin: this.origin,
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
        const members = this.tracker.members(a.clusterId);
        await ctx.events.emit(trx, 'triage.mass_complaint', { clusterId: a.clusterId, size: a.size, sizeInWindow: a.sizeInWindow, complaintIds: [...members] });
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
          suggestion: row.suggested_category_id ? { categoryId: row.suggested_category_id, confidence: row.confidence, source: row.source, applied: !!row.category_applied, modelVersion: row.model_version } : null,
          level: sev.level,
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
    await enqueue(trx, { type: 'triage.retry', payload: { complaintId: id }, dedupeKey: `triage.retry:${id}`, replace: true, runAt: now + this.settings.retryDelayMs, maxAttempts: 10 }, now);
    return { complaintId: id, actorId, kind: 'triage_failed', data: { error: row.error, attempts: row.attempts }, at: now };
  }

  /** The `triage` JSON of a just-prepared complaint (no query). */
  present(p: Prepared): TriageJson {
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
    });
  }

  /** `triage` objects for complaints (one query); complaints without a triage row map to null. */
  async presentFor(ids: string[]): Promise<Map<string, TriageJson>> {
    const rows = await repo.triageRows(this.ctx.db, ids);
    return new Map(rows.map((r) => [r.complaint_id, presentTriage(r)]));
  }

  /** Adds `triage` to complaint JSON objects. */
  async attach<T extends { id: string }>(items: T[]): Promise<Array<T & { triage: TriageJson | null }>> {
    const m = await this.presentFor(items.map((i) => i.id));
    return items.map((i) => ({ ...i, triage: m.get(i.id) ?? null }));
  }

  // ---- re-triage -----------------------------------------------------------------------------------

  /** Runs triage again for a stored complaint (retry job, or staff asking for it). Throws on failure. */
  async rerun(id: string, actorId: string | null): Promise<void> {
    await this.init();
    await this.refresh();
    const db = this.ctx.db;
    const c = await repo.complaintForTriage(db, id);
    if (!c) throw notFound('Complaint');
    const [existing] = await repo.triageRows(db, [id]);
    const persons = await repo.complaintsByPerson(db, { phone: c.phone_bidx, email: c.email_bidx }, Number(c.created_at) - this.settings.repeatWindowDays * 86_400_000);
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
    const p = this.compute(input, persons, { assignCluster: true, mass: !!existing?.mass || !!existing?.cluster_mass, requestedLevel: existing?.requested_level ?? null, clusterId: existing?.cluster_id });
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
      await recordActivity(trx, await this.persist(trx, p, actorId, { rerun: true }));
      if (Object.keys(patch).length > 1) await this.ctx.events.emit(trx, 'complaint.updated', { complaintId: id, changes: Object.keys(patch).filter((k) => k !== 'updated_at'), by: 'triage' });
    });
    this.ctx.events.flush();
  }

  private async retryJob(complaintId: string): Promise<void> {
    try {
      await this.rerun(complaintId, null);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return;
      await repo
        .updateTriage(this.ctx.db, complaintId, { status: 'failed', error: String((err as Error)?.message ?? err).slice(0, 1000), attempts: ((await repo.triageRows(this.ctx.db, [complaintId]))[0]?.attempts ?? 0) + 1, updated_at: Date.now() })
        .catch(() => undefined);
      throw err;
    }
  }

  /** A cluster became a mass complaint: raise its earlier members by the rule (not staff-confirmed ones). */
  private async massRaiseJob(clusterId: string): Promise<void> {
    const rule = this.rules.massCluster;
    const members = await repo.clusterMembers(this.ctx.db, clusterId);
    for (const m of members) {
      if (m.mass) continue;
      const now = Date.now();
      const to = !m.confirmed_at && m.level > rule.maxLevel ? Math.max(rule.maxLevel, m.level - rule.steps) : m.level;
      await this.ctx.db.transaction().execute(async (trx) => {
        if (to !== m.level && !(await repo.updateComplaintTriaged(trx, m.id, m.version, { level: to, updated_at: now }))) throw conflict('stale_version', 'changed meanwhile; retried');
        await repo.updateTriage(trx, m.id, { mass: 1, updated_at: now });
        await recordActivity(trx, { complaintId: m.id, actorId: null, kind: 'triaged', data: { massCluster: clusterId, from: m.level, to, ruleVersion: this.rules.version, reason: 'mass complaint 群体性投诉' }, at: now });
        if (to !== m.level) await this.ctx.events.emit(trx, 'complaint.updated', { complaintId: m.id, changes: ['level'], by: 'triage' });
      });
    }
    this.ctx.events.flush();
  }

  // ---- confirmation and learning --------------------------------------------------------------------

  async confirm(actor: Actor, id: string, body: { categoryId: string; level: number; reason?: string }): Promise<void> {
    const db = this.ctx.db;
    await this.init();
    const c = await repo.complaintForTriage(db, id);
    if (!c || !canSee(actor, c)) throw notFound('Complaint');
    if (!this.categories.has(body.categoryId)) await this.refresh(true);
    const cat = this.categories.get(body.categoryId);
    if (!cat) throw badRequest('unknown_category', `No category ${body.categoryId}`);
    const [t] = await repo.triageRows(db, [id]);
    const overridden = body.categoryId !== (t?.suggested_category_id ?? null) || body.level !== (t?.level ?? null);
    const reason = body.reason?.trim() || null;
    if (overridden && !reason) throw badRequest('reason_required', 'Say why you override the triage suggestion');
    const now = Date.now();
    await db.transaction().execute(async (trx) => {
      const patch: Parameters<typeof repo.updateComplaintTriaged>[3] = { level: body.level, category_id: body.categoryId, updated_at: now };
      if (!c.department_id && cat.defaultDepartmentId) patch.department_id = cat.defaultDepartmentId;
      if (!(await repo.updateComplaintTriaged(trx, id, c.version, patch))) throw conflict('stale_version', 'The complaint changed meanwhile; reload and try again');
      const base = { confirmed_by: actor.id, confirmed_at: now, confirmed_category_id: body.categoryId, confirmed_level: body.level, overridden: overridden ? 1 : 0, override_reason: reason, updated_at: now };
      if (t) await repo.updateTriage(trx, id, base);
      else await repo.insertTriage(trx, { complaint_id: id, status: 'ok', attempts: 0, alternatives: '[]', category_applied: 0, personal_safety: 0, fast_path: 0, mass: 0, created_at: now, ...base });
      await recordActivity(trx, {
        complaintId: id,
        actorId: actor.id,
        kind: overridden ? 'triage_overridden' : 'triage_confirmed',
        body: reason,
        data: { categoryId: body.categoryId, level: body.level, suggested: { categoryId: t?.suggested_category_id ?? null, level: t?.level ?? null }, from: { categoryId: c.category_id, level: c.level } },
        at: now,
      });
      await this.ctx.events.emit(trx, 'complaint.updated', { complaintId: id, changes: ['category_id', 'level'], by: 'triage_confirmation' });
    });
    this.ctx.events.flush();
    await this.learn(id, `${c.subject}\n${c.description}`, body.categoryId, now);
  }

  /**
   * Teaches the in-memory classifier at once; a new model version is saved after `learnBatch`
   * confirmations or `learnDebounceMs` after the last one — not on every call, because a model
   * snapshot costs far more than a request (serialising a large model takes seconds). Nothing is lost
   * in between: confirmations are durable rows, replayed into any model loaded later.
   */
  private async learn(complaintId: string, text: string, label: string, at: number): Promise<void> {
    this.classifier.learn(text, label);
    this.learned.set(complaintId, at);
    this.pendingLearns++;
    if (this.pendingLearns >= this.settings.learnBatch) {
      await this.persistModel('learn', null);
      return;
    }
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.persistModel('learn', null).catch((err) => this.ctx.log.error({ err }, 'could not save the triage model'));
    }, this.settings.learnDebounceMs);
    this.persistTimer.unref?.();
  }

  /** Saves the current classifier as the new active model version. */
  async persistModel(source: 'learn' | 'train', actorId: string | null, trainedUntil?: number): Promise<number | null> {
    if (this.persisting) await this.persisting.catch(() => undefined);
    this.persisting = (async () => {
      if (this.persistTimer) clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
      // Confirmations made by other instances since the loaded model: learn them first.
      for (const c of await repo.confirmationsSince(this.ctx.db, this.trainedUntil)) {
        if (this.learned.has(c.complaint_id)) continue;
        this.classifier.learn(`${c.subject}\n${c.description}`, c.confirmed_category_id!);
        this.learned.set(c.complaint_id, Number(c.confirmed_at));
      }
      const snapshot = new Map(this.learned);
      const until = trainedUntil ?? Math.max(this.trainedUntil, ...snapshot.values());
      const model = this.classifier.toJSON();
      const json = JSON.stringify(model);
      const big = json.length > COMPRESS_ABOVE;
      const stored = big ? (await gzip(Buffer.from(json, 'utf8'))).toString('base64') : json;
      const version = await this.ctx.db.transaction().execute(async (trx) => {
        const v = await repo.insertModel(trx, { model: stored, encoding: big ? 'gzip+base64' : 'json', labels: JSON.stringify(model.labels), examples: model.docCount, trained_until: until, source, created_by: actorId, created_at: Date.now() });
        await appendAudit(trx, { actorId, action: 'triage.model_saved', entityType: 'triage_model', entityId: String(v), data: { source, examples: model.docCount, labels: model.labels.length, bytes: stored.length, encoding: big ? 'gzip+base64' : 'json' } });
        return v;
      });
      this.modelVersion = version;
      this.trainedUntil = until;
      for (const [k, v] of snapshot) if (this.learned.get(k) === v) this.learned.delete(k);
      this.pendingLearns = 0;
      return version;
    })();
    try {
      return await this.persisting;
    } finally {
      this.persisting = undefined;
    }
  }

  /** Trains a new model from the organisation's own labelled complaints (not from triage's own guesses). */
  async train(actorId: string | null, opts: { limit?: number } = {}) {
    await this.init();
    await this.refresh(true);
    const rows = await repo.labelledComplaints(this.ctx.db, opts.limit ?? 20_000);
    const examples = rows.filter((r) => this.categories.get(r.category_id!)?.active).map((r) => ({ text: `${r.subject}\n${r.description}`, label: r.category_id! }));
    const labels = new Set(examples.map((e) => e.label));
    if (examples.length < 20 || labels.size < 2) throw conflict('not_enough_examples', `Training needs at least 20 labelled complaints in 2 categories (found ${examples.length} in ${labels.size})`);
    const started = Date.now();
    this.classifier = TriageClassifier.train(examples, { rules: this.categoryRules });
    this.learned.clear();
    const version = await this.persistModel('train', actorId, started);
    return { version, examples: examples.length, labels: labels.size, ms: Date.now() - started };
  }

  async listModels() {
    const rows = await repo.listModels(this.ctx.db);
    return {
      active: this.modelVersion,
      items: rows.map((m) => ({ version: Number(m.version), encoding: m.encoding, labels: JSON.parse(m.labels) as string[], examples: Number(m.examples), trainedUntil: new Date(Number(m.trained_until)).toISOString(), source: m.source, createdBy: m.created_by, createdAt: new Date(Number(m.created_at)).toISOString(), active: !!m.active })),
    };
  }

  // ---- preview and person lookup -------------------------------------------------------------------

  /** What triage would say about a complaint being typed in (nothing is written or indexed). */
  async preview(actor: Actor, body: { subject: string; description: string; channel?: string; phone?: string; email?: string; categoryId?: string; flags?: IntakeInput['flags'] }) {
    await this.init();
    await this.refresh();
    const fc = this.ctx.fieldCrypto;
    const now = Date.now();
    const text = `${body.subject}\n${body.description}`;
    const prediction = this.classify(text);
    const suggested = prediction.label && this.categories.get(prediction.label)?.active ? prediction.label : null;
    const bidx = { phone: fc.blindIndex('phone', body.phone), email: fc.blindIndex('email', body.email) };
    const persons = await repo.complaintsByPerson(this.ctx.db, bidx, now - this.settings.repeatWindowDays * 86_400_000);
    const category = body.categoryId ?? suggested;
    const repeatOf = findRepeatOf(
      { id: '', complainantIndex: 'p', categoryId: category, at: new Date(now) },
      persons.map((p) => ({ id: p.id, complainantIndex: 'p', categoryId: p.category_id ?? p.suggested_category_id, at: new Date(Number(p.created_at)) })),
      { windowDays: this.settings.repeatWindowDays },
    );
    const matches = this.tracker.index.findSimilar(text, { within: this.tracker.linkWithinMs, at: new Date(now), limit: 20 });
    const byId = new Map((await repo.complaintsByIds(this.ctx.db, matches.map((m) => m.id))).map((c) => [c.id, c]));
    const tri = await this.presentFor(matches.map((m) => m.id));
    const similar = matches
      .map((m) => ({ m, c: byId.get(m.id) }))
      .filter((x): x is { m: (typeof matches)[number]; c: NonNullable<typeof x.c> } => !!x.c && OPEN_STATUSES.has(x.c.status) && canSee(actor, x.c))
      .slice(0, 10)
      .map(({ m, c }) => ({ id: c.id, trackingNo: c.tracking_no, subject: c.subject, status: c.status, level: c.level, similarity: m.similarity, cluster: tri.get(c.id)?.cluster ?? null, createdAt: new Date(Number(c.created_at)).toISOString() }));
    const massCluster = similar.some((s) => s.cluster?.mass);
    const sev = assessSeverity({ subject: body.subject, description: body.description, flags: body.flags, repeat: !!repeatOf, massCluster }, this.rules);
    const history = this.presentPersons(actor, persons);
    if (bidx.phone || bidx.email) await appendAudit(this.ctx.db, { actorId: actor.id, action: 'complainant.lookup', entityType: 'complainant', data: { via: 'triage.preview', by: [bidx.phone && 'phone', bidx.email && 'email'].filter(Boolean), found: persons.length } });
    return {
      suggestion: suggested ? { categoryId: suggested, confidence: prediction.confidence, source: prediction.source, alternatives: prediction.alternatives.filter((a) => this.categories.get(a.label)?.active).map((a) => ({ categoryId: a.label, confidence: a.confidence })), wouldApply: prediction.confidence >= this.settings.autoApplyThreshold } : null,
      level: sev.level,
      levelLabel: LEVEL_NUMERALS[sev.level as Level],
      explanation: sev.explanation,
      factors: sev.factors,
      ruleVersion: sev.ruleVersion,
      personalSafety: sev.personalSafety,
      fastPath: sev.fastPath,
      similar,
      repeat: repeatOf ? history.find((h) => h.id === repeatOf) ?? { id: repeatOf, trackingNo: null, hidden: true } : null,
      earlierComplaints: history,
    };
  }

  private presentPersons(actor: Actor, persons: Person[]) {
    const fc = this.ctx.fieldCrypto;
    return persons
      .filter((p) => canSee(actor, p))
      .map((p) => ({
        id: p.id,
        trackingNo: p.tracking_no,
        subject: p.subject,
        status: p.status,
        level: p.level,
        categoryId: p.category_id ?? p.suggested_category_id,
        createdAt: new Date(Number(p.created_at)).toISOString(),
        complainant: { name: maskName(fc.decrypt(p.name_enc)), phone: maskPhone(fc.decrypt(p.phone_enc)), email: maskEmail(fc.decrypt(p.email_enc)), masked: true },
      }));
  }

  /** Earlier complaints of a person, found through the blind index (audited; visibility applies). */
  async lookup(actor: Actor, q: { phone?: string; email?: string }) {
    const fc = this.ctx.fieldCrypto;
    const bidx = { phone: fc.blindIndex('phone', q.phone), email: fc.blindIndex('email', q.email) };
    if (!bidx.phone && !bidx.email) throw badRequest('contact_required', 'Give a phone number or an email address');
    const persons = await repo.complaintsByPerson(this.ctx.db, bidx, 0, 200);
    const items = this.presentPersons(actor, persons);
    await appendAudit(this.ctx.db, { actorId: actor.id, action: 'complainant.lookup', entityType: 'complainant', data: { by: [bidx.phone && 'phone', bidx.email && 'email'].filter(Boolean), found: persons.length, shown: items.length } });
    return { items };
  }

  // ---- clusters --------------------------------------------------------------------------------------

  async listClusters(q: { mass?: boolean; cursor?: string; limit?: number }) {
    const limit = q.limit ?? 50;
    const rows = await repo.listClusters(this.ctx.db, { mass: q.mass, afterId: decodeCursor(q.cursor), limit });
    const items = rows.slice(0, limit).map(presentCluster);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
  }

  async getCluster(actor: Actor, id: string) {
    const c = await repo.getCluster(this.ctx.db, id);
    if (!c) throw notFound('Cluster');
    const members = await repo.clusterMembers(this.ctx.db, id);
    const visible = members.filter((m) => canSee(actor, m));
    return {
      ...presentCluster(c),
      members: visible.map((m) => ({ id: m.id, trackingNo: m.tracking_no, subject: m.subject, status: m.status, level: m.level, categoryId: m.category_id, createdAt: new Date(Number(m.created_at)).toISOString() })),
      hiddenMembers: members.length - visible.length,
    };
  }

  // ---- rules and settings ----------------------------------------------------------------------------

  async getRules() {
    await this.refresh(true, false);
    const head = await repo.activeRuleSet(this.ctx.db);
    return { version: this.rules.version, seq: this.ruleSeq, createdAt: head ? new Date(Number(head.created_at)).toISOString() : null, createdBy: head?.created_by ?? null, builtIn: !head, rules: this.rules };
  }

  async putRules(actor: Actor, body: Record<string, unknown>) {
    const candidate = { ...body } as Record<string, unknown>;
    const head = await repo.activeRuleSet(this.ctx.db);
    if (candidate.version === undefined || candidate.version === this.rules.version) candidate.version = `r${(head?.seq ?? 0) + 1}-${new Date().toISOString().slice(0, 10)}`;
    const errors = validateRuleSet(candidate);
    if (errors.length) throw badRequest('invalid_rules', `The rule set has ${errors.length} problem(s): ${errors.join('; ')}`, { errors });
    const version = String(candidate.version);
    if (version === DEFAULT_RULES.version || (await repo.ruleVersionExists(this.ctx.db, version))) throw conflict('rule_version_exists', `Rule set version ${version} exists; give a new version or omit it`);
    const now = Date.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const seq = await repo.insertRuleSet(trx, { version, rules: JSON.stringify(candidate), created_by: actor.id, created_at: now });
      await appendAudit(trx, { actorId: actor.id, action: 'triage.rules_update', entityType: 'severity_rule_set', entityId: version, data: { seq, previous: this.rules.version } });
    });
    await this.refresh(true, false);
    return this.getRules();
  }

  getSettings() {
    return { ...this.settings };
  }

  async putSettings(actor: Actor, patch: Partial<TriageSettings>) {
    const errors = validateSettings(patch as Record<string, unknown>);
    if (errors.length) throw badRequest('invalid_settings', errors.join('; '), { errors });
    await this.refresh(true, false);
    const next = { ...this.settings, ...patch };
    const stored = Object.fromEntries(Object.entries(next).filter(([k, v]) => DEFAULT_TRIAGE_SETTINGS[k as keyof TriageSettings] !== v));
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.putSetting(trx, 'triage', JSON.stringify(stored), Date.now());
      await appendAudit(trx, { actorId: actor.id, action: 'triage.settings_update', entityType: 'setting', entityId: 'triage', data: patch });
    });
    await this.refresh(true);
    return this.getSettings();
  }
}

function presentCluster(c: NonNullable<Awaited<ReturnType<typeof repo.getCluster>>>) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return { id: c.id, size: Number(c.size), mass: !!c.mass, massAt: iso(c.mass_at), firstAt: iso(c.first_at), lastAt: iso(c.last_at), representativeId: c.representative_id, subject: c.subject };
}
