import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { AppContext } from '../../context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { AppError, conflict } from '../../platform/http/problem.js';
import { TriageClassifier, type KeywordRules, type Prediction, type SerializedModel } from './classifier.js';
import { calibrate, isCalibrated, mayAutoApply, type Calibration, type HeldOutPrediction } from './calibration.js';
import { loadCorpusModel, mappedCorpus } from './corpus.js';
import { splitHeldOut } from './holdout.js';
import type { TriageSettings } from './triage.settings.js';
import * as repo from './triage.repo.js';

const gzip = promisify(zlib.gzip);

/** Models larger than this are stored gzip-compressed (base64). */
const COMPRESS_ABOVE = 64 * 1024;
/** Labelled complaints read for training and calibration (the most recent). */
const LABELLED_LIMIT = 20_000;
/** Held-out confirmations a model is measured on (the most recent). */
const HELD_OUT_LIMIT = 2000;

/** What a version records about itself (triage_models.calibration). */
export interface ModelRecord extends Calibration {
  /** A retraining replaces the active version only if it is not worse on the held-out confirmations. */
  accepted: boolean;
  /** The version it was compared with (null: the bundled or keyword cold start) and that one's accuracy on the same confirmations. */
  replaced: { version: number | null; accuracy: number } | null;
  /** A snapshot of the cold-start lineage (the corpus model plus confirmations): measured, never calibrated. */
  coldStart?: boolean;
}

/**
 * The cold-start model was trained on the whole corpus and learned only confirmations, so neither its
 * held-out figures (a desk may be fed from the same messages) nor the examples counted per category
 * describe it: it keeps its accuracy figure but calibrates nothing.
 */
function uncalibrated(c: Calibration): Calibration {
  return { ...c, threshold: null, applied: 0, precision: null, classes: Object.fromEntries(Object.entries(c.classes).map(([k, v]) => [k, { ...v, applied: 0, correct: 0, autoApply: false }])) };
}

/** What the model store reads from the triage service it belongs to (re-read on every use). */
export interface ModelHost {
  readonly settings: TriageSettings;
  readonly categoryRules: KeywordRules;
  readonly categories: ReadonlyMap<string, { defaultDepartmentId: string | null; active: boolean }>;
  /** The active category of a corpus category name (to map the bundled corpus). */
  readonly corpusCategoryOf: (name: string) => string | undefined;
  init(): Promise<void>;
  refresh(force?: boolean): Promise<void>;
}

/**
 * The category model of one process: the active version (`triage_models`) loaded in memory, taught at
 * once by staff confirmations, saved as a new version in batches, and retrained on demand.
 */
export class CategoryModel {
  private classifier = new TriageClassifier();
  private modelVersion: number | null = null;
  private trainedUntil = 0;
  /** Confirmations learned since the loaded model (complaint id → confirmed_at). */
  private learned = new Map<string, number>();
  private pendingLearns = 0;
  private persistTimer: NodeJS.Timeout | undefined;
  private persisting: Promise<number | null> | undefined;
  /** Figures of the loaded version: which categories may auto-apply, and from which threshold. */
  private record: Calibration | null = null;
  /** The category mapping the cold-start corpus model was built with. */
  private corpusKey = '';
  /** The model in memory descends from the cold start (no retraining since). */
  private coldStart = true;

  constructor(
    private readonly ctx: AppContext,
    private readonly host: ModelHost,
  ) {}

  get version(): number | null {
    return this.modelVersion;
  }

  /** Keyword rules (from categories.keywords) used when there is no model. */
  setRules(rules: KeywordRules): void {
    this.classifier.rules = rules;
  }

  predict(text: string): Prediction {
    return this.classifier.predict(text);
  }

  get calibration(): Calibration | null {
    return this.record;
  }

  /** Whether triage may apply this suggestion without staff (see calibration.ts). */
  autoApply(p: Prediction, label: string | null): boolean {
    return p.source === 'model' && p.confidence >= this.host.settings.autoApplyThreshold && mayAutoApply(this.record, label, p.confidence);
  }

  /** Whether a suggestion of this category comes from a model calibrated for it (else: a suggestion only). */
  calibratedFor(p: Prediction, label: string | null): boolean {
    return p.source === 'model' && isCalibrated(this.record, label);
  }

  /** Whether the cold-start model must be rebuilt (no stored version, and the category names changed). */
  stale(version: number | null, corpusKey: string): boolean {
    return version !== this.modelVersion || (version === null && corpusKey !== this.corpusKey);
  }

