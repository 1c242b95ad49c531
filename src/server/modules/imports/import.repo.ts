import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ComplaintImportTable, Database, ImportPresetTable, ImportRunTable, ImportUploadTable } from '../../platform/db/schema.js';
import type { Lookups, RowError } from './import.rows.js';

type Tx = Transaction<Database> | Db;

/** The only place with SQL for imports. */

export type UploadRow = Selectable<ImportUploadTable>;
export type RunRow = Selectable<ImportRunTable>;
export type PresetRow = Selectable<ImportPresetTable>;

export async function insertUpload(trx: Tx, upload: Insertable<ImportUploadTable>, rows: Array<{ row_no: number; data_enc: string }>): Promise<void> {
  await trx.insertInto('import_uploads').values(upload).execute();
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('import_rows')
      .values(rows.slice(i, i + 500).map((r) => ({ upload_id: upload.id, ...r })))
      .execute();
  }
}

export const getUpload = (db: Tx, id: string) => db.selectFrom('import_uploads').selectAll().where('id', '=', id).executeTakeFirst();

/** Rows of an upload in file order: `limit` rows after the first `offset`. */
export function uploadRows(db: Tx, uploadId: string, offset = 0, limit?: number) {
  let q = db.selectFrom('import_rows').select(['row_no', 'data_enc']).where('upload_id', '=', uploadId).orderBy('row_no').offset(offset);
  if (limit !== undefined) q = q.limit(limit);
  else q = q.limit(1_000_000);
  return q.execute();
}

export async function hasRows(db: Tx, uploadId: string): Promise<boolean> {
  return !!(await db.selectFrom('import_rows').select('row_no').where('upload_id', '=', uploadId).limit(1).executeTakeFirst());
}

/**
 * Deletes the stored rows (personal data) of an upload once no run of it is queued or running, and
 * of uploads older than `before` that no run is using.
 */
export async function purgeRows(trx: Tx, o: { uploadId?: string; exceptRunId?: string; before?: number }): Promise<void> {
  const busy = (eb: Tx) => {
    let q = eb.selectFrom('import_runs').select('upload_id').where('status', 'in', ['queued', 'running']);
    if (o.exceptRunId) q = q.where('id', '!=', o.exceptRunId);
    return q;
  };
  if (o.uploadId) await trx.deleteFrom('import_rows').where('upload_id', '=', o.uploadId).where('upload_id', 'not in', busy(trx)).execute();
  if (o.before !== undefined) {
    await trx
      .deleteFrom('import_rows')
      .where('upload_id', 'in', trx.selectFrom('import_uploads').select('id').where('created_at', '<', o.before))
      .where('upload_id', 'not in', busy(trx))
      .execute();
  }
}

export async function lookups(db: Tx): Promise<Lookups> {
  const cats = await db.selectFrom('categories').select(['id', 'code', 'name_zh', 'name_en']).where('active', '=', 1).execute();
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const c of cats) {
    byCode.set(c.code.toLowerCase(), c.id);
    byName.set(c.name_zh.toLowerCase(), c.id);
    byName.set(c.name_en.toLowerCase(), c.id);
  }
  const byAny = new Map([...byName, ...byCode, ...cats.map((c) => [c.id.toLowerCase(), c.id] as const)]);
  const departments = new Map<string, string>();
  for (const d of await db.selectFrom('departments').select(['id', 'name_zh', 'name_en']).execute()) {
    departments.set(d.name_zh.toLowerCase(), d.id);
    departments.set(d.name_en.toLowerCase(), d.id);
    departments.set(d.id.toLowerCase(), d.id);
  }
  return { categories: { byCode, byName, byAny }, departments };
}

/** The external ids of `source` among these that were imported before. */
export async function importedIds(db: Tx, source: string, externalIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db.selectFrom('complaint_imports').select('external_id').where('source', '=', source).where('external_id', 'in', externalIds.slice(i, i + 500)).execute();
    for (const r of rows) out.add(r.external_id);
  }
  return out;
}

/** Claims (source, external id) pairs; returns the external ids this call claimed (the others exist). */
export async function claimImports(trx: Tx, rows: Insertable<ComplaintImportTable>[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < rows.length; i += 200) {
    const got = await trx
      .insertInto('complaint_imports')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
      .returning('external_id')
      .execute();
    for (const r of got) out.add(r.external_id);
  }
  return out;
}

/** Adds n to a counter and returns its new value (the caller owns value − n + 1 … value). */
export async function reserveCounter(trx: Tx, name: string, n: number): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ name, value: n })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', n) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertRun(trx: Tx, row: Insertable<ImportRunTable>): Promise<void> {
  await trx.insertInto('import_runs').values(row).execute();
}

export const getRun = (db: Tx, id: string) => db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();

export const listRuns = (db: Tx, limit: number) => db.selectFrom('import_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();

/** Moves a run on from `processed` (false: another attempt already did). */
export async function advanceRun(trx: Tx, id: string, processed: number, patch: Partial<Omit<RunRow, 'id'>>): Promise<boolean> {
  const r = await trx.updateTable('import_runs').set(patch).where('id', '=', id).where('processed', '=', processed).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks a run failed (its job ran out of attempts), keeping its row errors and adding why. */
export async function failRun(db: Tx, id: string, error: RowError): Promise<void> {
  const run = await getRun(db, id);
  if (!run || run.status === 'done') return;
  const errors = [...(JSON.parse(run.errors) as RowError[]), error];
  await db.updateTable('import_runs').set({ status: 'failed', finished_at: Date.now(), errors: JSON.stringify(errors) }).where('id', '=', id).execute();
}

export const listPresets = (db: Tx) => db.selectFrom('import_presets').selectAll().orderBy('name').execute();
export const getPreset = (db: Tx, id: string) => db.selectFrom('import_presets').selectAll().where('id', '=', id).executeTakeFirst();
export const presetByName = (db: Tx, name: string) => db.selectFrom('import_presets').select('id').where('name', '=', name).executeTakeFirst();

export async function insertPreset(trx: Tx, row: Insertable<ImportPresetTable>): Promise<void> {
  await trx.insertInto('import_presets').values(row).execute();
}

export async function deletePreset(trx: Tx, id: string): Promise<boolean> {
  const r = await trx.deleteFrom('import_presets').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
