import type { Kysely } from 'kysely';

/**
 * Incident follow-up (issue 13): public statements (公开声明) with every text revision and the two
 * approvals (a PR officer and a leader) they need before publication; the post-incident review
 * (复盘, one per incident) whose completion allows closing; and its improvement actions (owner, due
 * date, type; a revise_plan action links the plan's draft version it opened).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('incident_statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | submitted | published | withdrawn | superseded
    .addColumn('revision', 'integer', (c) => c.notNull()) // the current text's revision number (1, 2, …)
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('body_zh', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('is_drill', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('supersedes_id', 'text') // the published statement this one replaces on publication
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('submitted_at', time)
    .addColumn('published_at', time)
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('ended_at', time) // withdrawn or superseded
    .addColumn('ended_by', 'text', (c) => c.references('users.id'))
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema.createIndex('incident_statements_incident').on('incident_statements').columns(['incident_id', 'id']).execute();
  await db.schema.createIndex('incident_statements_public').on('incident_statements').columns(['status', 'published_at']).execute();
  await db.schema
    .createTable('incident_statement_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('statement_id', 'text', (c) => c.notNull().references('incident_statements.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('body_zh', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addUniqueConstraint('incident_statement_revisions_unique', ['statement_id', 'revision'])
    .execute();
  await db.schema
    .createTable('incident_statement_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('statement_id', 'text', (c) => c.notNull().references('incident_statements.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'text', (c) => c.notNull()) // pr_officer | leader
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('voided_at', time) // an edit after it voids it
    .execute();
  await db.schema.createIndex('incident_statement_approvals_statement').on('incident_statement_approvals').columns(['statement_id', 'revision']).execute();
  await db.schema
    .createTable('incident_reviews')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | completed
    .addColumn('findings', 'text')
    .addColumn('metrics', 'text', (c) => c.notNull()) // JSON, computed when saved and when completed
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('completed_by', 'text', (c) => c.references('users.id'))
    .addColumn('completed_at', time)
    .execute();
  await db.schema
    .createTable('incident_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('type', 'text', (c) => c.notNull()) // revise_plan | training | process | other
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | done
    .addColumn('plan_version_id', 'text', (c) => c.references('contingency_plan_versions.id')) // revise_plan: the draft it opened or joined
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('done_by', 'text', (c) => c.references('users.id'))
    .addColumn('done_at', time)
    .addColumn('reminded_at', time)
    .execute();
  await db.schema.createIndex('incident_actions_incident').on('incident_actions').columns(['incident_id', 'id']).execute();
  await db.schema.createIndex('incident_actions_due').on('incident_actions').columns(['status', 'due_at']).execute();
}