  async load(version: number | null, corpusKey = ''): Promise<void> {
    const row = version === null ? undefined : await repo.getModel(this.ctx.db, version);
    if (row) {
      const json = row.encoding === 'gzip+base64' ? zlib.gunzipSync(Buffer.from(row.model, 'base64')).toString('utf8') : row.model;
      this.classifier = TriageClassifier.fromJSON(JSON.parse(json) as SerializedModel);
      this.trainedUntil = Number(row.trained_until);
      const rec = row.calibration ? (JSON.parse(row.calibration) as ModelRecord) : null;
      this.record = rec;
      // Versions from before calibration (no record) and cold-start snapshots stay uncalibrated until retrained.
      this.coldStart = !rec || !!rec.coldStart;
    } else {
      // Cold start: the model shipped from the bundled corpus, mapped onto these categories by name;
      // keyword rules from categories.keywords when fewer than two categories match.
      this.classifier = loadCorpusModel(this.host.corpusCategoryOf) ?? new TriageClassifier({ rules: this.host.categoryRules });
      this.trainedUntil = 0;
      this.coldStart = true;
      // Not calibrated: its confidences were never measured on this organisation's confirmations, so
      // it suggests only (and its corpus examples would count as nothing anyway).
      this.record = null;
    }
    this.corpusKey = corpusKey;
    this.classifier.rules = this.host.categoryRules;
    this.modelVersion = row ? Number(row.version) : null;
    this.learned.clear();
    this.pendingLearns = 0;
    // Staff confirmations made after the model was saved are learned again, so no instance loses them.
    for (const c of await repo.confirmationsSince(this.ctx.db, this.trainedUntil)) {
      this.classifier.learn(`${c.subject}\n${c.description}`, c.confirmed_category_id!);
      this.learned.set(c.complaint_id, Number(c.confirmed_at));
    }
  }

