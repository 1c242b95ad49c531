/**
 * CSV/XLSX import of mentions (a crawler's export, a monitoring vendor's file): the imports module's
 * reader (UTF-8, UTF-16, GBK/GB18030 CSV; XLSX), columns found by their header (English or Chinese
 * names), every row checked first — one bad row refuses the file with the row numbers and writes
 * nothing — then one ingest (dedupe, sentiment, watchlists) in one transaction. Audited.
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, notFound } from '../../platform/http/problem.js';
import { parseImportFile, type ImportEncoding } from '../imports/import.parse.js';
import { ingestMentions, type MentionInput } from './mention.ingest.js';

const COLUMNS: Record<string, string[]> = {
  url: ['url', 'link', '链接', '网址', '原文链接'],
  guid: ['guid', 'id', 'mid', '编号'],
  author: ['author', 'user', 'nickname', '作者', '用户', '昵称', '发布者'],
  publishedAt: ['published_at', 'publishedat', 'published', 'time', 'date', 'created_at', '发布时间', '时间', '日期'],
  title: ['title', '标题'],
  text: ['text', 'content', 'body', 'review', '正文', '内容', '微博内容', '文本'],
  language: ['language', 'lang', '语言'],
  reposts: ['reposts', 'reposts_count', 'shares', '转发', '转发数'],
  comments: ['comments', 'comments_count', '评论', '评论数'],
  likes: ['likes', 'attitudes_count', 'likes_count', '点赞', '点赞数', '赞'],
};

export interface RowError {
  row: number;
  code: string;
  message: string;
}

function columnIndex(headers: string[]): Partial<Record<keyof typeof COLUMNS, number>> {
  const norm = headers.map((h) => h.trim().toLowerCase());
  const out: Partial<Record<string, number>> = {};
  for (const [key, names] of Object.entries(COLUMNS)) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i >= 0) out[key] = i;
  }
  return out;
}

export function rowsToMentions(headers: string[], rows: Array<{ rowNo: number; cells: string[] }>): { mentions: MentionInput[]; errors: RowError[] } {
  const col = columnIndex(headers);
  if (col.text === undefined) throw badRequest('import_no_text_column', `No text column: name one of ${COLUMNS.text.join(', ')}`);
  const errors: RowError[] = [];
  const mentions: MentionInput[] = [];
  const cell = (cells: string[], k: keyof typeof COLUMNS) => (col[k] === undefined ? '' : (cells[col[k]!] ?? '').trim());
  for (const { rowNo, cells } of rows) {
    const text = cell(cells, 'text');
    const bad = (code: string, message: string) => errors.push({ row: rowNo, code, message });
    if (!text) bad('text_required', 'The text is empty');
    else if (text.length > 20_000) bad('text_too_long', 'The text is longer than 20,000 characters');
    const m: MentionInput = { text };
    for (const k of ['url', 'guid', 'author', 'title', 'language'] as const) {
      const v = cell(cells, k);
      if (v) m[k] = v.slice(0, k === 'url' ? 2000 : k === 'title' ? 500 : 200);
    }
    const when = cell(cells, 'publishedAt');
    if (when) {
      const t = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(when) ? `${when.replace(' ', 'T')}+08:00` : when);
      if (Number.isFinite(t)) m.publishedAt = t;
      else bad('invalid_time', `"${when.slice(0, 40)}" is not a date and time`);
    }
    const metrics: NonNullable<MentionInput['metrics']> = {};
    for (const k of ['reposts', 'comments', 'likes'] as const) {
      const v = cell(cells, k);
      if (!v) continue;
      if (/^\d{1,10}$/.test(v) && Number(v) <= 2_147_483_647) metrics[k] = Number(v);
      else bad('invalid_metric', `${k} "${v.slice(0, 20)}" is not a whole number up to 2147483647`);
    }
    if (Object.keys(metrics).length) m.metrics = metrics;
    mentions.push(m);
  }
  return { mentions, errors };
}

export async function importMentions(ctx: AppContext, actor: Actor, file: { filename: string; bytes: Buffer; encoding: ImportEncoding; sourceId?: string }) {
  if (file.sourceId && !(await ctx.db.selectFrom('opinion_sources').select('id').where('id', '=', file.sourceId).executeTakeFirst())) throw notFound('Source');
  const parsed = await parseImportFile(file.filename, file.bytes, file.encoding);
  const { mentions, errors } = rowsToMentions(parsed.headers, parsed.rows);
  if (errors.length) throw badRequest('import_row_errors', `${errors.length} row(s) cannot be imported; nothing was written`, { rowErrors: errors.slice(0, 100) });
  const outcomes = await ingestMentions(ctx, { sourceId: file.sourceId ?? null, kind: 'manual', actorId: actor.id }, mentions);
  const created = outcomes.filter((o) => o.status === 'created').length;
  await appendAudit(ctx.db, { actorId: actor.id, action: 'opinion.mentions_imported', entityType: 'opinion_source', entityId: file.sourceId ?? 'manual', data: { filename: file.filename, rows: mentions.length, created } });
  return { rows: mentions.length, created, duplicates: mentions.length - created };
}
