/**
 * Spike alerts on the one scheduler: the `opinion.alerts.evaluate` job runs after each window closes
 * (re-armed at the next window's end) and, debounced, after ingest batches. For every enabled
 * watchlist it feeds the closed windows since the last run to the detector (opinion.spike.ts) in order,
 * applies hysteresis, and scores the window still open (it may only raise, never lower or teach the
 * baseline). A rise from nothing opens an alert; a higher level raises it; lower levels lower it; level
 * 0 closes it. Opening and raising notify the PR officers and leaders (notifications service: in-app,
 * email, webhooks) and emit `opinion.alert` through the event outbox — the event an emergency plan
 * activates on — except in quiet hours, when the alert is recorded and the event names no recipient.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database, OpinionAlertTable } from '../../platform/db/schema.js';
import { enqueue } from '../../platform/jobs/enqueue.js';
import { activeUsersWithRole } from '../notifications/notification.repo.js';
import { bucketStart, GRANULARITIES, mentionHeat, type Granularity } from './opinion.heat.js';
import { DEFAULT_SPIKE_CONFIG, emptyBaseline, inQuietHours, LEVEL_COLORS, nextLevel, observe, score, type BaselineState, type LevelState, type SpikeConfig } from './opinion.spike.js';

export const EVALUATE_JOB = 'opinion.alerts.evaluate';

export interface AlertOptions {
  spike: SpikeConfig;
  granularity: Granularity;
  /** "22:00-07:00" in the organisation's time zone, or null. */
  quietHours: string | null;
  /** Ingest batches within this long are evaluated once. */
  debounceMs: number;
  /** A window is evaluated this long after it ends (late mentions). */
  graceMs: number;
  /** Most closed windows caught up per run (older ones are skipped). */
  maxCatchUp: number;
  /** Driving mentions kept on an alert. */
  topMentions: number;
}

const options = new WeakMap<AppContext, AlertOptions>();

function fromEnv(): AlertOptions {
  const env = process.env;
  const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);
  const spike: SpikeConfig = {
    ...DEFAULT_SPIKE_CONFIG,
    mode: env.REDRESS_OPINION_BASELINE === 'hour_of_week' ? 'hour_of_week' : 'ewma',
    test: env.REDRESS_OPINION_TEST === 'poisson' ? 'poisson' : 'z',
    minVolume: num(env.REDRESS_OPINION_MIN_VOLUME, DEFAULT_SPIKE_CONFIG.minVolume),
    quietWindows: num(env.REDRESS_OPINION_QUIET_WINDOWS, DEFAULT_SPIKE_CONFIG.quietWindows),
  };
  const th = env.REDRESS_OPINION_THRESHOLDS?.split(',').map(Number);
  if (th && th.length === 4 && th.every((x, i) => Number.isFinite(x) && (i === 0 || x > th[i - 1]))) spike.thresholds = th as SpikeConfig['thresholds'];
  return {
    spike,
    granularity: env.REDRESS_OPINION_WINDOW === '1h' ? '1h' : '5m',
    quietHours: env.REDRESS_OPINION_QUIET_HOURS || null,
    debounceMs: 10_000,
    graceMs: num(env.REDRESS_OPINION_GRACE_MS, 0),
    maxCatchUp: 288,
    topMentions: 20,
  };
}

export function alertOptions(ctx: AppContext): AlertOptions {
  let o = options.get(ctx);
  if (!o) options.set(ctx, (o = fromEnv()));
  return o;
}

/** Tests and operators change the options at run time. */
export function configureAlerts(ctx: AppContext, patch: Partial<Omit<AlertOptions, 'spike'>> & { spike?: Partial<SpikeConfig> }): AlertOptions {
  const cur = alertOptions(ctx);
  const next = { ...cur, ...patch, spike: { ...cur.spike, ...(patch.spike ?? {}) } };
  options.set(ctx, next);
  return next;
}

