import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { AppError, badRequest } from '../../platform/http/problem.js';
import { multipartStep } from '../complaints/attachment.storage.js';
import { formatOf, MAX_IMPORT_BYTES } from './import.parse.js';
import { DryRunOut, IdParams, MappingBody, PresetBody, PresetListOut, PresetOut, RunListOut, RunOut, UploadOut, UploadQuery } from './import.schema.js';
import { IMPORT_BATCH_JOB, ImportService } from './import.service.js';

const tags = ['imports'];
const permission = 'complaint.import' as const;
const registered = new WeakSet<AppContext>();

/** The batch job's handler (every process that runs jobs needs it). Idempotent per context. */
export function registerImports(ctx: AppContext): ImportService {
  const service = new ImportService(ctx);
  if (!registered.has(ctx)) {
    registered.add(ctx);
    ctx.jobs.register(IMPORT_BATCH_JOB, async (p: { runId: string; offset: number }, job) => {
      try {
        await service.runBatch(p);
      } catch (err) {
        if (job.attempts >= job.max_attempts) await service.markFailed(p.runId, (err as Error).message);
        throw err;
      }
    }, { timeoutMs: () => 120_000, concurrency: 2 });
  }
  return service;
}

export async function importRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = registerImports(ctx);

  r.get('/imports/presets', { config: { permission }, schema: { tags, summary: 'Column mappings: the built-in NYC 311 and CFPB presets and the saved ones', response: { 200: PresetListOut } } }, async () => service.listPresets());

  r.post('/imports/presets', { config: { permission, errors: [409] }, schema: { tags, summary: 'Save a column mapping under a name', body: PresetBody, response: { 201: PresetOut } } }, async (req, reply) => {
    return reply.status(201).send(await service.savePreset(actorOf(req), req.body));
  });

  r.delete('/imports/presets/:id', { config: { permission, errors: [409] }, schema: { tags, summary: 'Delete a saved column mapping', params: IdParams, response: { 204: Type.Null({ description: 'No content' }) } } }, async (req, reply) => {
    await service.deletePreset(actorOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  r.post(
    '/imports/uploads',
    {
      config: { permission },
      schema: { tags, summary: 'Upload a CSV (UTF-8, UTF-16 or GBK/GB18030) or XLSX file of complaints: its header row and first rows come back', querystring: UploadQuery, consumes: ['multipart/form-data'], response: { 201: UploadOut } },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Upload the file as multipart/form-data');
      const file = await multipartStep(() => req.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }));
      if (!file) throw badRequest('file_required', 'Send the file in a form field');
      const filename = path.basename(file.filename || 'file').slice(0, 200);
      formatOf(filename); // the type before the bytes
      const bytes = await multipartStep(() => file.toBuffer());
      if (file.file.truncated) throw new AppError(413, 'import_file_too_large', `Import files are limited to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      return reply.status(201).send(await service.upload(actorOf(req), filename, bytes, req.query.encoding ?? 'auto'));
    },
  );

  r.get('/imports/uploads/:id', { config: { permission }, schema: { tags, summary: 'An upload: header row, row count and first rows', params: IdParams, response: { 200: UploadOut } } }, async (req) => service.getUpload(req.params.id));

  r.post('/imports/uploads/:id/dry-run', { config: { permission, errors: [409] }, schema: { tags, summary: 'Validate every row against a column mapping and list row errors; writes nothing', params: IdParams, body: MappingBody, response: { 200: DryRunOut } } }, async (req) => {
    return service.dryRun(req.params.id, req.body.mapping);
  });

  r.post('/imports/uploads/:id/runs', { config: { permission, errors: [409] }, schema: { tags, summary: 'Import the upload with a column mapping: a background job in batches; poll the run for progress', params: IdParams, body: MappingBody, response: { 202: RunOut } } }, async (req, reply) => {
    return reply.status(202).send(await service.start(actorOf(req), req.params.id, req.body.mapping));
  });

  r.get('/imports/runs', { config: { permission }, schema: { tags, summary: 'Recent import runs, newest first', response: { 200: RunListOut } } }, async () => service.listRuns());

  r.get('/imports/runs/:id', { config: { permission }, schema: { tags, summary: 'An import run’s progress: rows done of total, created, skipped as duplicates, failed, row errors', params: IdParams, response: { 200: RunOut } } }, async (req) => service.getRun(req.params.id));
}
