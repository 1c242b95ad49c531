import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { AppContext } from '../../context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { conflict } from '../../platform/http/problem.js';
import { TriageClassifier, type KeywordRules, type Prediction, type SerializedModel } from './classifier.js';
import type { TriageSettings } from './triage.settings.js';
import * as repo from './triage.repo.js';

const gzip = promisify(zlib.gzip);

/** Models larger than this are stored gzip-compressed (base64). */
const COMPRESS_ABOVE = 64 * 1024;

/** What the model store reads from the triage service it belongs to (re-read on every use). */
export interface ModelHost {
  readonly settings: TriageSettings;
  readonly categoryRules: KeywordRules;
  readonly categories: ReadonlyMap<string, { defaultDepartmentId: string | null; active: boolean }>;
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

  async load(version: number | null): Promise<void> {
    const row = version === null ? undefined : await repo.getModel(this.ctx.db, version);
    if (row) {
      const json = row.encoding === 'gzip+base64' ? zlib.gunzipSync(Buffer.from(row.model, 'base64')).toString('utf8') : row.model;
      this.classifier = TriageClassifier.fromJSON(JSON.parse(json) as SerializedModel);
      this.trainedUntil = Number(row.trained_until);
    } else {
      // Cold start: keyword rules from categories.keywords until there is a model.
      this.classifier = new TriageClassifier({ rules: this.host.categoryRules });
      this.trainedUntil = 0;
    }
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

  /** Saves the current classifier as the new active model version. */
  async persist(source: 'learn' | 'train', actorId: string | null, trainedUntil?: number): Promise<number | null> {
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
    await this.host.init();
    await this.host.refresh(true);
    const rows = await repo.labelledComplaints(this.ctx.db, opts.limit ?? 20_000);
    const examples = rows.filter((r) => this.host.categories.get(r.category_id!)?.active).map((r) => ({ text: `${r.subject}\n${r.description}`, label: r.category_id! }));
    const labels = new Set(examples.map((e) => e.label));
    if (examples.length < 20 || labels.size < 2) throw conflict('not_enough_examples', `Training needs at least 20 labelled complaints in 2 categories (found ${examples.length} in ${labels.size})`);
    const started = Date.now();
    this.classifier = TriageClassifier.train(examples, { rules: this.host.categoryRules });
    this.learned.clear();
    const version = await this.persist('train', actorId, started);
    return { version, examples: examples.length, labels: labels.size, ms: Date.now() - started };
  }

  async list() {
    const rows = await repo.listModels(this.ctx.db);
    return {
      active: this.modelVersion,
      items: rows.map((m) => ({ version: Number(m.version), encoding: m.encoding, labels: JSON.parse(m.labels) as string[], examples: Number(m.examples), trainedUntil: new Date(Number(m.trained_until)).toISOString(), source: m.source, createdBy: m.created_by, createdAt: new Date(Number(m.created_at)).toISOString(), active: !!m.active })),
    };
  }
}
