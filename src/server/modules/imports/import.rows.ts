// Pure: one file row + a column mapping → the complaint it becomes, or the row's errors (row number,
// column, code, message). The dry run and the real run both go through `convertRow`.
import { CHANNELS, type Channel } from '../../../shared/enums.js';
import { badRequest } from '../../platform/http/problem.js';
import { isValidTimeZone } from '../sla/timezone.js';
import { parseWallTime } from './import.dates.js';
import type { ImportMapping } from './import.schema.js';

export interface RowError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export type ImportStatus = 'received' | 'closed' | 'rejected';

export interface ImportRecord {
  row: number;
  externalId: string;
  receivedAt: number;
  closedAt: number | null;
  channel: Channel;
  categoryId: string | null;
  subject: string;
  description: string;
  place: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  departmentId: string | null;
  status: ImportStatus;
  level: number | null;
  reply: string | null;
}

/** Categories and departments by id, code and names (lower-case keys). */
export interface Lookups {
  categories: { byCode: Map<string, string>; byName: Map<string, string>; byAny: Map<string, string> };
  departments: Map<string, string>;
}

export interface Context {
  mapping: ImportMapping;
  /** Column index per field column name (validated). */
  index: Map<string, number>;
  lookups: Lookups;
  timeZone: string;
  now: number;
}

const SUBJECT_MAX = 200;
const DESCRIPTION_MAX = 20_000;
const PLACE_MAX = 300;
const EXTERNAL_ID_MAX = 200;
const REPLY_MAX = 20_000;
const PHONE = /^[0-9+()\- ]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LEVELS: Record<string, number> = { '1': 1, '2': 2, '3': 3, '4': 4, 'Ⅰ': 1, 'Ⅱ': 2, 'Ⅲ': 3, 'Ⅳ': 4, I: 1, II: 2, III: 3, IV: 4 };
const CLOSED_WORDS = new Set(['closed', '已办结', '办结', '已结案', '结案', '已关闭', '关闭']);
const OPEN_WORDS = new Set(['open', 'received', '受理', '已受理', '处理中', '待处理']);

/** Every column the mapping names. */
export function mappedColumns(m: ImportMapping): Array<{ field: string; column: string }> {
  const out: Array<{ field: string; column: string }> = [];
  for (const [field, v] of Object.entries(m.fields)) {
    if (v === undefined) continue;
    for (const column of Array.isArray(v) ? v : [v]) out.push({ field, column });
  }
  return out;
}

/** Checks the mapping against the file's header row → 400 unknown_column / unknown_time_zone. */
export function checkMapping(m: ImportMapping, headers: string[], defaultZone: string): { index: Map<string, number>; timeZone: string } {
  const index = new Map(headers.map((h, i) => [h, i] as const));
  for (const { field, column } of mappedColumns(m)) {
    if (!index.has(column)) throw badRequest('unknown_column', `The file has no column "${column}" (mapped to ${field})`, { column, field });
  }
  const timeZone = m.timeZone ?? defaultZone;
  if (!isValidTimeZone(timeZone)) throw badRequest('unknown_time_zone', `Unknown time zone ${timeZone}`);
  return { index, timeZone };
}

/** Looks a value up in a value map: exact, then case-insensitive, then the "*" fallback. */
function mapped<T>(map: Record<string, T> | undefined, value: string): T | undefined {
  if (!map) return undefined;
  if (value in map) return map[value];
  const lower = value.toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.toLowerCase() === lower) return v;
  return map['*'];
}

