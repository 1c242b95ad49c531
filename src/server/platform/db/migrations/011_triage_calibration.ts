import type { Kysely } from 'kysely';

/**
 * Triage that earns trust: each model version records the held-out figures its auto-apply threshold
 * was chosen from (`triage_models.calibration`, JSON); a confirmation records whether it was held out
 * from training to measure the model (`complaint_triage.held_out`); a triage records whether its
 * suggestion came from a model calibrated for that category (`complaint_triage.calibrated`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('triage_models').addColumn('calibration', 'text').execute();
  await db.schema.alterTable('complaint_triage').addColumn('held_out', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('complaint_triage').addColumn('calibrated', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaint_triage').dropColumn('calibrated').execute();
  await db.schema.alterTable('complaint_triage').dropColumn('held_out').execute();
  await db.schema.alterTable('triage_models').dropColumn('calibration').execute();
}
