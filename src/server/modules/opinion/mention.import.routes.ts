/** POST /api/v1/opinion/mentions/import: a CSV or XLSX file of mentions (multipart), all rows or none. */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { AppError, badRequest } from '../../platform/http/problem.js';
import { Id } from '../../platform/http/schemas.js';
import { multipartStep } from '../complaints/attachment.storage.js';
import { formatOf, IMPORT_ENCODINGS, MAX_IMPORT_BYTES } from '../imports/import.parse.js';
import { importMentions } from './mention.import.js';

const Query = Type.Object(
  { sourceId: Type.Optional(Id), encoding: Type.Optional(Type.Union(IMPORT_ENCODINGS.map((e) => Type.Literal(e)))) },
  { additionalProperties: false },
);
const Out = Type.Object({ rows: Type.Integer(), created: Type.Integer(), duplicates: Type.Integer() }, { additionalProperties: false });

export async function mentionImportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/opinion/mentions/import',
    {
      config: { permission: 'opinion.manage' },
      schema: {
        tags: ['opinion'],
        summary: 'Import mentions from a CSV (UTF-8, UTF-16, GBK/GB18030) or XLSX file; columns by header (text/内容 required; url, guid, author, published_at/发布时间, title, language, reposts/转发, comments/评论, likes/点赞). One bad row refuses the file (400 import_row_errors with rowErrors: row, code, message); sourceId makes guids deduplicate within that source.',
        querystring: Query,
        consumes: ['multipart/form-data'],
        response: { 200: Out },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Upload the file as multipart/form-data');
      const file = await multipartStep(() => req.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }));
      if (!file) throw badRequest('file_required', 'Send the file in a form field');
      const filename = path.basename(file.filename || 'file').slice(0, 200);
      formatOf(filename);
      const bytes = await multipartStep(() => file.toBuffer());
      if (file.file.truncated) throw new AppError(413, 'import_file_too_large', `Import files are limited to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      return importMentions(ctx, actorOf(req), { filename, bytes, encoding: req.query.encoding ?? 'auto', sourceId: req.query.sourceId });
    },
  );
}