/** Arms the window tick (at the current window's end) and, after ingest, the debounced evaluation. */
export async function armEvaluation(ctx: AppContext, afterIngest: boolean): Promise<void> {
  const o = alertOptions(ctx);
  const now = ctx.jobs.now();
  const w = GRANULARITIES[o.granularity];
  const tickAt = bucketStart(now, o.granularity) + w + o.graceMs;
  await enqueue(ctx.db, { type: EVALUATE_JOB, payload: { reason: 'tick' }, dedupeKey: `${EVALUATE_JOB}:tick`, replace: true, runAt: tickAt }, now);
  if (afterIngest) await enqueue(ctx.db, { type: EVALUATE_JOB, payload: { reason: 'ingest' }, dedupeKey: `${EVALUATE_JOB}:ingest`, replace: true, runAt: now + o.debounceMs }, now);
}

export function registerOpinionAlerts(ctx: AppContext): void {
  ctx.jobs.register(EVALUATE_JOB, async (payload: { reason?: string }) => {
    const n = await evaluateAll(ctx, ctx.jobs.now());
    if (payload.reason === 'tick' && n > 0) await armEvaluation(ctx, false);
  });
}

interface StoredState {
  baseline: BaselineState;
  quietPeak: number;
}

interface Transition {
  from: number;
  to: number;
  window: number;
  score: number;
  volume: number;
  negative: number;
}

/** Evaluates every enabled watchlist; returns how many there are. */
export async function evaluateAll(ctx: AppContext, now: number): Promise<number> {
  const lists = await ctx.db.selectFrom('opinion_watchlists').select(['id', 'name']).where('enabled', '=', 1).execute();
  for (const w of lists) await evaluateWatchlist(ctx, w, now);
  return lists.length;
}

export async function evaluateWatchlist(ctx: AppContext, w: { id: string; name: string }, now: number): Promise<void> {
  const o = alertOptions(ctx);
  const g = o.granularity;
  const W = GRANULARITIES[g];
  const lastClosed = bucketStart(now - o.graceMs, g) - W;
  const row = await ctx.db.selectFrom('opinion_alert_state').selectAll().where('watchlist_id', '=', w.id).executeTakeFirst();
  let lastWindow: number;
  let stored: StoredState;
  let level: LevelState;
  if (row) {
    lastWindow = row.last_window === null ? lastClosed : Number(row.last_window);
    stored = JSON.parse(row.baseline) as StoredState;
    level = { level: row.level, quiet: row.quiet_windows, quietPeak: stored.quietPeak };
  } else {
    // A new watchlist learns from its first bucket (at most maxCatchUp windows back).
    const first = await ctx.db.selectFrom('opinion_heat_buckets').select((eb) => eb.fn.min('bucket_start').as('s')).where('watchlist_id', '=', w.id).where('granularity', '=', g).executeTakeFirst();
    const s = first?.s === null || first?.s === undefined ? null : Number(first.s);
    lastWindow = s === null ? lastClosed : Math.max(s, lastClosed - (o.maxCatchUp - 1) * W) - W;
    stored = { baseline: emptyBaseline(), quietPeak: 0 };
    level = { level: 0, quiet: 0 };
  }
  let from = lastWindow + W;
  if (from < lastClosed - (o.maxCatchUp - 1) * W) from = lastClosed - (o.maxCatchUp - 1) * W;
  const buckets = await ctx.db
    .selectFrom('opinion_heat_buckets')
    .select(['bucket_start', 'volume', 'negative'])
    .where('watchlist_id', '=', w.id)
    .where('granularity', '=', g)
    .where('bucket_start', '>=', from)
    .execute();
  const byStart = new Map(buckets.map((b) => [Number(b.bucket_start), { volume: Number(b.volume), negative: Number(b.negative) }]));
  const transitions: Transition[] = [];
  let baseline = stored.baseline;
  for (let s = from; s <= lastClosed; s += W) {
    const obs = { start: s, ...(byStart.get(s) ?? { volume: 0, negative: 0 }) };
    const r = observe(baseline, obs, o.spike);
    baseline = r.state;
    const next = nextLevel(level, r.evaluation.observed, o.spike);
    if (next.level !== level.level) transitions.push({ from: level.level, to: next.level, window: s, score: r.evaluation.score, volume: obs.volume, negative: obs.negative });
    level = next;
  }
  // The window still open may raise the level early (it teaches the baseline nothing).
  const openStart = lastClosed + W;
  const open = byStart.get(openStart);
  if (open) {
    const e = score(baseline, { start: openStart, ...open }, o.spike);
    if (e.observed > level.level) {
      transitions.push({ from: level.level, to: e.observed, window: openStart, score: e.score, volume: open.volume, negative: open.negative });
      level = { level: e.observed, quiet: 0, quietPeak: 0 };
    }
  }
  const quiet = inQuietHours(now, o.quietHours, ctx.config.timezone);
  let emitted = false;
  // Two runs at once (the tick and an ingest run, or two instances): the state row is written only if
  // unchanged since it was read; the loser's transaction rolls back and changes nothing.
  const lost = new Error('opinion alert state changed meanwhile');
  await ctx.db.transaction().execute(async (trx) => {
    let alertId = row?.alert_id ?? null;
    for (const t of transitions) {
      const r = await applyTransition(ctx, trx, w, alertId, t, now, quiet);
      alertId = r.alertId;
      emitted ||= r.emitted;
    }
    const values = { last_window: Math.max(lastClosed, lastWindow), baseline: JSON.stringify({ baseline, quietPeak: level.quietPeak ?? 0 } satisfies StoredState), level: level.level, quiet_windows: level.quiet, alert_id: alertId, updated_at: now };
    if (row) {
      const r = await trx.updateTable('opinion_alert_state').set(values).where('watchlist_id', '=', w.id).where('updated_at', '=', row.updated_at).where('last_window', row.last_window === null ? 'is' : '=', row.last_window).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw lost;
    } else {
      const r = await trx.insertInto('opinion_alert_state').values({ watchlist_id: w.id, ...values }).onConflict((oc) => oc.column('watchlist_id').doNothing()).executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) throw lost;
    }
  }).catch((err: unknown) => {
    if (err !== lost) throw err;
    emitted = false;
  });
  if (emitted) ctx.events.flush();
}

