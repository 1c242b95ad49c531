import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/actor.js';
import { badRequest } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import type { Status } from '../../../shared/enums.js';
import { availableActions } from './lifecycle.js';
import * as repo from './complaint.repo.js';
import { canCallBack, canRevealPersonalData, listScope } from './complaint.policy.js';
import { presentComplainant, presentComplaint, presentPlan, presentTimeline } from './complaint.presenter.js';
import { fullPhone, guardPhoneLookup } from './phone-lookup.js';
import { slaListFilter, slaSummaries } from '../sla/sla.service.js';
import { triageService } from '../triage/triage.service.js';
import { localeOf } from '../triage/severity.explain.js';
import type { ListQuery } from './complaint.schema.js';
import { loadVisible } from './complaint.access.js';
import { followUpOf } from '../followup/followup.summary.js';
import { getPrefs, presentPrefs } from '../messaging/prefs.js';
import { messagesOf } from '../messaging/messaging.js';

export async function getComplaintView(ctx: AppContext, actor: Actor, id: string) {
  const c = await loadVisible(ctx, actor, id);
  const [complainant, plan, triage, prefs, messages] = await Promise.all([
    c.complainant_id ? repo.getComplainant(ctx.db, c.complainant_id) : undefined,
    repo.latestPlan(ctx.db, c.id),
    triageService(ctx).presentFor([c.id], localeOf(actor.locale)),
    getPrefs(ctx.db, c.id),
    messagesOf(ctx, c.id),
  ]);
  return {
    ...presentComplaint(c),
    triage: triage.get(c.id) ?? null,
    complainant: complainant ? presentComplainant(complainant, ctx.fieldCrypto, 'masked') : null,
    plan: plan ? presentPlan(plan) : null,
    sla: (await slaSummaries(ctx, [c.id])).get(c.id) ?? null,
    followUp: await followUpOf(ctx.db, c.id),
    availableActions: availableActions(c.status as Status, actor.roles).filter((a) => can(actor, `complaint.${a}` as never)),
    canRevealPersonalData: canRevealPersonalData(actor),
    /** The owner or the department's handlers may see this complainant's name and phone to call back. */
    canViewContact: canRevealPersonalData(actor) || canCallBack(actor, c),
    contactPreferences: presentPrefs(prefs),
    messages,
  };
}

export async function listComplaints(ctx: AppContext, actor: Actor, q: ListQuery) {
  const split = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
  const levels = split(q.level)?.map(Number);
  if (levels?.some((l) => !Number.isInteger(l) || l < 1 || l > 4)) throw badRequest('invalid_filter', 'level must be 1–4');
  const limit = q.limit ?? 50;
  const find = await searchTerm(ctx, actor, q.q);
  const rows = await repo.listComplaints(ctx.db, {
    statuses: split(q.status),
    levels,
    categoryIds: split(q.categoryId),
    departmentIds: split(q.departmentId),
    ownerId: q.ownerId === 'me' ? actor.id : q.ownerId === 'none' ? null : q.ownerId,
    channels: split(q.channel),
    createdFrom: q.createdFrom ? Date.parse(q.createdFrom) : undefined,
    createdTo: q.createdTo ? Date.parse(q.createdTo) : undefined,
    scope: listScope(actor),
    ...find,
    extra: slaListFilter(ctx, q.slaStatus, q.dueBefore),
    afterId: decodeCursor(q.cursor),
    limit,
  });
  const more = rows.length > limit;
  const items = await triageService(ctx).attach(rows.slice(0, limit).map(presentComplaint), localeOf(actor.locale));
  const sla = await slaSummaries(ctx, items.map((i) => i.id));
  return { items: items.map((i) => ({ ...i, sla: sla.get(i.id) ?? null })), nextCursor: more ? encodeCursor(items[items.length - 1].id) : null };
}

/**
 * What `?q=` searches for: a tracking number (whole or a prefix such as TS20261128), a caller's
 * whole phone number (only with complainant.lookup: counted and audited), or else the text.
 */
async function searchTerm(ctx: AppContext, actor: Actor, raw?: string): Promise<Pick<repo.ListFilter, 'search' | 'trackingPrefix' | 'phoneBidx'>> {
  const q = raw?.trim();
  if (!q) return {};
  const tracking = /^TS\d{4,8}(-\d{0,6})?$/i.exec(q);
  if (tracking) return { trackingPrefix: q.toUpperCase() };
  if (fullPhone(q) && can(actor, 'complainant.lookup')) return { phoneBidx: await guardPhoneLookup(ctx, actor, q, 'complaints.search') };
  return { search: ctx.search.plan(q) };
}

export async function timeline(ctx: AppContext, actor: Actor, id: string) {
  await loadVisible(ctx, actor, id);
  const rows = await repo.listTimeline(ctx.db, id, false);
  return { items: rows.map(presentTimeline) };
}
