import { Type, type Static, type TSchema } from 'typebox';
import { CHANNELS } from '../../../shared/enums.js';
import { Id } from '../../platform/http/schemas.js';
import { literalUnion } from '../complaints/complaint.schema.js';

/** Request and response schemas of the imports API. */

const Column = Type.String({ minLength: 1, maxLength: 200, description: 'A column of the file (its header text)' });
const Columns = (max: number) => Type.Array(Column, { minItems: 1, maxItems: max, description: 'Columns whose non-empty values are joined' });
const ValueMap = <T extends TSchema>(value: T) =>
  Type.Record(Type.String({ maxLength: 200 }), value, { maxProperties: 500, description: 'Source value → value; the key "*" is the fallback for values not listed' });

export const IMPORT_STATUSES = ['received', 'closed', 'rejected'] as const;

export const ImportMapping = Type.Object(
  {
    source: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_.-]*$', description: 'Names the data set: (source, external id) is unique, so importing a file twice creates each complaint once' }),
    fields: Type.Object(
      {
        externalId: Column,
        receivedAt: Type.Optional(Column),
        closedAt: Type.Optional(Column),
        channel: Type.Optional(Column),
        category: Type.Optional(Column),
        subject: Columns(4),
        description: Columns(8),
        place: Type.Optional(Columns(6)),
        complainantName: Type.Optional(Column),
        complainantPhone: Type.Optional(Column),
        complainantEmail: Type.Optional(Column),
        department: Type.Optional(Column),
        status: Type.Optional(Column),
        level: Type.Optional(Column),
        reply: Type.Optional(Column),
      },
      { additionalProperties: false },
    ),
    categoryBy: Type.Optional(literalUnion(['name', 'code'] as const)),
    values: Type.Optional(
      Type.Object(
        {
          category: Type.Optional(ValueMap(Type.String({ minLength: 1, maxLength: 200, description: 'A category id, code or name' }))),
          channel: Type.Optional(ValueMap(literalUnion(CHANNELS))),
          status: Type.Optional(ValueMap(literalUnion(IMPORT_STATUSES))),
          department: Type.Optional(ValueMap(Type.String({ minLength: 1, maxLength: 200, description: 'A department id, code or name' }))),
        },
        { additionalProperties: false },
      ),
    ),
    unknownCategory: Type.Optional(literalUnion(['error', 'blank'] as const)),
    unknownDepartment: Type.Optional(literalUnion(['error', 'blank'] as const)),
    dateOrder: Type.Optional(literalUnion(['mdy', 'dmy'] as const)),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone of wall-clock times in the file; default the organisation’s' })),
  },
  { additionalProperties: false },
);
export type ImportMapping = Static<typeof ImportMapping>;

export const MappingBody = Type.Object({ mapping: ImportMapping }, { additionalProperties: false });
export type MappingBody = Static<typeof MappingBody>;

export const PresetBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), mapping: ImportMapping }, { additionalProperties: false });
export type PresetBody = Static<typeof PresetBody>;

export const UploadQuery = Type.Object({ encoding: Type.Optional(literalUnion(['auto', 'utf-8', 'gb18030'] as const)) }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Id });

export const RowErrorOut = Type.Object({
  row: Type.Integer({ description: 'Spreadsheet row number (the header is row 1)' }),
  column: Type.Union([Type.String(), Type.Null()]),
  code: Type.String(),
  message: Type.String(),
});

export const PresetOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  builtIn: Type.Boolean(),
  mapping: ImportMapping,
  /** The header row the preset was written for (built-in presets), so a file can be recognised. */
  headers: Type.Array(Type.String()),
});
export const PresetListOut = Type.Object({ items: Type.Array(PresetOut) });

export const UploadOut = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  format: literalUnion(['csv', 'xlsx'] as const),
  encoding: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Array(Type.String()),
  rowCount: Type.Integer(),
  preview: Type.Array(Type.Object({ row: Type.Integer(), cells: Type.Array(Type.String()) })),
  suggestedPresetId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const DryRunOut = Type.Object({
  total: Type.Integer(),
  valid: Type.Integer({ description: 'Rows that would create a complaint' }),
  invalid: Type.Integer(),
  alreadyImported: Type.Integer({ description: 'Rows whose (source, external id) was imported before: skipped' }),
  duplicatesInFile: Type.Integer({ description: 'Rows repeating an external id met earlier in the file: skipped' }),
  errors: Type.Array(RowErrorOut),
  errorsTruncated: Type.Boolean(),
});

export const RunOut = Type.Object({
  id: Type.String(),
  uploadId: Type.String(),
  filename: Type.String(),
  source: Type.String(),
  status: literalUnion(['queued', 'running', 'done', 'failed'] as const),
  total: Type.Integer(),
  processed: Type.Integer(),
  created: Type.Integer(),
  skipped: Type.Integer({ description: 'Duplicates: already imported, or repeated in the file' }),
  failed: Type.Integer(),
  errors: Type.Array(RowErrorOut),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rowsPerSecond: Type.Union([Type.Number(), Type.Null()]),
});
export const RunListOut = Type.Object({ items: Type.Array(RunOut) });