type Trx = Transaction<Database>;

async function applyTransition(ctx: AppContext, trx: Trx, w: { id: string; name: string }, alertId: string | null, t: Transition, now: number, quiet: boolean): Promise<{ alertId: string | null; emitted: boolean }> {
  const entry = { at: now, window: t.window, level: t.to, score: t.score, volume: t.volume, negative: t.negative };
  const cur = alertId ? await trx.selectFrom('opinion_alerts').selectAll().where('id', '=', alertId).executeTakeFirst() : undefined;
  const live = cur && cur.status !== 'closed' ? cur : undefined;
  if (t.to > t.from) {
    if (!live) {
      // Nothing open (never, or closed by hand): a rise opens a new alert.
      const id = uuidv7();
      const drivers = await driversOf(trx, w.id, t.window, t.window + GRANULARITIES[alertOptions(ctx).granularity], alertOptions(ctx).topMentions);
      const a: OpinionAlertTable = {
        id, watchlist_id: w.id, level: t.to, peak_level: t.to, status: 'open', window_start: t.window, opened_at: now, raised_at: null, lowered_at: null, closed_at: null,
        peak_score: t.score, peak_volume: t.volume, quiet: quiet ? 1 : 0, history: JSON.stringify([entry]), mention_ids: JSON.stringify(drivers.mentionIds), clusters: JSON.stringify(drivers.clusters),
        acknowledged_by: null, acknowledged_at: null, ack_note: null, closed_by: null, close_note: null, created_at: now, updated_at: now,
      };
      await trx.insertInto('opinion_alerts').values(a).execute();
      await emitAlert(ctx, trx, w, a, quiet, 'opened');
      return { alertId: id, emitted: true };
    }
    const end = t.window + GRANULARITIES[alertOptions(ctx).granularity];
    const drivers = await driversOf(trx, w.id, live.window_start, end, alertOptions(ctx).topMentions);
    const a: OpinionAlertTable = {
      ...live, level: t.to, peak_level: Math.max(live.peak_level, t.to), raised_at: now, peak_score: Math.max(live.peak_score, t.score), peak_volume: Math.max(live.peak_volume, t.volume),
      history: JSON.stringify([...(JSON.parse(live.history) as unknown[]), entry]), mention_ids: JSON.stringify(drivers.mentionIds), clusters: JSON.stringify(drivers.clusters), updated_at: now,
    };
    await trx.updateTable('opinion_alerts').set(a).where('id', '=', live.id).execute();
    // Only a new peak is announced again (a fall and a second rise to the same level is not news).
    if (t.to > live.peak_level) {
      await emitAlert(ctx, trx, w, a, quiet, 'raised');
      return { alertId: live.id, emitted: true };
    }
    return { alertId: live.id, emitted: false };
  }
  if (!live) return { alertId: t.to === 0 ? null : alertId, emitted: false };
  const history = JSON.stringify([...(JSON.parse(live.history) as unknown[]), entry]);
  if (t.to === 0) {
    await trx.updateTable('opinion_alerts').set({ level: 0, status: 'closed', closed_at: now, close_note: null, closed_by: null, history, updated_at: now }).where('id', '=', live.id).execute();
    return { alertId: null, emitted: false };
  }
  await trx.updateTable('opinion_alerts').set({ level: t.to, lowered_at: now, history, updated_at: now }).where('id', '=', live.id).execute();
  return { alertId: live.id, emitted: false };
}

