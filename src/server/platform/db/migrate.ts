import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { DbHandle } from './index.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_triage.js';
import * as m003 from './migrations/003_sla.js';
import * as m004 from './migrations/004_notify.js';
import * as m005 from './migrations/005_reports.js';
import * as m006 from './migrations/006_search_docs.js';
import * as m007 from './migrations/007_reply_templates.js';
import * as m008 from './migrations/008_search_windows.js';
import * as m009 from './migrations/009_hotline.js';
import * as m010 from './migrations/010_event_clusters.js';
import * as m011 from './migrations/011_triage_calibration.js';
import * as m012 from './migrations/012_job_pool.js';
import * as m013 from './migrations/013_contingency_plans.js';
import * as m014 from './migrations/014_incidents.js';
import * as m015 from './migrations/015_resources.js';
import * as m016 from './migrations/016_compensation.js';
import * as m017 from './migrations/017_statements_reviews.js';
import * as m021 from './migrations/021_imports.js';
import * as m019 from './migrations/019_mail_intake.js';
import * as m018 from './migrations/018_portal_followup.js';
import * as m020 from './migrations/020_open311.js';
import * as m022 from './migrations/022_messaging.js';
import * as m023 from './migrations/023_opinion_sentiment.js';
import * as m024 from './migrations/024_opinion_mentions.js';
import * as m025 from './migrations/025_cases.js';
import * as m026 from './migrations/026_opinion_alerts.js';
import * as m027 from './migrations/027_job_request_id.js';

type DialectMigration = { up(db: any, dialect: DbHandle['dialect']): Promise<void>; down?(db: any): Promise<void> };

/** Migrations in order. Add new files here; never edit one that has shipped. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '001_foundation': m001,
  '002_triage': m002,
  '003_sla': m003,
  '004_notify': m004,
  '005_reports': m005,
  '006_search_docs': m006,
  '007_reply_templates': m007,
  '008_search_windows': m008,
  '009_hotline': m009,
  '010_event_clusters': m010,
  '011_triage_calibration': m011,
  '012_job_pool': m012,
  '013_contingency_plans': m013,
  '014_incidents': m014,
  '015_resources': m015,
  '016_compensation': m016,
  '017_statements_reviews': m017,
  '021_imports': m021,
  '019_mail_intake': m019,
  '018_portal_followup': m018,
  '020_open311': m020,
  '022_messaging': m022,
  '023_opinion_sentiment': m023,
  '024_opinion_mentions': m024,
  '025_cases': m025,
  '026_opinion_alerts': m026,
  '027_job_request_id': m027,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DbHandle['dialect']) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => m.up(db, this.dialect), down: m.down };
    }
    return out;
  }
}

/** Applies pending migrations; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(handle: DbHandle): Promise<string[]> {
  // Numbers are reserved per feature and land in any order (003 may ship before 002), so an
  // existing database applies a lower-numbered migration that arrives later.
  // On PostgreSQL the bookkeeping tables live in the connection's schema: Kysely otherwise finds
  // another schema's kysely_migration_lock (parallel test suites) and assumes its own exists.
  const migrationTableSchema =
    handle.dialect === 'postgres' ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(handle.db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db: handle.db, provider: new StaticProvider(handle.dialect), allowUnorderedMigrations: true, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${why}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
