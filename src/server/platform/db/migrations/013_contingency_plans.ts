import { sql, type Kysely } from 'kysely';

/**
 * Emergency plans (应急预案, issue 13): a plan is a stable key and owner; its text lives in numbered
 * versions (draft → approved → published → retired, content as PlanContent JSON). Partial unique
 * indexes keep at most one draft and one published version per plan, whatever races the service
 * loses. Each category may name the plan it activates and its response strategy (应对策略).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contingency_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('contingency_plan_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('contingency_plans.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | approved | published | retired
    .addColumn('content', 'text', (c) => c.notNull()) // JSON PlanContent
    .addColumn('change_note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'bigint')
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'bigint')
    .addColumn('retired_at', 'bigint')
    .addColumn('review_due_at', 'bigint')
    // When the owner was reminded that the review is due: once per version.
    .addColumn('review_reminded_at', 'bigint')
    .addUniqueConstraint('contingency_plan_versions_plan_version', ['plan_id', 'version'])
    .execute();
  await sql`CREATE UNIQUE INDEX contingency_plan_versions_one_draft ON contingency_plan_versions (plan_id) WHERE status = 'draft'`.execute(db);
  await sql`CREATE UNIQUE INDEX contingency_plan_versions_one_published ON contingency_plan_versions (plan_id) WHERE status = 'published'`.execute(db);
  await db.schema.createIndex('contingency_plan_versions_status_due').on('contingency_plan_versions').columns(['status', 'review_due_at']).execute();
  await db.schema
    .createTable('contingency_category_plans')
    .addColumn('category_id', 'text', (c) => c.primaryKey().references('categories.id'))
    .addColumn('plan_id', 'text', (c) => c.references('contingency_plans.id'))
    .addColumn('response_strategy', 'text') // JSON {zh, en}
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contingency_category_plans').execute();
  await db.schema.dropTable('contingency_plan_versions').execute();
  await db.schema.dropTable('contingency_plans').execute();
}
