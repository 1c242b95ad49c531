import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * Deadlines (issue 4): one row per (complaint, SLA kind) holding the clock's event list (the pure
 * clock in modules/sla/clock.ts folds it), denormalised columns for lists and statistics, the
 * supervision (督办) and extension (延期) records, and versioned SLA configuration.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';

  await db.schema
    .createTable('sla_clocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // signFor | firstResponse | updateCadence | resolution
    .addColumn('policy_id', 'text')
    // Phase: not_started | running | paused | stopped
    .addColumn('state', 'text', (c) => c.notNull())
    // ok | warning | breached (for a stopped clock: breached if its last cycle ended late)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull()) // JSON {durationMs, mode, warnRatio, escalation}
    .addColumn('started_at', time)
    .addColumn('due_at', time)
    .addColumn('warn_at', time)
    .addColumn('met_at', time) // when the clock last stopped (the promise kept, on time or late)
    .addColumn('breached_at', time) // first instant it went past due; null if never
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cycles', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fired', 'text', (c) => c.notNull().defaultTo('[]')) // timer keys already acted on
    .addColumn('timers', 'text', (c) => c.notNull().defaultTo('{}')) // scheduled job keys → at
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_clocks_complaint_kind').on('sla_clocks').columns(['complaint_id', 'kind']).unique().execute();
  await db.schema.createIndex('sla_clocks_kind_breached').on('sla_clocks').columns(['kind', 'breached_at']).execute();
  await db.schema.createIndex('sla_clocks_kind_status_due').on('sla_clocks').columns(['kind', 'status', 'due_at']).execute();
  // Complaint list filters: open clocks by status, and by due time.
  await db.schema.createIndex('sla_clocks_state_status').on('sla_clocks').columns(['state', 'status', 'complaint_id']).execute();
  await db.schema.createIndex('sla_clocks_state_due').on('sla_clocks').columns(['state', 'due_at']).execute();

  await db.schema
    .createTable('sla_supervisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('supervisor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_at', time, (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('reminders', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{key, at, sentAt}]
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('closed_at', time)
    .execute();
  await db.schema.createIndex('sla_supervisions_complaint').on('sla_supervisions').columns(['complaint_id', 'id']).execute();

  await db.schema
    .createTable('sla_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('current_due_at', time)
    .addColumn('new_due_at', time, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', time)
    .addColumn('decision_comment', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_extensions_complaint').on('sla_extensions').columns(['complaint_id', 'id']).execute();

  // Versioned SLA configuration: 'policies' and 'calendar'; the highest version is in force.
  await db.schema
    .createTable('sla_config')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_config_pk', ['key', 'version'])
    .execute();
}
