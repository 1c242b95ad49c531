// Reading an uploaded file into a header row and data rows of strings: CSV (UTF-8 with or without a
// BOM, UTF-16 with a BOM, GBK/GB18030 as Chinese Excel writes it) through csv-parse, XLSX through
// exceljs (the first worksheet).
import path from 'node:path';
import { parse as parseCsvText } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError, badRequest } from '../../platform/http/problem.js';

export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];
export type ImportFormat = 'csv' | 'xlsx';

/** Most data rows one file may hold. */
export const MAX_IMPORT_ROWS = 50_000;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const MAX_COLUMNS = 200;
const MAX_CELL = 50_000;

export interface ParsedFile {
  format: ImportFormat;
  /** The encoding a CSV was read with; null for XLSX. */
  encoding: string | null;
  headers: string[];
  /** Data rows with their spreadsheet row number (the header is row 1). */
  rows: Array<{ rowNo: number; cells: string[] }>;
}

/** The format from the file name; anything but .csv/.txt/.xlsx is refused (415). */
export function formatOf(filename: string): ImportFormat {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new AppError(415, 'import_file_type', `Import a .csv or .xlsx file (not ${ext || 'a file without extension'})`);
}

export async function parseImportFile(filename: string, bytes: Buffer, encoding: ImportEncoding = 'auto'): Promise<ParsedFile> {
  const format = formatOf(filename);
  if (!bytes.length) throw badRequest('import_file_empty', 'The file is empty');
  const parsed = format === 'csv' ? parseCsv(bytes, encoding) : await parseXlsx(bytes);
  if (!parsed.headers.length || !parsed.rows.length) throw badRequest('import_file_empty', 'The file has no data rows under its header row');
  if (parsed.rows.length > MAX_IMPORT_ROWS) throw badRequest('import_too_many_rows', `A file may hold at most ${MAX_IMPORT_ROWS} rows (this one has ${parsed.rows.length}); split it`);
  return parsed;
}

/** Decodes CSV bytes: a BOM decides; otherwise strict UTF-8, and GB18030 (a superset of GBK) when that fails. */
export function decodeText(bytes: Buffer, encoding: ImportEncoding): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (encoding === 'auto' && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (encoding === 'gb18030') return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    if (encoding === 'utf-8') throw badRequest('import_encoding', 'The file is not valid UTF-8; choose GBK/GB18030 or let the server detect the encoding');
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

function parseCsv(bytes: Buffer, encoding: ImportEncoding): ParsedFile {
  const decoded = decodeText(bytes, encoding);
  let records: string[][];
  try {
    records = parseCsvText(decoded.text, { relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_CELL * 4 }) as string[][];
  } catch (e) {
    throw badRequest('import_file_unreadable', `The CSV cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  const [head, ...body] = records;
  return {
    format: 'csv',
    encoding: decoded.encoding,
    headers: headerNames(head ?? []),
    rows: body.filter((r) => r.some((c) => c.trim())).map((cells, i) => ({ rowNo: i + 2, cells: cells.map(clip) })),
  };
}

async function parseXlsx(bytes: Buffer): Promise<ParsedFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw badRequest('import_file_unreadable', `The XLSX file cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw badRequest('import_file_empty', 'The workbook has no worksheet');
  let headers: string[] | undefined;
  const rows: ParsedFile['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const width = Math.min(MAX_COLUMNS, headers?.length ?? row.cellCount);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(clip(cellText(row.getCell(c).value)));
    if (!headers) headers = headerNames(cells);
    else if (cells.some((x) => x.trim())) rows.push({ rowNo: row.number, cells });
  });
  return { format: 'xlsx', encoding: null, headers: headers ?? [], rows };
}

/** A cell as text; dates as their wall-clock time `YYYY-MM-DD HH:MM:SS` (Excel stores no zone). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((p) => p.text).join('');
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

/** Trimmed header names; empty ones become "Column N", repeated ones get " (2)", " (3)". */
function headerNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.slice(0, MAX_COLUMNS).map((h, i) => {
    const base = h.replace(/^\uFEFF/, '').trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

const clip = (s: string) => (s.length > MAX_CELL ? s.slice(0, MAX_CELL) : s);
