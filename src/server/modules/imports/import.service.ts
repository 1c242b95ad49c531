// Imports of historical complaints: upload (parsed once, rows stored encrypted), column mappings
// (built-in presets + saved ones), a dry run that writes nothing, and a real run as a chain of
// `import.batch` jobs on the one scheduler — each job one batch in one transaction, moving the run's
// progress on with it.
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { enqueue } from '../../platform/jobs/jobs.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { conflict, notFound } from '../../platform/http/problem.js';
import { isUniqueViolation } from '../complaints/complaint.repo.js';
import { parseImportFile, type ImportEncoding } from './import.parse.js';
import { BUILT_IN_PRESETS, recognisePreset } from './import.presets.js';
import { checkMapping, convertRow, type Context, type ImportRecord, type RowError } from './import.rows.js';
import type { ImportMapping, PresetBody } from './import.schema.js';
import { prepareBatch, writeBatch } from './import.writer.js';
import * as repo from './import.repo.js';

export const IMPORT_BATCH_JOB = 'import.batch';
/** Rows per job (one transaction each). */
export const IMPORT_BATCH_ROWS = 250;
const DRY_RUN_ERRORS = 500;
const RUN_ERRORS = 200;
const PREVIEW_ROWS = 10;
/** Rows of an upload no run has used are kept this long; a finished run's rows are deleted with its last batch. */
export const UPLOAD_RETENTION_MS = 7 * 86_400_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export class ImportService {
  constructor(private readonly ctx: AppContext) {}

  async upload(actor: Actor, filename: string, bytes: Buffer, encoding: ImportEncoding) {
    const parsed = await parseImportFile(filename, bytes, encoding);
    const id = uuidv7();
    const now = Date.now();
    const fc = this.ctx.fieldCrypto;
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.purgeRows(trx, { before: now - UPLOAD_RETENTION_MS });
      await repo.insertUpload(
        trx,
        { id, filename, format: parsed.format, encoding: parsed.encoding, headers: JSON.stringify(parsed.headers), row_count: parsed.rows.length, created_by: actor.id, created_at: now },
        parsed.rows.map((r) => ({ row_no: r.rowNo, data_enc: fc.encrypt(JSON.stringify(r.cells))! })),
      );
      await appendAudit(trx, { actorId: actor.id, action: 'import.uploaded', entityType: 'import_upload', entityId: id, data: { filename, format: parsed.format, encoding: parsed.encoding, rows: parsed.rows.length }, at: now });
    });
    return this.presentUpload((await repo.getUpload(this.ctx.db, id))!, parsed.rows.slice(0, PREVIEW_ROWS).map((r) => ({ row: r.rowNo, cells: r.cells })));
  }

  async getUpload(id: string) {
    const u = await repo.getUpload(this.ctx.db, id);
    if (!u) throw notFound('Upload');
    const rows = await repo.uploadRows(this.ctx.db, id, 0, PREVIEW_ROWS);
    return this.presentUpload(u, rows.map((r) => ({ row: Number(r.row_no), cells: this.cells(r.data_enc) })));
  }

  private cells(enc: string): string[] {
    return JSON.parse(this.ctx.fieldCrypto.decrypt(enc) ?? '[]') as string[];
  }

  private presentUpload(u: repo.UploadRow, preview: Array<{ row: number; cells: string[] }>) {
    const headers = JSON.parse(u.headers) as string[];
    return {
      id: u.id, filename: u.filename, format: u.format as 'csv' | 'xlsx', encoding: u.encoding, headers, rowCount: Number(u.row_count), preview,
      suggestedPresetId: recognisePreset(headers)?.id ?? null, createdAt: iso(Number(u.created_at))!,
    };
  }

  /** An upload whose rows are gone (imported, or older than the retention) must be uploaded again. */
  private async usable(uploadId: string): Promise<repo.UploadRow> {
    const u = await repo.getUpload(this.ctx.db, uploadId);
    if (!u) throw notFound('Upload');
    if (!(await repo.hasRows(this.ctx.db, uploadId))) throw conflict('upload_expired', 'The rows of this upload were deleted after its import (or after 7 days); upload the file again');
    return u;
  }

  private async context(u: repo.UploadRow, mapping: ImportMapping): Promise<Context> {
    const { index, timeZone } = checkMapping(mapping, JSON.parse(u.headers) as string[], this.ctx.config.timezone);
    return { mapping, index, timeZone, lookups: await repo.lookups(this.ctx.db), now: Date.now() };
  }

  /** Validates every row against the mapping and reports what a run would do; writes nothing. */
  async dryRun(uploadId: string, mapping: ImportMapping) {
    const u = await this.usable(uploadId);
    const c = await this.context(u, mapping);
    const errors: RowError[] = [];
    let invalid = 0;
    const ids: string[] = [];
    for (const r of await repo.uploadRows(this.ctx.db, uploadId)) {
      const { record, errors: e } = convertRow(c, Number(r.row_no), this.cells(r.data_enc));
      if (record) ids.push(record.externalId);
      else invalid++;
      errors.push(...e);
    }
    const unique = new Set(ids);
    const already = await repo.importedIds(this.ctx.db, mapping.source, [...unique]);
    return {
      total: Number(u.row_count),
      valid: unique.size - already.size,
      invalid,
      alreadyImported: already.size,
      duplicatesInFile: ids.length - unique.size,
      errors: errors.slice(0, DRY_RUN_ERRORS),
      errorsTruncated: errors.length > DRY_RUN_ERRORS,
    };
  }

  /** Starts a real run: checks the mapping, writes the run and its first batch job. */
  async start(actor: Actor, uploadId: string, mapping: ImportMapping) {
    const u = await this.usable(uploadId);
    await this.context(u, mapping);
    const id = uuidv7();
    const now = Date.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertRun(trx, {
        id, upload_id: uploadId, source: mapping.source, mapping: JSON.stringify(mapping), status: 'queued', total: Number(u.row_count), processed: 0, created: 0, skipped: 0, failed: 0,
        errors: '[]', created_by: actor.id, created_at: now, started_at: null, finished_at: null,
      });
      await enqueue(trx, { type: IMPORT_BATCH_JOB, payload: { runId: id, offset: 0 }, dedupeKey: `${IMPORT_BATCH_JOB}:${id}:0`, partitionKey: `import:${id}` }, now);
      await appendAudit(trx, { actorId: actor.id, action: 'import.started', entityType: 'import_run', entityId: id, data: { uploadId, source: mapping.source, rows: Number(u.row_count) }, at: now });
    });
    this.ctx.jobs.kick();
    return this.getRun(id);
  }

  /** One batch of a run (the job handler). A stale or repeated job (the run moved on) does nothing. */
  async runBatch(p: { runId: string; offset: number }): Promise<void> {
    const run = await repo.getRun(this.ctx.db, p.runId);
    if (!run || run.status === 'done' || Number(run.processed) !== p.offset) return;
    const u = (await repo.getUpload(this.ctx.db, run.upload_id))!;
    const mapping = JSON.parse(run.mapping) as ImportMapping;
    const c = await this.context(u, mapping);
    const rows = await repo.uploadRows(this.ctx.db, run.upload_id, p.offset, IMPORT_BATCH_ROWS);
    const errors: RowError[] = [];
    const records: ImportRecord[] = [];
    for (const r of rows) {
      const { record, errors: e } = convertRow(c, Number(r.row_no), this.cells(r.data_enc));
      if (record) records.push(record);
      errors.push(...e);
    }
    const prepared = await prepareBatch(this.ctx, records);
    const next = p.offset + rows.length;
    const finished = next >= Number(run.total) || rows.length === 0;
    const now = Date.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const w = await writeBatch(this.ctx, trx, { source: run.source, runId: run.id, actorId: run.created_by, records, prepared });
      const kept = (JSON.parse(run.errors) as RowError[]).concat(errors).slice(0, RUN_ERRORS);
      const moved = await repo.advanceRun(trx, run.id, p.offset, {
        processed: next, created: Number(run.created) + w.created, skipped: Number(run.skipped) + w.skipped, failed: Number(run.failed) + (rows.length - records.length),
        errors: JSON.stringify(kept), status: finished ? 'done' : 'running', started_at: run.started_at ?? now, finished_at: finished ? now : null,
      });
      if (!moved) throw new Error('import run moved on meanwhile');
      if (!finished) await enqueue(trx, { type: IMPORT_BATCH_JOB, payload: { runId: run.id, offset: next }, dedupeKey: `${IMPORT_BATCH_JOB}:${run.id}:${next}`, partitionKey: `import:${run.id}` }, now);
      if (finished) {
        await repo.purgeRows(trx, { uploadId: run.upload_id, exceptRunId: run.id });
        const totals = { created: Number(run.created) + w.created, skipped: Number(run.skipped) + w.skipped, failed: Number(run.failed) + (rows.length - records.length) };
        await appendAudit(trx, { actorId: run.created_by, action: 'import.finished', entityType: 'import_run', entityId: run.id, data: { source: run.source, ...totals }, at: now });
      }
    });
    if (!finished) this.ctx.jobs.kick();
  }

  /** A run whose last attempt failed is marked failed (its job is dead; an admin may retry it from the jobs page). */
  async markFailed(runId: string, error: string): Promise<void> {
    await repo.failRun(this.ctx.db, runId, { row: 0, column: null, code: 'run_failed', message: error.slice(0, 500) });
  }

  async getRun(id: string) {
    const r = await repo.getRun(this.ctx.db, id);
    if (!r) throw notFound('Import run');
    const u = await repo.getUpload(this.ctx.db, r.upload_id);
    return this.presentRun(r, u?.filename ?? '');
  }

  async listRuns() {
    const runs = await repo.listRuns(this.ctx.db, 50);
    const names = new Map<string, string>();
    for (const r of runs) if (!names.has(r.upload_id)) names.set(r.upload_id, (await repo.getUpload(this.ctx.db, r.upload_id))?.filename ?? '');
    return { items: runs.map((r) => this.presentRun(r, names.get(r.upload_id) ?? '')) };
  }

  private presentRun(r: repo.RunRow, filename: string) {
    const started = r.started_at === null ? null : Number(r.started_at);
    const end = r.finished_at === null ? Date.now() : Number(r.finished_at);
    const processed = Number(r.processed);
    return {
      id: r.id, uploadId: r.upload_id, filename, source: r.source, status: r.status as 'queued' | 'running' | 'done' | 'failed', total: Number(r.total), processed,
      created: Number(r.created), skipped: Number(r.skipped), failed: Number(r.failed), errors: JSON.parse(r.errors) as RowError[],
      createdAt: iso(Number(r.created_at))!, startedAt: iso(started), finishedAt: iso(r.finished_at === null ? null : Number(r.finished_at)),
      rowsPerSecond: started !== null && processed > 0 && end > started ? Math.round((processed / (end - started)) * 10_000) / 10 : null,
    };
  }

  async listPresets() {
    const saved = await repo.listPresets(this.ctx.db);
    return {
      items: [
        ...BUILT_IN_PRESETS.map((p) => ({ id: p.id, name: p.name, builtIn: true, mapping: p.mapping, headers: p.headers })),
        ...saved.map((p) => ({ id: p.id, name: p.name, builtIn: false, mapping: JSON.parse(p.mapping) as ImportMapping, headers: [] as string[] })),
      ],
    };
  }

  async savePreset(actor: Actor, body: PresetBody) {
    if (BUILT_IN_PRESETS.some((p) => p.name === body.name) || (await repo.presetByName(this.ctx.db, body.name))) throw conflict('preset_name_taken', `A mapping named "${body.name}" exists`);
    const id = uuidv7();
    const now = Date.now();
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        await repo.insertPreset(trx, { id, name: body.name, mapping: JSON.stringify(body.mapping), created_by: actor.id, created_at: now, updated_at: now });
        await appendAudit(trx, { actorId: actor.id, action: 'import.preset_saved', entityType: 'import_preset', entityId: id, data: { name: body.name }, at: now });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('preset_name_taken', `A mapping named "${body.name}" exists`);
      throw e;
    }
    return { id, name: body.name, builtIn: false, mapping: body.mapping, headers: [] as string[] };
  }

  async deletePreset(actor: Actor, id: string): Promise<void> {
    if (BUILT_IN_PRESETS.some((p) => p.id === id)) throw conflict('preset_built_in', 'Built-in mappings cannot be deleted');
    await this.ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.deletePreset(trx, id))) throw notFound('Mapping');
      await appendAudit(trx, { actorId: actor.id, action: 'import.preset_deleted', entityType: 'import_preset', entityId: id, at: Date.now() });
    });
  }
}
