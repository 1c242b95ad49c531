/**
 * The sentiment model of one process, mirroring the triage category model: the active version
 * (`opinion_sentiment_models`) in memory, taught at once by a PR officer's correction, and saved as a
 * new version by the `opinion.sentiment.learn` job on the one scheduler (debounced through its dedupe
 * key, so a burst of corrections makes one version). Every `retrainEvery` corrections the learn job
 * also enqueues `opinion.sentiment.retrain`: a full retraining on the bundled reviews plus every
 * correction. Instances re-read the active version at most every `syncIntervalMs`; corrections after a
 * version's `trained_until` are replayed into it when it is loaded, so none is lost in between.
 */
import zlib from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { enqueue } from '../../platform/jobs/enqueue.js';
import type { OpinionSentimentCorrectionTable } from '../../platform/db/schema.js';
import { bundledEngine } from './sentiment.bundled.js';
import { bundled, SHOPPING, WAIMAI } from './sentiment.data.js';
import { detectLanguage } from './sentiment.language.js';
import { SentimentModel, type SentimentExample } from './sentiment.model.js';
import { DEFAULT_BAND, SentimentEngine, type NeutralBand, type SentimentLabel, type SentimentResult } from './sentiment.js';
import * as repo from './sentiment.repo.js';

export const LEARN_JOB = 'opinion.sentiment.learn';
export const RETRAIN_JOB = 'opinion.sentiment.retrain';

export interface SentimentSettings {
  band: NeutralBand;
  /** A new version is saved this long after the last correction. */
  learnDelayMs: number;
  /** A full retraining after this many corrections since the last one. */
  retrainEvery: number;
  /** How often an instance looks for a newer active version. */
  syncIntervalMs: number;
  /** How many times a correction counts in a full retraining (a reviewed label outweighs a corpus row). */
  correctionWeight: number;
}

export const DEFAULT_SETTINGS: SentimentSettings = { band: DEFAULT_BAND, learnDelayMs: 2000, retrainEvery: 200, syncIntervalMs: 1000, correctionWeight: 3 };

export interface PreviewResult extends SentimentResult {
  /** The stored version that answered; null: the shipped model (plus corrections not yet saved). */
  modelVersion: number | null;
}

const services = new WeakMap<AppContext, SentimentService>();

/** The process's sentiment service for this context (registers its jobs once). */
export function sentimentService(ctx: AppContext): SentimentService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new SentimentService(ctx)));
  return s;
}

export class SentimentService {
  readonly settings: SentimentSettings = { ...DEFAULT_SETTINGS };
  /** The corpus of a full retraining (tests give a small one). */
  corpus: () => SentimentExample[] = () => [...bundled(WAIMAI), ...bundled(SHOPPING)];
  private engine: SentimentEngine | undefined;
  private version: number | null = null;
  private checkedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(readonly ctx: AppContext) {
    ctx.jobs.register(LEARN_JOB, async () => {
      await this.saveLearned();
    });
    ctx.jobs.register(RETRAIN_JOB, async () => {
      await this.retrain(null);
    });
  }

  get modelVersion(): number | null {
    return this.version;
  }

  /** The engine of the active version (loaded, or re-read when another instance saved a newer one). */
  private async current(): Promise<SentimentEngine> {
    if (this.loading) await this.loading;
    const now = Date.now();
    if (this.engine && now - this.checkedAt < this.settings.syncIntervalMs) return this.engine;
    this.loading = (async () => {
      const active = await repo.activeVersion(this.ctx.db);
      this.checkedAt = Date.now();
      if (!this.engine || active !== this.version) await this.load(active);
    })();
    try {
      await this.loading;
    } finally {
      this.loading = undefined;
    }
    return this.engine!;
  }

  private async load(version: number | null): Promise<void> {
    const row = version === null ? undefined : await repo.getModel(this.ctx.db, version);
    const engine = row ? SentimentEngine.fromJSON(zlib.gunzipSync(Buffer.from(row.model, 'base64')).toString('utf8')) : bundledEngine();
    const until = row ? Number(row.trained_until) : 0;
    // Corrections made after the version was saved are learned again, so no instance loses them.
    for (const c of await repo.correctionsSince(this.ctx.db, until)) learnCorrection(engine, c);
    this.engine = engine;
    this.version = row ? Number(row.version) : null;
  }

  /**
   * A synchronous analyser over the current version, for scoring many texts at once (mention ingest):
   * `const analyze = await sentimentService(ctx).analyzer(); rows.map((m) => analyze(m.text))`.
   */
  async analyzer(band: NeutralBand | null = this.settings.band): Promise<(text: string) => PreviewResult> {
    const engine = await this.current();
    const modelVersion = this.version;
    return (text) => ({ ...engine.analyze(text, band), modelVersion });
  }

