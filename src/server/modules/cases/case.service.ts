// Case library: a closed complaint becomes an anonymised case by an analyst's approval.
import { v7 as uuidv7 } from 'uuid';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { CaseTable } from '../../platform/db/schema.js';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import { indexTerms, queryTerms } from '../../platform/search/analyzer.js';
import { recordActivity } from '../complaints/activity.js';
import { loadVisible } from '../complaints/complaint.access.js';
import { canSee } from '../complaints/complaint.policy.js';
import * as complaintRepo from '../complaints/complaint.repo.js';
import { anonymise, applyRedactions, findPersonalData, replacementFor, type CaseLanguage, type RedactionKind } from './anonymise.js';
import type { CaseContent, CaseListQuery, CreateCaseBody } from './case.schema.js';

const DAY = 86_400_000;

function languageOf(text: string): CaseLanguage {
  return /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}

/** The source texts of a closed complaint, keyed by field name, and what the redactions apply to. */
async function sourceOf(ctx: AppContext, actor: Actor, complaintId: string) {
  const c = await loadVisible(ctx, actor, complaintId);
  if (c.status !== 'closed') throw conflict('complaint_not_closed', 'Only a closed complaint can become a case');
  const rows = await ctx.db.selectFrom('timeline').selectAll().where('complaint_id', '=', c.id).orderBy('created_at').orderBy('id').execute();
  const replies = rows.filter((r) => r.visibility === 'public' && r.body && r.body.trim()).map((r) => r.body!.trim());
  const steps = rows.filter((r) => r.kind === 'status_changed');
  const timeline = steps.map((r) => {
    const data = JSON.parse(r.data) as { action?: string; to?: string };
    return { day: Math.floor((Number(r.created_at) - Number(c.created_at)) / DAY), kind: r.kind, action: data.action ?? null, to: data.to ?? null, body: r.visibility === 'internal' && r.body ? r.body : null };
  });
  const fields: Record<string, string> = { subject: c.subject, description: c.description, ...(c.location_text ? { location: c.location_text } : {}) };
  replies.forEach((t, i) => (fields[`reply:${i}`] = t));
  timeline.forEach((t, i) => t.body && (fields[`timeline:${i}`] = t.body));
  let knownNames: string[] = [];
  if (c.complainant_id) {
    const p = await ctx.db.selectFrom('complainants').select(['name_enc']).where('id', '=', c.complainant_id).executeTakeFirst();
    const name = p ? ctx.fieldCrypto.decrypt(p.name_enc) : null;
    if (name) knownNames = [name];
  }
  const content: CaseContent = { subject: c.subject, description: c.description, location: c.location_text, replies, timeline };
  return { complaint: c, fields, content, knownNames, language: languageOf(c.subject + c.description) };
}

function withFields(content: CaseContent, fields: Record<string, string>): CaseContent {
  return {
    subject: fields.subject ?? '',
    description: fields.description ?? '',
    location: content.location === null ? null : (fields.location ?? ''),
    replies: content.replies.map((_, i) => fields[`reply:${i}`] ?? ''),
    timeline: content.timeline.map((t, i) => ({ ...t, body: t.body === null ? null : (fields[`timeline:${i}`] ?? '') })),
  };
}

