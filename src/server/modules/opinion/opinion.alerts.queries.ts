/** Alerts as the PR officer sees them: list (newest first, cursor), one with its driving mentions and clusters, acknowledge, close. */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { OpinionAlertTable } from '../../platform/db/schema.js';
import { conflict, notFound } from '../../platform/http/problem.js';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.js';
import { auditAlert } from './opinion.actions.js';
import { LEVEL_COLORS } from './opinion.spike.js';
import { mentionsByIds } from './mention.queries.js';

const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());
const color = (l: number) => LEVEL_COLORS[l] ?? 'none';

export function presentAlert(a: OpinionAlertTable, watchlistName: string | null) {
  const history = JSON.parse(a.history) as Array<{ at: number; window: number; level: number; score: number; volume: number; negative: number }>;
  return {
    id: a.id,
    watchlistId: a.watchlist_id,
    watchlistName,
    level: a.level,
    color: color(a.level),
    peakLevel: a.peak_level,
    peakColor: color(a.peak_level),
    status: a.status as 'open' | 'acknowledged' | 'closed',
    windowStart: iso(a.window_start)!,
    openedAt: iso(a.opened_at)!,
    raisedAt: iso(a.raised_at),
    loweredAt: iso(a.lowered_at),
    closedAt: iso(a.closed_at),
    peakScore: Number(a.peak_score),
    peakVolume: a.peak_volume,
    quiet: !!a.quiet,
    history: history.map((h) => ({ at: iso(h.at)!, window: iso(h.window)!, level: h.level, color: color(h.level), score: h.score, volume: h.volume, negative: h.negative })),
    mentionIds: JSON.parse(a.mention_ids) as string[],
    clusters: JSON.parse(a.clusters) as Array<{ rootId: string; count: number }>,
    acknowledged: a.acknowledged_by && a.acknowledged_at !== null ? { by: a.acknowledged_by, at: iso(a.acknowledged_at)!, note: a.ack_note } : null,
    closed: a.closed_at !== null ? { by: a.closed_by, at: iso(a.closed_at)!, note: a.close_note } : null,
  };
}

async function names(ctx: AppContext, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await ctx.db.selectFrom('opinion_watchlists').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function listAlerts(ctx: AppContext, f: { watchlistId?: string; status?: string; limit?: number; cursor?: string }) {
  const limit = f.limit ?? 50;
  const key = decodeCursor(f.cursor);
  let q = ctx.db.selectFrom('opinion_alerts').selectAll();
  if (f.watchlistId) q = q.where('watchlist_id', '=', f.watchlistId);
  if (f.status === 'active') q = q.where('status', 'in', ['open', 'acknowledged']);
  else if (f.status) q = q.where('status', '=', f.status);
  if (key) {
    const [t, id] = key.split(':');
    const at = Number(t);
    q = q.where((eb) => eb.or([eb('opened_at', '<', at), eb.and([eb('opened_at', '=', at), eb('id', '<', id ?? '')])]));
  }
  const rows = await q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const n = await names(ctx, page.map((r) => r.watchlist_id));
  const last = page[page.length - 1];
  return { items: page.map((r) => presentAlert(r, n.get(r.watchlist_id) ?? null)), nextCursor: rows.length > limit && last ? encodeCursor(`${Number(last.opened_at)}:${last.id}`) : null };
}

async function alertRow(ctx: AppContext, id: string) {
  const a = await ctx.db.selectFrom('opinion_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound('Alert');
  return a;
}

export async function getAlert(ctx: AppContext, id: string) {
  const a = await alertRow(ctx, id);
  const n = await names(ctx, [a.watchlist_id]);
  const alert = presentAlert(a, n.get(a.watchlist_id) ?? null);
  const mentions = await mentionsByIds(ctx, alert.mentionIds);
  const roots = new Map((await mentionsByIds(ctx, alert.clusters.map((c) => c.rootId))).map((m) => [m.id, m]));
  return { alert, mentions, clusters: alert.clusters.map((c) => ({ ...c, root: roots.get(c.rootId) ?? null })) };
}

export async function acknowledgeAlert(ctx: AppContext, actor: Actor, id: string, note: string | null) {
  const now = Date.now();
  await ctx.db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('opinion_alerts').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('Alert');
    if (a.status === 'closed') throw conflict('alert_closed', 'The alert is closed');
    if (a.status === 'acknowledged') throw conflict('alert_already_acknowledged', 'The alert is acknowledged already');
    await trx.updateTable('opinion_alerts').set({ status: 'acknowledged', acknowledged_by: actor.id, acknowledged_at: now, ack_note: note, updated_at: now }).where('id', '=', id).execute();
    await auditAlert(trx, actor.id, 'acknowledged', id, note);
  });
  return getAlert(ctx, id);
}

/** Closed by hand: a later rise (above the detector's current level) opens a new alert. */
export async function closeAlert(ctx: AppContext, actor: Actor, id: string, note: string) {
  const now = Date.now();
  await ctx.db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('opinion_alerts').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('Alert');
    if (a.status === 'closed') throw conflict('alert_closed', 'The alert is closed already');
    await trx.updateTable('opinion_alerts').set({ status: 'closed', closed_at: now, closed_by: actor.id, close_note: note, updated_at: now }).where('id', '=', id).execute();
    await trx.updateTable('opinion_alert_state').set({ alert_id: null }).where('alert_id', '=', id).execute();
    await auditAlert(trx, actor.id, 'closed', id, note);
  });
  return getAlert(ctx, id);
}

export async function alertMarks(ctx: AppContext, watchlistId: string, from: number, to: number) {
  const rows = await ctx.db.selectFrom('opinion_alerts').select(['id', 'window_start', 'peak_level', 'status']).where('watchlist_id', '=', watchlistId).where('window_start', '>=', from).where('window_start', '<', to).orderBy('window_start').execute();
  return rows.map((r) => ({ id: r.id, windowStart: iso(r.window_start)!, peakLevel: r.peak_level, status: r.status }));
}

export { alertRow };