  async preview(text: string, band: NeutralBand | null = this.settings.band): Promise<PreviewResult> {
    const engine = await this.current();
    return { ...engine.analyze(text, band), modelVersion: this.version };
  }

  /**
   * Stores a corrected label (audited) and schedules the learn job; this instance's model learns it at
   * once. A neutral correction is stored (it measures the band) but teaches the binary model nothing.
   */
  async correct(actor: Actor, body: { text: string; label: SentimentLabel; mentionId?: string }) {
    const engine = await this.current();
    const before = { ...engine.analyze(body.text, this.settings.band), modelVersion: this.version };
    const now = Date.now();
    const row: OpinionSentimentCorrectionTable = {
      id: uuidv7(),
      text: body.text,
      language: detectLanguage(body.text),
      label: body.label,
      predicted_label: before.label,
      p_negative: before.pNegative,
      model_version: this.version,
      mention_id: body.mentionId ?? null,
      corrected_by: actor.id,
      created_at: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertCorrection(trx, row);
      await appendAudit(trx, { actorId: actor.id, action: 'opinion.sentiment_corrected', entityType: 'opinion_sentiment_correction', entityId: row.id, data: { label: body.label, predicted: before.label, pNegative: before.pNegative, language: row.language, modelVersion: this.version, mentionId: row.mention_id } });
      if (body.label !== 'neutral') await enqueue(trx, { type: LEARN_JOB, dedupeKey: LEARN_JOB, replace: true, runAt: now + this.settings.learnDelayMs }, now);
    });
    learnCorrection(engine, row);
    const after = { ...engine.analyze(body.text, this.settings.band), modelVersion: this.version };
    return { id: row.id, label: body.label, language: row.language as PreviewResult['language'], before, after, createdAt: new Date(now).toISOString() };
  }

  /** The learn job: the active version plus the corrections since it, saved as a new version. */
  async saveLearned(): Promise<number | null> {
    const active = await repo.activeVersion(this.ctx.db);
    const row = active === null ? undefined : await repo.getModel(this.ctx.db, active);
    const engine = row ? SentimentEngine.fromJSON(zlib.gunzipSync(Buffer.from(row.model, 'base64')).toString('utf8')) : bundledEngine();
    const since = row ? Number(row.trained_until) : 0;
    const fresh = await repo.correctionsSince(this.ctx.db, since);
    if (fresh.length === 0) return active;
    for (const c of fresh) learnCorrection(engine, c);
    const until = fresh[fresh.length - 1].created_at;
    const version = await this.save(engine, 'learn', null, until, Number(row?.corrections ?? 0) + fresh.length);
    const lastTrain = (await repo.lastTrainedAt(this.ctx.db)) ?? 0;
    if ((await repo.countCorrectionsSince(this.ctx.db, lastTrain)) >= this.settings.retrainEvery) {
      await enqueue(this.ctx.db, { type: RETRAIN_JOB, dedupeKey: RETRAIN_JOB });
    }
    return version;
  }

  /** A full retraining: the corpus plus every positive/negative correction (`correctionWeight` times each). */
  async retrain(actorId: string | null): Promise<number> {
    const started = Date.now();
    const all = await repo.allCorrections(this.ctx.db);
    const zhCorrections = all.filter((c) => c.label !== 'neutral' && c.language === 'zh');
    const examples = [...this.corpus()];
    for (const c of zhCorrections) for (let i = 0; i < this.settings.correctionWeight; i++) examples.push({ text: c.text, negative: c.label === 'negative' });
    const engine = new SentimentEngine(SentimentModel.train(examples));
    // English has no corpus: its corrections are learned one by one, as they came.
    for (const c of all) if (c.language === 'en') learnCorrection(engine, c);
    const until = all.length ? all[all.length - 1].created_at : started;
    return this.save(engine, 'train', actorId, until, all.length);
  }

  private async save(engine: SentimentEngine, source: 'learn' | 'train', actorId: string | null, until: number, corrections: number): Promise<number> {
    const json = JSON.stringify(engine.toJSON());
    const stored = zlib.gzipSync(json).toString('base64');
    const version = await this.ctx.db.transaction().execute(async (trx) => {
      const v = await repo.insertModel(trx, { model: stored, encoding: 'gzip+base64', examples: engine.zh.examples + engine.en.examples, corrections, trained_until: until, source, created_by: actorId, created_at: Date.now() });
      await appendAudit(trx, { actorId, action: 'opinion.sentiment_model_saved', entityType: 'opinion_sentiment_model', entityId: String(v), data: { source, corrections, bytes: stored.length } });
      return v;
    });
    this.checkedAt = 0; // the next call loads it
    return version;
  }
}

function learnCorrection(engine: SentimentEngine, c: Pick<OpinionSentimentCorrectionTable, 'text' | 'label'>): void {
  if (c.label === 'positive' || c.label === 'negative') engine.learn(c.text, c.label === 'negative');
}
