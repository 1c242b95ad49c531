import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Activity } from '../complaints/activity.js';
import type { KeywordRules, Prediction } from './classifier.js';
import { DEFAULT_RULES, withDefaults, type SeverityRuleSet } from './severity.js';
import type { Locale } from './severity.explain.js';
import { ClusterTracker } from './clusters.js';
import type { EventIndex } from './event-matcher.js';
import { EVENT_EVICT_GRACE_MS, newEventIndex, restoreEvent, topCategories } from './event-intake.js';
import { presentTriage, type TriageJson } from './triage.presenter.js';
import { DEFAULT_TRIAGE_SETTINGS, type TriageSettings } from './triage.settings.js';
import { CategoryModel } from './triage.model.js';
import { categoryByName, corpusExamples } from './corpus.js';
import { persistTriage, prepareTriage, presentPrepared, type IntakeInput, type Prepared } from './triage.intake.js';
import { massRaiseJob, rerunTriage, retryTriageJob } from './triage.rerun.js';
import { confirmTriage } from './triage.confirm.js';
import { lookupPerson, previewTriage } from './triage.lookup.js';
import { getRules, putRules, putSettings } from './triage.config.js';
import * as repo from './triage.repo.js';

export { DEFAULT_TRIAGE_SETTINGS, validateSettings, type TriageSettings } from './triage.settings.js';
export type { IntakeInput, Prepared } from './triage.intake.js';

/** Cluster rows read per query when seeding a rebuilt tracker with stored sizes. */
const CLUSTER_SEED_CHUNK = 500;
/** Signatures written up to this long before the last one seen are read again (commit-order skew). */
const SYNC_OVERLAP_MS = 5000;
/** How often an idle instance looks for expired duplicate-index entries (additions look too). */
const EVICT_CHECK_MS = 60_000;

let corpusNames: string[] | undefined;

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
 *
 * This class holds the shared in-memory state and keeps it in sync; each job lives in its own file
 * (intake, rerun, confirm, lookup, cluster queries, config, model) as functions of this service.
 */
export class TriageService {
  settings: TriageSettings = { ...DEFAULT_TRIAGE_SETTINGS };
  rules: SeverityRuleSet = DEFAULT_RULES;
  ruleSeq = 0;
  /** The in-memory duplicate index and clusters (module-internal). */
  tracker: ClusterTracker;
  /** Same-event matching (event-intake.ts); its links join clusters in `tracker`. */
  events: EventIndex;
  private topCategory = new Map<string, string>();
  readonly model: CategoryModel;
  categoryRules: KeywordRules = {};
  categories = new Map<string, { defaultDepartmentId: string | null; active: boolean }>();
  corpusCategoryOf: (name: string) => string | undefined = () => undefined;
  private corpusKey = '';
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;
  private sigCursor = 0;
  private lastEvictCheck = 0;
  private initialized: Promise<void> | undefined;
  readonly origin: string;

