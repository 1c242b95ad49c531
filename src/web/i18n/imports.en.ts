// English strings of the historical-complaint import screen (same keys as imports.zh-CN.ts).
import type { importsZh, importsZhErrors } from './imports.zh-CN.js';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const importsEn: Widen<typeof importsZh> = {
  imports: {
    nav: 'Imports', title: 'Import historical complaints',
    step: { file: 'Upload a file', mapping: 'Map columns', dryRun: 'Dry run', run: 'Import' },
    file: {
      drop: 'Click or drop a CSV / XLSX file here', hint: 'CSV in UTF-8 (with or without BOM) or GBK/GB18030 (Chinese Excel exports); XLSX: the first worksheet. The first row is the header; at most 20 MB and 50,000 rows per file.',
      encoding: 'Text encoding', encodingAuto: 'Detect', encodingUtf8: 'UTF-8', encodingGbk: 'GBK / GB18030',
      summary: '{{filename}}: {{rows}} rows, {{format}}', detected: 'Encoding: {{encoding}}', preview: 'First {{count}} rows', row: 'Row', another: 'Choose another file',
    },
    mapping: {
      preset: 'Mapping', presetPlaceholder: 'Choose a built-in or saved mapping', builtIn: 'Built-in', suggested: 'Matches the file’s header', source: 'Source name',
      sourceHint: 'An external id is imported once per source (importing the same file again creates nothing twice)', column: 'File column', none: '(not imported)',
      field: {
        externalId: 'External id', receivedAt: 'Received at', closedAt: 'Closed at', channel: 'Channel', category: 'Category', subject: 'Subject', description: 'Description', place: 'Place / address',
        complainantName: 'Complainant name', complainantPhone: 'Complainant phone', complainantEmail: 'Complainant email', department: 'Department', status: 'Status', level: 'Level', reply: 'Reply text',
      },
      multiHint: 'Several columns: their non-empty values are joined', categoryBy: 'Match categories by', byName: 'Name', byCode: 'Code', unknownCategory: 'Unknown category', unknownDepartment: 'Unknown department',
      unknownError: 'Report an error', unknownBlank: 'Leave blank (triage suggests a category)', unknownBlankDepartment: 'Leave blank', dateOrder: 'Dates like 10/11/2020 are', mdy: 'month/day/year', dmy: 'day/month/year', timeZone: 'Time zone of the times',
      values: 'Value maps (JSON: channel, status, category, department; the key "*" is the default for other values)', valuesInvalid: 'The value maps are not a valid JSON object',
      savePreset: 'Save as mapping', presetName: 'Mapping name', presetSaved: 'Mapping saved', deletePreset: 'Delete mapping', presetDeleted: 'Mapping deleted', required: 'Choose the column for this field',
    },
    dry: {
      run: 'Dry run', hint: 'Checks every row and writes nothing', total: 'Rows', valid: 'Would create', invalid: 'With errors', already: 'Imported before (skipped)', duplicates: 'Repeated in the file (skipped)',
      errors: 'Row errors', truncated: 'Only the first {{count}} errors are shown', noErrors: 'Every row passed', column: 'Column', code: 'Code', message: 'Message',
    },
    run: {
      start: 'Start import', confirm: '{{count}} complaints will be imported. Historical complaints start no deadline clocks and send no notifications. Go on?', started: 'Import started',
      progress: 'Progress', processed: '{{done}} of {{total}} rows done', created: 'Created', skipped: 'Skipped (duplicates)', failed: 'Failed', speed: '{{rate}} rows/s',
      status: { queued: 'Queued', running: 'Importing', done: 'Done', failed: 'Failed' }, errors: 'Failed rows', recent: 'Recent imports', file: 'File', source: 'Source', startedAt: 'Started',
      viewComplaints: 'Open the complaint list',
    },
  },
};

export const importsEnErrors: Widen<typeof importsZhErrors> = {
  unknown_column: 'A mapped column is not in the file', unknown_time_zone: 'Unknown time zone', import_file_type: 'Import a .csv or .xlsx file', import_file_too_large: 'The file is larger than 20 MB',
  import_encoding: 'The file is not valid UTF-8; choose GBK/GB18030 or let the server detect it', import_file_unreadable: 'The file cannot be read', import_file_empty: 'The file has no data rows under its header',
  import_too_many_rows: 'A file may hold at most 50,000 rows; split it', preset_name_taken: 'A mapping with that name exists', preset_built_in: 'Built-in mappings cannot be deleted',
  upload_expired: 'This upload’s rows were deleted after its import (or after 7 days); upload the file again',
};