  /**
   * Teaches the in-memory classifier at once; a new model version is saved after `learnBatch`
   * confirmations or `learnDebounceMs` after the last one — not on every call, because a model
   * snapshot costs far more than a request (serialising a large model takes seconds). Nothing is lost
   * in between: confirmations are durable rows, replayed into any model loaded later.
   */
  async learn(complaintId: string, text: string, label: string, at: number): Promise<void> {
    const settings = this.host.settings;
    this.classifier.learn(text, label);
    this.learned.set(complaintId, at);
    this.pendingLearns++;
    if (this.pendingLearns >= settings.learnBatch) {
      await this.persist('learn', null);
      return;
    }
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.persist('learn', null).catch((err) => this.ctx.log.error({ err }, 'could not save the triage model'));
    }, settings.learnDebounceMs);
    this.persistTimer.unref?.();
  }

  /**
   * Saves the current classifier as a new version, with its figures on the held-out confirmations
   * (measured now unless given). A learned snapshot continues the active model and always replaces it
   * (its figures decide what it may auto-apply); a rejected retraining is recorded inactive.
   */
  async persist(source: 'learn' | 'train', actorId: string | null, opts: { trainedUntil?: number; record?: ModelRecord; classifier?: TriageClassifier } = {}): Promise<number | null> {
    if (this.persisting) await this.persisting.catch(() => undefined);
    this.persisting = (async () => {
      const clf = opts.classifier ?? this.classifier;
      const active = opts.record?.accepted ?? true;
      if (active) {
        if (this.persistTimer) clearTimeout(this.persistTimer);
        this.persistTimer = undefined;
        // Confirmations made by other instances since the loaded model: learn them first.
        for (const c of await repo.confirmationsSince(this.ctx.db, this.trainedUntil)) {
          if (this.learned.has(c.complaint_id)) continue;
          clf.learn(`${c.subject}\n${c.description}`, c.confirmed_category_id!);
          this.learned.set(c.complaint_id, Number(c.confirmed_at));
        }
      }
      const snapshot = new Map(this.learned);
      const until = opts.trainedUntil ?? Math.max(this.trainedUntil, ...snapshot.values());
      let record: ModelRecord | undefined = opts.record;
      if (!record) {
        const measured = await this.measure(clf);
        record = this.coldStart ? { ...uncalibrated(measured), accepted: true, replaced: null, coldStart: true } : { ...measured, accepted: true, replaced: null };
      }
      const model = clf.toJSON();
      const json = JSON.stringify(model);
      const big = json.length > COMPRESS_ABOVE;
      const stored = big ? (await gzip(Buffer.from(json, 'utf8'))).toString('base64') : json;
      const version = await this.ctx.db.transaction().execute(async (trx) => {
        const v = await repo.insertModel(trx, { model: stored, encoding: big ? 'gzip+base64' : 'json', labels: JSON.stringify(model.labels), examples: model.docCount, trained_until: until, source, created_by: actorId, created_at: Date.now(), calibration: JSON.stringify(record) }, active);
        const figures = { heldOut: record.n, accuracy: record.accuracy, threshold: record.threshold, applied: record.applied, precision: record.precision, accepted: record.accepted, replaced: record.replaced };
        await appendAudit(trx, { actorId, action: 'triage.model_saved', entityType: 'triage_model', entityId: String(v), data: { source, examples: model.docCount, labels: model.labels.length, bytes: stored.length, encoding: big ? 'gzip+base64' : 'json', ...figures } });
        return v;
      });
      if (!active) return version;
      if (source === 'train') this.coldStart = false;
      this.classifier = clf;
      this.record = record;
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

  /** Staff-labelled complaints of active categories, split into training and held-out ones. */
  private async labelled(limit = LABELLED_LIMIT) {
    const rows = (await repo.labelledComplaints(this.ctx.db, limit))
      .filter((r) => this.host.categories.get(r.category_id!)?.active)
      .map((r) => ({ id: r.id, text: `${r.subject}\n${r.description}`, label: r.category_id!, heldOut: r.confirmed_at === null || r.confirmed_at === undefined ? null : !!r.held_out }));
    const split = splitHeldOut(rows, this.host.settings.minConfirmedPerClass);
    return { all: rows, train: split.train, heldOut: split.heldOut.slice(-HELD_OUT_LIMIT) };
  }

  /** A classifier's suggestions for held-out confirmations, as intake would make them (active categories only). */
  private heldOutPredictions(clf: TriageClassifier, heldOut: readonly { text: string; label: string }[]): HeldOutPrediction[] {
    return heldOut.map((h) => {
      const p = clf.predict(h.text);
      const ok = p.source === 'model' && !!p.label && !!this.host.categories.get(p.label)?.active;
      return { label: h.label, predicted: ok ? p.label : null, confidence: ok ? p.confidence : 0 };
    });
  }

  private async measure(clf: TriageClassifier, data?: Awaited<ReturnType<CategoryModel['labelled']>>): Promise<Calibration> {
    const d = data ?? (await this.labelled());
    const confirmed: Record<string, number> = {};
    for (const e of d.train) confirmed[e.label] = (confirmed[e.label] ?? 0) + 1;
    const s = this.host.settings;
    return calibrate(this.heldOutPredictions(clf, d.heldOut), confirmed, { targetPrecision: s.targetPrecision, minHeldOut: s.minHeldOut, minConfirmedPerClass: s.minConfirmedPerClass });
  }

  /**
   * Trains a new model from the organisation's own labelled complaints (not from triage's own guesses)
   * plus the bundled corpus mapped onto its categories, and makes it the active version unless it is
   * worse on the held-out confirmations than the active one (then it is recorded, inactive). At most
   * once per `retrainMinIntervalMs` unless `force` (CLI and demo). Usable outside HTTP:
   * `await triageService(ctx).train(null, { force: true })`.
   */
  async train(actorId: string | null, opts: { limit?: number; force?: boolean } = {}) {
    await this.host.init();
    await this.host.refresh(true);
    const last = await repo.lastTrainedAt(this.ctx.db);
    const wait = last === null ? 0 : last + this.host.settings.retrainMinIntervalMs - Date.now();
    if (!opts.force && wait > 0) throw new AppError(429, 'retrain_rate_limited', `A model was trained recently; try again in ${Math.ceil(wait / 1000)} s`, { retryAfter: Math.ceil(wait / 1000) });
    const data = await this.labelled(opts.limit ?? LABELLED_LIMIT);
    const labels = new Set(data.all.map((e) => e.label));
    if (data.all.length < 20 || labels.size < 2) throw conflict('not_enough_examples', `Training needs at least 20 labelled complaints in 2 categories (found ${data.all.length} in ${labels.size})`);
    const started = Date.now();
    // A corpus text that is also a held-out confirmation (a desk fed from the same messages) would
    // measure the model on what it was taught: such corpus examples are left out.
    const held = new Set(data.heldOut.map((h) => h.text.trim()));
    const corpus = mappedCorpus(this.host.corpusCategoryOf).filter((e) => !held.has(e.text.trim()));
    const candidate = TriageClassifier.train([...data.train.map((e) => ({ text: e.text, label: e.label })), ...corpus], { rules: this.host.categoryRules });
    const measured = await this.measure(candidate, data);
    const before = calibrate(this.heldOutPredictions(this.classifier, data.heldOut), {}, measured.policy).accuracy;
    // The cold start (no stored version) is always replaced: it was trained on the whole corpus, so its
    // score on a desk fed from the same messages is not comparable (recorded all the same).
    const accepted = this.modelVersion === null || measured.accuracy >= before;
    const record: ModelRecord = { ...measured, accepted, replaced: { version: this.modelVersion, accuracy: before } };
    if (record.accepted) {
      this.learned.clear();
      this.trainedUntil = started;
    }
    const version = await this.persist('train', actorId, { trainedUntil: started, record, classifier: candidate });
    return { version, accepted: record.accepted, examples: data.train.length, corpusExamples: corpus.length, heldOut: record.n, labels: labels.size, calibration: record, ms: Date.now() - started };
  }

  async list() {
    const rows = await repo.listModels(this.ctx.db);
    return {
      active: this.modelVersion,
      /** Figures of the model in use (null: not calibrated, e.g. the cold start), and the policy in force. */
      calibration: this.record,
      policy: { targetPrecision: this.host.settings.targetPrecision, minHeldOut: this.host.settings.minHeldOut, minConfirmedPerClass: this.host.settings.minConfirmedPerClass },
      items: rows.map((m) => ({ version: Number(m.version), encoding: m.encoding, labels: JSON.parse(m.labels) as string[], examples: Number(m.examples), trainedUntil: new Date(Number(m.trained_until)).toISOString(), source: m.source, createdBy: m.created_by, createdAt: new Date(Number(m.created_at)).toISOString(), active: !!m.active, calibration: m.calibration ? (JSON.parse(m.calibration) as ModelRecord) : null })),
    };
  }
}
