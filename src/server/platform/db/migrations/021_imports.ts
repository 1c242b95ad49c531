import type { Kysely } from 'kysely';
import type { Dialect } from '../index.js';

/**
 * CSV/XLSX imports of historical complaints (issue 14, part 4): uploads parsed once (rows encrypted),
 * saved column mappings, runs with progress, and complaint_imports — (source, external_id) unique, so
 * importing the same file twice creates each complaint once.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const time = 'bigint';
  await db.schema
    .createTable('import_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text')
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('import_rows')
    .addColumn('upload_id', 'text', (c) => c.notNull().references('import_uploads.id').onDelete('cascade'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('data_enc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_rows_pk', ['upload_id', 'row_no'])
    .execute();
  await db.schema
    .createTable('import_presets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('upload_id', 'text', (c) => c.notNull().references('import_uploads.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('started_at', time)
    .addColumn('finished_at', time)
    .execute();
  await db.schema.createIndex('import_runs_upload').on('import_runs').columns(['upload_id']).execute();
  await db.schema
    .createTable('complaint_imports')
    .addColumn('complaint_id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('received_at', time, (c) => c.notNull())
    .addColumn('closed_at', time)
    .addColumn('imported_at', time, (c) => c.notNull())
    .addUniqueConstraint('complaint_imports_source_external', ['source', 'external_id'])
    .execute();
}
