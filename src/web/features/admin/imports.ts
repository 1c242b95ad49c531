// Types of the imports API (src/server/modules/imports/import.schema.ts) as the import screen uses them.

export type ImportChannel = 'phone' | 'email' | 'web' | 'api' | 'open311' | 'walk_in' | 'letter' | 'social' | 'import';

export interface ImportFields {
  externalId: string;
  receivedAt?: string;
  closedAt?: string;
  channel?: string;
  category?: string;
  subject: string[];
  description: string[];
  place?: string[];
  complainantName?: string;
  complainantPhone?: string;
  complainantEmail?: string;
  department?: string;
  status?: string;
  level?: string;
  reply?: string;
}

export interface ImportValues {
  category?: Record<string, string>;
  channel?: Record<string, ImportChannel>;
  status?: Record<string, 'received' | 'closed' | 'rejected'>;
  department?: Record<string, string>;
}

export interface ImportMapping {
  source: string;
  fields: ImportFields;
  categoryBy?: 'name' | 'code';
  values?: ImportValues;
  unknownCategory?: 'error' | 'blank';
  unknownDepartment?: 'error' | 'blank';
  dateOrder?: 'mdy' | 'dmy';
  timeZone?: string;
}

export interface ImportPreset {
  id: string;
  name: string;
  builtIn: boolean;
  mapping: ImportMapping;
  headers: string[];
}

export interface ImportUpload {
  id: string;
  filename: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  headers: string[];
  rowCount: number;
  preview: Array<{ row: number; cells: string[] }>;
  suggestedPresetId: string | null;
  createdAt: string;
}

export interface RowError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface DryRunResult {
  total: number;
  valid: number;
  invalid: number;
  alreadyImported: number;
  duplicatesInFile: number;
  errors: RowError[];
  errorsTruncated: boolean;
}

export interface ImportRun {
  id: string;
  uploadId: string;
  filename: string;
  source: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  skipped: number;
  failed: number;
  errors: RowError[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  rowsPerSecond: number | null;
}

/** Single-column fields, in the order the form shows them. */
export const SINGLE_FIELDS = ['externalId', 'receivedAt', 'closedAt', 'channel', 'category', 'department', 'status', 'level', 'complainantName', 'complainantPhone', 'complainantEmail', 'reply'] as const;
/** Fields whose values may come from several columns, joined. */
export const MULTI_FIELDS = ['subject', 'description', 'place'] as const;
/** Shown first, next to the source name. */
export const LEAD_FIELDS: readonly (typeof SINGLE_FIELDS)[number][] = ['externalId', 'receivedAt', 'closedAt'];
export const REQUIRED_FIELDS = new Set(['externalId', 'subject', 'description']);
