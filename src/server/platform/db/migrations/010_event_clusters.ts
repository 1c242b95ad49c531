import type { Kysely } from 'kysely';

/**
 * Same-event clusters: each complaint's event-matcher features are stored with its signature
 * (`complaint_signatures.event_features`, JSON: words, place names, door numbers, coordinates) so a
 * restart rebuilds the event index without segmenting text again; a coordinator may dismiss a
 * cluster (`clusters.dismissed_at/by`: its members are detached, the row stays as the record).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaint_signatures').addColumn('event_features', 'text').execute();
  await db.schema.alterTable('clusters').addColumn('dismissed_at', 'bigint').execute();
  await db.schema.alterTable('clusters').addColumn('dismissed_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clusters').dropColumn('dismissed_by').execute();
  await db.schema.alterTable('clusters').dropColumn('dismissed_at').execute();
  await db.schema.alterTable('complaint_signatures').dropColumn('event_features').execute();
}