export function caseService(ctx: AppContext) {
  return {
    async preview(actor: Actor, complaintId: string) {
      const s = await sourceOf(ctx, actor, complaintId);
      const redactions = [];
      const redactedFields: Record<string, string> = {};
      for (const [field, text] of Object.entries(s.fields)) {
        const found = findPersonalData(text, { language: s.language, knownNames: s.knownNames });
        redactions.push(...found.map((r) => ({ field, ...r })));
        redactedFields[field] = applyRedactions(text, found);
      }
      return {
        complaintId: s.complaint.id, language: s.language, categoryId: s.complaint.category_id, level: s.complaint.level,
        original: s.content, redacted: withFields(s.content, redactedFields), redactions,
      };
    },

    async create(actor: Actor, body: CreateCaseBody) {
      const s = await sourceOf(ctx, actor, body.complaintId);
      const byField = new Map<string, { start: number; end: number; kind: RedactionKind; replacement: string }[]>();
      for (const r of body.redactions) {
        const text = s.fields[r.field];
        if (text === undefined || r.end > text.length || r.start >= r.end) throw badRequest('invalid_redaction', `The redaction ${r.field} ${r.start}–${r.end} is outside the text`);
        const list = byField.get(r.field) ?? [];
        if (list.some((o) => r.start < o.end && o.start < r.end)) throw badRequest('overlapping_redactions', `Redactions overlap in ${r.field}`);
        list.push({ ...r, replacement: replacementFor(r.kind, s.language) });
        byField.set(r.field, list);
      }
      const fields: Record<string, string> = {};
      for (const [f, text] of Object.entries(s.fields)) fields[f] = applyRedactions(text, byField.get(f) ?? []);
      const content = withFields(s.content, fields);
      // The analyst's own text is anonymised too: a title or lesson never carries a name or a number.
      const clean = (t: string) => anonymise(t, { language: languageOf(t), knownNames: s.knownNames }).text;
      const tags = [...new Set(body.tags.map((t) => t.trim()).filter(Boolean))];
      const row: Selectable<CaseTable> = {
        id: uuidv7(), source_kind: 'complaint', source_id: s.complaint.id, language: s.language,
        title_zh: clean(body.titleZh.trim()), title_en: clean(body.titleEn.trim()), category_id: s.complaint.category_id, level: s.complaint.level,
        tags: JSON.stringify(tags), lessons: clean(body.lessons.trim()), content: JSON.stringify(content), redaction_count: body.redactions.length,
        created_by: actor.id, created_at: Date.now(),
      };
      if (!row.title_zh || !row.title_en) throw badRequest('title_required', 'Both titles are required');
      const searchable = [row.title_zh, row.title_en, tags.join(' '), row.lessons, content.subject, content.description, ...content.replies].join('\n');
      // Tags are terms of their own (tag:…), so the tag filter is an index lookup like the search.
      const terms = [...new Set([...indexTerms(searchable), ...tags.map((t) => `tag:${t}`)])];
      await ctx.db.transaction().execute(async (trx) => {
        const exists = await trx.selectFrom('cases').select('id').where('source_kind', '=', 'complaint').where('source_id', '=', s.complaint.id).executeTakeFirst();
        if (exists) throw conflict('case_exists', 'This complaint is already a case', { caseId: exists.id });
        await trx.insertInto('cases').values(row).execute();
        for (let i = 0; i < terms.length; i += 500) await trx.insertInto('case_search_terms').values(terms.slice(i, i + 500).map((term) => ({ term, case_id: row.id }))).execute();
        await recordActivity(trx, { complaintId: s.complaint.id, actorId: actor.id, kind: 'case_created', data: { caseId: row.id, redactions: body.redactions.length } });
      });
      return present(row, actor, s.complaint);
    },

    async get(actor: Actor, id: string) {
      const row = await ctx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('Case');
      const source = await complaintRepo.getComplaint(ctx.db, row.source_id);
      return present(row, actor, source ?? null);
    },

    async list(actor: Actor, q: CaseListQuery) {
      let query = ctx.db.selectFrom('cases').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit ?? 50);
      const terms = q.q ? queryTerms(q.q) : [];
      if (q.q && !terms.length) return { items: [] };
      if (terms.length) {
        query = query.where('id', 'in', (eb) =>
          eb.selectFrom('case_search_terms').select('case_id').where('term', 'in', terms).groupBy('case_id').having((h) => h.fn.count('term'), '=', terms.length),
        );
      }
      if (q.tag) query = query.where('id', 'in', (eb) => eb.selectFrom('case_search_terms').select('case_id').where('term', '=', `tag:${q.tag!.trim()}`));
      if (q.categoryId) query = query.where('category_id', '=', q.categoryId);
      if (q.level) query = query.where('level', '=', q.level);
      const rows = await query.execute();
      const sources = rows.length ? await ctx.db.selectFrom('complaints').select(['id', 'department_id', 'owner_id', 'created_by']).where('id', 'in', rows.map((r) => r.source_id)).execute() : [];
      return { items: rows.map((r) => { const { content: _c, lessons: _l, ...rest } = present(r, actor, sources.find((s) => s.id === r.source_id) ?? null); return rest; }) };
    },

    async tags() {
      const rows = await ctx.db.selectFrom('cases').select('tags').execute();
      const counts = new Map<string, number>();
      for (const r of rows) for (const t of JSON.parse(r.tags) as string[]) counts.set(t, (counts.get(t) ?? 0) + 1);
      return { items: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag, count]) => ({ tag, count })) };
    },
  };
}

function present(row: Selectable<CaseTable>, actor: Actor, source: Parameters<typeof canSee>[1] | null) {
  return {
    id: row.id, language: row.language, titleZh: row.title_zh, titleEn: row.title_en, categoryId: row.category_id, level: Number(row.level),
    tags: JSON.parse(row.tags) as string[], lessons: row.lessons, content: JSON.parse(row.content) as CaseContent, redactionCount: Number(row.redaction_count),
    sourceComplaintId: source && canSee(actor, source) ? row.source_id : null, createdBy: row.created_by, createdAt: Number(row.created_at),
  };
}
