import type { AppContext } from '../../context.js';
import type { BilingualText } from '../../../shared/contingency.js';
import { buildPlanDocument, type Lang } from './plan-document.js';
import { renderHtml, renderMarkdown } from './plan-render.js';
import { renderDocx } from './plan-docx.js';
import { parseContent } from './contingency.plans.presenter.js';
import type { ContingencyPlanService } from './contingency.plans.service.js';

/**
 * Exports of one plan version: JSON (the content as stored, for another Redress or an archive),
 * Markdown, Word (.docx) and a printable HTML page, the last three in the requested language.
 */
export type ExportFormat = 'json' | 'markdown' | 'docx' | 'html';

const iso = (at: number | null) => (at === null ? null : new Date(Number(at)).toISOString());

export async function exportVersion(ctx: AppContext, plans: ContingencyPlanService, planId: string, version: number, format: ExportFormat, lang: Lang) {
  const { plan, v } = await plans.load(ctx.db, planId, version);
  const content = parseContent(v);
  const base = `${plan.key}-v${v.version}${format === 'json' ? '' : `-${lang}`}`;
  if (format === 'json') {
    const body = { format: 'redress.contingency-plan' as const, planKey: plan.key, version: v.version, status: v.status as 'draft', publishedAt: iso(v.published_at), reviewDueAt: iso(v.review_due_at), content };
    return { kind: 'json' as const, body, filename: `${base}.json` };
  }
  const ids = content.scope.categoryIds;
  const rows = ids.length ? await ctx.db.selectFrom('categories').select(['id', 'name_zh', 'name_en']).where('id', 'in', ids).execute() : [];
  const names = new Map<string, BilingualText>(rows.map((r) => [r.id, { zh: r.name_zh, en: r.name_en }]));
  const doc = buildPlanDocument(
    content,
    {
      planKey: plan.key,
      version: v.version,
      status: v.status as 'draft',
      changeNote: v.change_note,
      createdAt: Number(v.created_at),
      approvedAt: v.approved_at === null ? null : Number(v.approved_at),
      publishedAt: v.published_at === null ? null : Number(v.published_at),
      retiredAt: v.retired_at === null ? null : Number(v.retired_at),
      reviewDueAt: v.review_due_at === null ? null : Number(v.review_due_at),
    },
    lang,
    ctx.config.timezone,
    names,
  );
  if (format === 'markdown') return { kind: 'text' as const, body: renderMarkdown(doc), contentType: 'text/markdown; charset=utf-8', filename: `${base}.md` };
  if (format === 'html') return { kind: 'text' as const, body: renderHtml(doc, lang), contentType: 'text/html; charset=utf-8', filename: `${base}.html` };
  return { kind: 'binary' as const, body: await renderDocx(doc, lang), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', filename: `${base}.docx` };
}