export function convertRow(c: Context, row: number, cells: string[]): { record?: ImportRecord; errors: RowError[] } {
  const { mapping: m } = c;
  const f = m.fields;
  const errors: RowError[] = [];
  const err = (column: string | null | undefined, code: string, message: string) => errors.push({ row, column: column ?? null, code, message });
  const cell = (column: string | undefined) => (column === undefined ? '' : (cells[c.index.get(column)!] ?? '').trim());
  const joined = (columns: string[] | undefined, sep: string) => {
    const seen = new Set<string>();
    for (const col of columns ?? []) {
      const v = cell(col);
      if (v) seen.add(v);
    }
    return [...seen].join(sep);
  };

  const externalId = cell(f.externalId);
  if (!externalId) err(f.externalId, 'missing_external_id', 'The external id is empty');
  else if (externalId.length > EXTERNAL_ID_MAX) err(f.externalId, 'value_too_long', `The external id is longer than ${EXTERNAL_ID_MAX} characters`);

  const date = (column: string | undefined, required: boolean): number | null => {
    const v = cell(column);
    if (!v) {
      if (required && column) err(column, 'missing_date', 'The date is empty');
      return null;
    }
    const at = parseWallTime(v, c.timeZone, m.dateOrder ?? 'mdy');
    if (at === null) {
      err(column, 'invalid_date', `"${v}" is not a date this import can read (e.g. 2020-03-18 14:30, 2020/3/18, 10/21/18 0:00)`);
      return null;
    }
    return at;
  };
  const receivedAt = f.receivedAt ? date(f.receivedAt, true) : c.now;
  let closedAt = date(f.closedAt, false);
  if (receivedAt !== null && receivedAt > c.now + 86_400_000) err(f.receivedAt, 'date_in_future', 'The received date is in the future');

  const subject = joined(f.subject, ' / ').slice(0, SUBJECT_MAX);
  if (!subject) err(f.subject[0], 'missing_subject', 'The subject columns are all empty');
  const description = joined(f.description, '\n').slice(0, DESCRIPTION_MAX);
  if (!description) err(f.description[0], 'missing_description', 'The description columns are all empty');
  const place = joined(f.place, ', ').slice(0, PLACE_MAX) || null;

  let channel: Channel = 'import';
  if (f.channel) {
    const v = cell(f.channel);
    const lower = v.toLowerCase();
    const ch = mapped(m.values?.channel, v) ?? ((CHANNELS as readonly string[]).includes(lower) ? (lower as Channel) : undefined);
    if (ch) channel = ch;
    else if (v) err(f.channel, 'unknown_channel', `"${v}" is not a channel; map it (values.channel) or use one of ${CHANNELS.join(', ')}`);
  }

  let categoryId: string | null = null;
  if (f.category) {
    const v = cell(f.category);
    if (v) {
      const target = mapped(m.values?.category, v);
      const cats = c.lookups.categories;
      categoryId = target !== undefined ? (cats.byAny.get(target.toLowerCase()) ?? null) : ((m.categoryBy === 'code' ? cats.byCode : cats.byName).get(v.toLowerCase()) ?? null);
      if (!categoryId && (m.unknownCategory ?? 'error') === 'error') err(f.category, 'unknown_category', `No category ${m.categoryBy === 'code' ? 'with the code' : 'named'} "${target ?? v}"`);
    }
  }

  let departmentId: string | null = null;
  if (f.department) {
    const v = cell(f.department);
    if (v) {
      const target = mapped(m.values?.department, v) ?? v;
      departmentId = c.lookups.departments.get(target.toLowerCase()) ?? null;
      if (!departmentId && (m.unknownDepartment ?? 'blank') === 'error') err(f.department, 'unknown_department', `No department "${target}"`);
    }
  }

  let status: ImportStatus = closedAt !== null ? 'closed' : 'received';
  if (f.status) {
    const v = cell(f.status);
    const s = mapped(m.values?.status, v) ?? (CLOSED_WORDS.has(v.toLowerCase()) ? 'closed' : OPEN_WORDS.has(v.toLowerCase()) || !v ? 'received' : v.toLowerCase() === 'rejected' ? 'rejected' : undefined);
    if (s) status = s;
    else err(f.status, 'unknown_status', `"${v}" is not a status; map it (values.status) to received, closed or rejected`);
  }
  if (status === 'received') closedAt = null;
  else if (closedAt === null) closedAt = receivedAt;
  if (receivedAt !== null && closedAt !== null && closedAt < receivedAt) err(f.closedAt, 'closed_before_received', 'The closing date is before the received date');

  let level: number | null = null;
  if (f.level) {
    const v = cell(f.level).toUpperCase();
    if (v) {
      level = LEVELS[v] ?? null;
      if (level === null) err(f.level, 'invalid_level', `"${v}" is not a level (1–4 or Ⅰ–Ⅳ)`);
    }
  }

  const name = cell(f.complainantName).slice(0, 100) || null;
  const phone = cell(f.complainantPhone) || null;
  if (phone && (!PHONE.test(phone) || phone.length > 40)) err(f.complainantPhone, 'invalid_phone', `"${phone}" is not a phone number`);
  const email = cell(f.complainantEmail) || null;
  if (email && (!EMAIL.test(email) || email.length > 200)) err(f.complainantEmail, 'invalid_email', `"${email}" is not an e-mail address`);
  const reply = cell(f.reply).slice(0, REPLY_MAX) || null;

  if (errors.length || receivedAt === null) return { errors };
  return {
    errors,
    record: { row, externalId, receivedAt, closedAt, channel, categoryId, subject, description, place, name, phone, email, departmentId, status, level, reply },
  };
}
