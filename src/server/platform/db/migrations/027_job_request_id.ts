import type { Kysely } from 'kysely';

/**
 * The id of the HTTP request that enqueued a job (issue 17, part 2): the runner logs the job's runs
 * with it, so a request's log lines and those of the jobs it started can be found together.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('request_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('request_id').execute();
}