/** The mentions that drove an alert (top by heat in its windows) and their clusters (reposts and copies under their original). */
async function driversOf(trx: Trx, watchlistId: string, from: number, to: number, top: number) {
  const rows = await trx
    .selectFrom('opinion_mention_matches as x')
    .innerJoin('opinion_mentions as m', 'm.id', 'x.mention_id')
    .select(['m.id', 'm.published_at', 'm.reposts', 'm.comments', 'm.likes', 'm.p_negative', 'm.sentiment_label', 'm.original_id', 'm.duplicate_of'])
    .where('x.watchlist_id', '=', watchlistId)
    .where('x.published_at', '>=', from)
    .where('x.published_at', '<', to)
    .orderBy('x.published_at', 'desc')
    .limit(5000)
    .execute();
  const scored = rows.map((r) => ({ id: r.id, heat: mentionHeat({ ...r, published_at: Number(r.published_at) }), root: r.original_id ?? r.duplicate_of ?? r.id }));
  scored.sort((a, b) => b.heat - a.heat || (a.id < b.id ? -1 : 1));
  const clusters = new Map<string, number>();
  for (const s of scored) clusters.set(s.root, (clusters.get(s.root) ?? 0) + 1);
  return {
    mentionIds: scored.slice(0, top).map((s) => s.id),
    clusters: [...clusters.entries()].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([rootId, count]) => ({ rootId, count })),
  };
}

export const COLOR_ZH: Record<string, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色', none: '' };

/** Alert level 1–4 (blue … red) as the incident level the plans use (Ⅳ … Ⅰ). */
export const incidentLevelOf = (alertLevel: number) => Math.min(4, Math.max(1, 5 - alertLevel));

export function alertTitle(ctx: AppContext, watchlistName: string, level: number): string {
  const color = LEVEL_COLORS[level] ?? 'none';
  return ctx.config.locale === 'en' ? `Opinion alert (${color}): ${watchlistName}` : `【舆情${COLOR_ZH[color]}预警】${watchlistName}`;
}

async function emitAlert(ctx: AppContext, trx: Trx, w: { id: string; name: string }, a: OpinionAlertTable, quiet: boolean, change: 'opened' | 'raised'): Promise<void> {
  const recipients = quiet ? [] : [...new Set([...(await activeUsersWithRole(trx, 'pr_officer')), ...(await activeUsersWithRole(trx, 'leader'))])];
  await ctx.events.emit(trx, 'opinion.alert', {
    alertId: a.id,
    change,
    watchlistId: w.id,
    watchlistName: w.name,
    title: alertTitle(ctx, w.name, a.level),
    level: incidentLevelOf(a.level),
    alertLevel: a.level,
    color: LEVEL_COLORS[a.level],
    score: a.peak_score,
    volume: a.peak_volume,
    windowStart: a.window_start,
    mentionIds: JSON.parse(a.mention_ids) as string[],
    quiet,
    recipientUserIds: recipients,
  });
}
