import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createDb, type Db, type DbHandle, type Dialect } from './platform/db/index.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { FieldCrypto } from './platform/crypto/fields.js';
import { loadMasterKey } from './platform/crypto/keys.js';
import { createSearchIndex, type SearchIndex } from './platform/search/search.js';
import { JobRunner, type RunnerOptions } from './platform/jobs/jobs.js';
import { EventBus } from './platform/events/events.js';
import { registerSla } from './modules/sla/sla.js';
import { registerFollowup } from './modules/followup/followup.service.js';
import { registerOpinion } from './modules/opinion/opinion.js';
import { registerMessaging } from './modules/messaging/messaging.js';
import { installReports } from './modules/reports/rollups.js';
import { registerIncidents } from './modules/contingency/incident.js';
import { incidentLiveSubject, planLiveSubject } from './modules/contingency/incident.live.js';
import { registerIncidentReviews } from './modules/contingency/incident.review.service.js';
import { scheduleReviewReminders } from './modules/contingency/plan-reviews.js';
import { Notifications, type NotifyOptions } from './modules/notifications/notification.service.js';
import { bindAuditKey, ensureKeyedChain } from './platform/audit/audit.js';
import { scheduleCheckpoints } from './platform/audit/checkpoint.js';
import { registerMailIntake } from './modules/mail-intake/mail.js';
import { Metrics } from './platform/metrics/registry.js';
import { groupCommitObserver, registerDbMetrics } from './platform/db/db.metrics.js';
import { registerJobMetrics } from './platform/jobs/jobs.metrics.js';
import { registerSlaMetrics } from './modules/sla/sla.metrics.js';
import { intakeCounter } from './modules/complaints/complaint.metrics.js';

/** Everything a request or a job needs, built once per process (and once per test suite). */
export interface AppContext {
  config: Config;
  handle: DbHandle;
  db: Db;
  dialect: Dialect;
  fieldCrypto: FieldCrypto;
  search: SearchIndex;
  jobs: JobRunner;
  events: EventBus;
  /** In-app, email, webhook and live (SSE) notifications. */
  notify: Notifications;
  /** This process's metrics (GET /metrics; platform/metrics). */
  metrics: Metrics;
  log: Logger;
  close(): Promise<void>;
}

export interface ContextOptions {
  log?: Logger;
  /** PostgreSQL schema to use (tests). */
  schema?: string;
  /** Job runner tuning (tests use short leases). */
  jobs?: RunnerOptions;
  notify?: Partial<NotifyOptions>;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const log = opts.log ?? pino({ level: config.logLevel });
  const metrics = new Metrics();
  const handle = await createDb(config.databaseUrl, { schema: opts.schema, onGroupCommit: groupCommitObserver(metrics) });
  await migrateToLatest(handle);
  const masterKey = loadMasterKey(config.secretKey, config.dataDir);
  const fieldCrypto = new FieldCrypto(masterKey);
  bindAuditKey(handle.db, masterKey);
  await ensureKeyedChain(handle.db);
  const jobs = new JobRunner(handle.db, handle.dialect, log, opts.jobs);
  const events = new EventBus(jobs, log);
  const notify = new Notifications({ db: handle.db, dialect: handle.dialect, config, log, jobs, events, fieldCrypto }, opts.notify);
  const ctx: AppContext = {
    config,
    handle,
    db: handle.db,
    dialect: handle.dialect,
    fieldCrypto,
    search: createSearchIndex(handle.dialect),
    jobs,
    events,
    notify,
    metrics,
    log,
    async close() {
      await notify.close();
      await jobs.stop();
      await handle.close();
      metrics.close();
    },
  };
  // Metrics: each part registers its own; they are computed when /metrics is scraped.
  registerDbMetrics(metrics, handle);
  registerJobMetrics(metrics, jobs, handle.db);
  registerSlaMetrics(metrics, handle.db);
  intakeCounter(metrics);
  metrics.liveGauge('redress_sse_connections', 'Open server-sent event streams (live updates) on this instance', [], () => [{ value: notify.live.size }]);
  // Deadlines: clocks follow complaint events; timer jobs run wherever jobs run.
  registerSla(ctx);
  // Messages to the complainant: public updates become messages over the preferred channel; send jobs run wherever jobs run.
  registerMessaging(ctx);
  // Statistics: per-complaint facts follow the same events, in every process that delivers them
  // (server, demo loader, imports), not only where the HTTP routes are mounted.
  installReports(ctx);
  // Follow-up (回访): a survey opens when a complaint is replied to or closed.
  registerFollowup(ctx);
  // Opinion monitoring: feed polls and watchlist rematches run wherever jobs run.
  registerOpinion(ctx);
  // Incidents: activation follows triage and complaint events; task and report timers run wherever jobs run.
  registerIncidents(ctx);
  // Live streams: incident and plan events reach whoever may see that incident / read plans.
  notify.live.subjects.register(incidentLiveSubject);
  notify.live.subjects.register(planLiveSubject);
  // Closing needs a completed post-incident review; improvement actions remind their owner when due.
  registerIncidentReviews(ctx);
  // Emergency plans past their review date remind their owner (a daily sweep).
  await scheduleReviewReminders(ctx);
  // Email intake: acknowledgements to senders, IMAP polling of the configured mailbox.
  await registerMailIntake(ctx);
  await scheduleCheckpoints({ db: handle.db, jobs, log, master: masterKey, dataDir: config.dataDir, everyMs: config.auditCheckpointMinutes * 60_000 });
  return ctx;
}