  constructor(readonly ctx: AppContext) {
    this.origin = ctx.jobs.owner;
    this.tracker = this.newTracker();
    this.events = newEventIndex((id) => this.topCategory.get(id));
    this.model = new CategoryModel(ctx, this);
    ctx.jobs.register('triage.retry', async (p: { complaintId: string }) => retryTriageJob(this, p.complaintId));
    ctx.jobs.register('triage.mass_raise', async (p: { clusterId: string }) => massRaiseJob(this, p.clusterId));
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

  /** Rebuilds the in-memory indexes and clusters from the stored ones (start, settings change, a coordinator's correction). */
  async rebuildIndex(): Promise<void> {
    this.tracker = this.newTracker();
    this.events = newEventIndex((id) => this.topCategory.get(id));
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

  private restore(r: { complaint_id: string; signature: string; cluster_id: string | null; category_id: string | null; location: string | null; event_features?: string | null; created_at: number }): void {
    restoreEvent(this.events, r);
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
        this.rules = rs ? withDefaults(JSON.parse(rs.rules) as Partial<SeverityRuleSet>) : DEFAULT_RULES;
        this.ruleSeq = head?.seq ?? 0;
      }

      const cats = await repo.categories(db);
      this.categories = new Map(cats.map((c) => [c.id, { defaultDepartmentId: c.default_department_id, active: !!c.active }]));
      this.categoryRules = Object.fromEntries(cats.filter((c) => c.active).map((c) => [c.id, JSON.parse(c.keywords) as string[]]));
      this.topCategory = topCategories(cats);
      this.corpusCategoryOf = categoryByName(cats);
      // The cold-start model is rebuilt when the mapping of the corpus's category names changes.
      corpusNames ??= [...new Set(corpusExamples().map((e) => e.category))].sort();
      this.corpusKey = corpusNames.map((n) => `${n}=${this.corpusCategoryOf(n) ?? ''}`).join(',');

      const version = await repo.activeModelVersion(db);
      if (this.model.stale(version, this.corpusKey)) await this.model.load(version, this.corpusKey);
      this.model.setRules(this.categoryRules);

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
        this.events.evictOlderThan(started - this.events.withinMs - EVENT_EVICT_GRACE_MS);
      }
      this.lastRefresh = started;
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The category suggestion for a text (a seam tests use to inject failures). */
  classify(text: string): Prediction {
    return this.model.predict(text);
  }

  get activeModelVersion(): number | null {
    return this.model.version;
  }

  // ---- the service's operations, each implemented in its own file ----------------------------------

  /** Judges a new complaint before it is written (never throws; see triage.intake.ts). */
  prepare(input: IntakeInput): Promise<Prepared> {
    return prepareTriage(this, input);
  }

  persist(trx: Transaction<Database>, p: Prepared, actorId: string | null, opts: { rerun?: boolean } = {}): Promise<Activity> {
    return persistTriage(this, trx, p, actorId, opts);
  }

  /** The reader's language for explanations; the organisation's when not given. */
  present(p: Prepared, locale: Locale = this.ctx.config.locale): TriageJson {
    return presentPrepared(p, locale);
  }

  /** `triage` objects for complaints (one query); complaints without a triage row map to null. */
  async presentFor(ids: string[], locale: Locale = this.ctx.config.locale): Promise<Map<string, TriageJson>> {
    const rows = await repo.triageRows(this.ctx.db, ids);
    return new Map(rows.map((r) => [r.complaint_id, presentTriage(r, locale)]));
  }

  /** Adds `triage` to complaint JSON objects. */
  async attach<T extends { id: string }>(items: T[], locale: Locale = this.ctx.config.locale): Promise<Array<T & { triage: TriageJson | null; clusterId: string | null; mass: boolean }>> {
    const m = await this.presentFor(items.map((i) => i.id), locale);
    // clusterId and mass on the item itself: the inbox marks cluster members without reading triage.
    return items.map((i) => {
      const t = m.get(i.id) ?? null;
      return { ...i, triage: t, clusterId: t?.cluster?.id ?? null, mass: !!(t?.mass || t?.cluster?.mass) };
    });
  }

  rerun(id: string, actorId: string | null): Promise<void> {
    return rerunTriage(this, id, actorId);
  }

  confirm(actor: Actor, id: string, body: { categoryId: string; level: number; reason?: string }): Promise<void> {
    return confirmTriage(this, actor, id, body);
  }

  /**
   * Trains a new model from the organisation's labelled complaints and the bundled corpus (see
   * CategoryModel.train); `force` skips the rate limit (CLI, demo).
   */
  train(actorId: string | null, opts: { limit?: number; force?: boolean } = {}) {
    return this.model.train(actorId, opts);
  }

  listModels() {
    return this.model.list();
  }

  preview(actor: Actor, body: Parameters<typeof previewTriage>[2]) {
    return previewTriage(this, actor, body);
  }

  lookup(actor: Actor, q: { phone?: string; email?: string }) {
    return lookupPerson(this, actor, q);
  }

  getRules() {
    return getRules(this);
  }

  putRules(actor: Actor, body: Record<string, unknown>) {
    return putRules(this, actor, body);
  }

  getSettings() {
    return { ...this.settings };
  }

  putSettings(actor: Actor, patch: Partial<TriageSettings>) {
    return putSettings(this, actor, patch);
  }
}
