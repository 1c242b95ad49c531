// Table types of CSV/XLSX imports (migration 021). schema.ts re-exports them and maps them into the
// one Database interface.

/** An uploaded file, parsed once: its header row and row count; the rows are in import_rows. */
export interface ImportUploadTable {
  id: string;
  filename: string;
  format: string; // csv | xlsx
  /** The text encoding a CSV was read with (utf-8, gb18030, utf-16le); null for XLSX. */
  encoding: string | null;
  headers: string; // JSON string[]
  row_count: number;
  created_by: string | null;
  created_at: number;
}

/** One data row of an upload: its cells as a JSON string array, encrypted (it may hold personal data). */
export interface ImportRowTable {
  upload_id: string;
  /** The spreadsheet row number (the header is row 1). */
  row_no: number;
  data_enc: string;
}

/** A saved column mapping (the built-in NYC 311 and CFPB presets live in code). */
export interface ImportPresetTable {
  id: string;
  name: string;
  mapping: string; // JSON ImportMapping
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** A real import: one job chain on the scheduler, a batch of rows per job, progress on this row. */
export interface ImportRunTable {
  id: string;
  upload_id: string;
  source: string;
  mapping: string; // JSON ImportMapping
  status: string; // queued | running | done | failed
  total: number;
  /** Rows handled so far (the next batch starts here). */
  processed: number;
  created: number;
  skipped: number;
  failed: number;
  errors: string; // JSON RowError[] (the first ones)
  created_by: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** Which complaint an external record became: (source, external_id) is unique, so a second import skips it. */
export interface ComplaintImportTable {
  complaint_id: string;
  source: string;
  external_id: string;
  run_id: string;
  received_at: number;
  closed_at: number | null;
  imported_at: number;
}

export interface ImportTables {
  import_uploads: ImportUploadTable;
  import_rows: ImportRowTable;
  import_presets: ImportPresetTable;
  import_runs: ImportRunTable;
  complaint_imports: ComplaintImportTable;
}
