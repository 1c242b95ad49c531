import type { Kysely } from 'kysely';

/**
 * Incidents (应急事件, issue 13): an activated emergency plan, pinned to the plan version it was
 * activated with. `trigger_key` is unique (NULLs allowed: manual activations and drills), so one
 * cluster or one complaint opens at most one incident however often its trigger is delivered. The
 * response team (`incident_roles`, one holder per plan role), the tasks made from the plan's steps
 * (`incident_tasks`, one per step key), the complaints it covers, situation reports, decisions and
 * its one timeline hang off it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique()) // YJ20261205-001
    .addColumn('plan_id', 'text', (c) => c.notNull().references('contingency_plans.id'))
    .addColumn('plan_version_id', 'text', (c) => c.notNull().references('contingency_plan_versions.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // active | stable | resolved | closed
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('trigger_kind', 'text', (c) => c.notNull()) // mass_cluster | fast_path | category | opinion_alert | manual | drill
    .addColumn('trigger_key', 'text', (c) => c.unique())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('commander_id', 'text', (c) => c.references('users.id'))
    .addColumn('is_drill', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('activated_by', 'text', (c) => c.references('users.id'))
    .addColumn('activated_at', time, (c) => c.notNull())
    .addColumn('stable_at', time)
    .addColumn('resolved_at', time)
    .addColumn('closed_at', time)
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('sitrep_due_at', time) // next situation report due (null once no longer active)
    .addColumn('sitrep_overdue_at', time) // set by the reminder that found it late; cleared by a report
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'id']).execute();
  await db.schema.createIndex('incidents_department').on('incidents').columns(['department_id', 'id']).execute();

  await db.schema
    .createTable('incident_roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id')) // null: nobody could fill it
    .addColumn('source', 'text', (c) => c.notNull()) // oncall | fallback | activator | manual | unfilled
    .addColumn('assigned_by', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_at', time, (c) => c.notNull())
    .addUniqueConstraint('incident_roles_role', ['incident_id', 'role_key'])
    .execute();
  await db.schema.createIndex('incident_roles_user').on('incident_roles').columns(['user_id']).execute();

  await db.schema
    .createTable('incident_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('owner_role', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('offset_minutes', 'integer', (c) => c.notNull())
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | in_progress | blocked | done | cancelled
    .addColumn('blocked_reason', 'text')
    .addColumn('started_at', time)
    .addColumn('done_at', time)
    .addColumn('overdue_at', time) // when its due timer found it unfinished
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addUniqueConstraint('incident_tasks_step', ['incident_id', 'step_key'])
    .execute();
  await db.schema.createIndex('incident_tasks_assignee').on('incident_tasks').columns(['assignee_id', 'status']).execute();

  await db.schema
    .createTable('incident_complaints')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('via', 'text', (c) => c.notNull()) // trigger | cluster | manual
    .addColumn('linked_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_complaints_pk', ['incident_id', 'complaint_id'])
    .execute();
  await db.schema.createIndex('incident_complaints_complaint').on('incident_complaints').columns(['complaint_id']).execute();

  await db.schema
    .createTable('incident_sitreps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_sitreps_incident').on('incident_sitreps').columns(['incident_id', 'id']).execute();

  await db.schema
    .createTable('incident_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text')
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_decisions_incident').on('incident_decisions').columns(['incident_id', 'id']).execute();

  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_timeline_incident').on('incident_timeline').columns(['incident_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['incident_timeline', 'incident_decisions', 'incident_sitreps', 'incident_complaints', 'incident_tasks', 'incident_roles', 'incidents']) {
    await db.schema.dropTable(t).execute();
  }
}
