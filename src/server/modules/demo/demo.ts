import type { AppContext } from '../../context.js';
import { ensureFirstAdmin } from '../../bootstrap.js';
import { getSetting, putSetting } from '../triage/triage.repo.js';
import { triageService } from '../triage/triage.service.js';
import { loadDatasets } from './datasets.js';
import { SimulatedClock } from './clock.js';
import { DemoDriver } from './driver.js';
import { driveIncident, setUpEmergency } from './emergency.js';
import { DEMO_PASSWORD, demoUsers, ensureDemoOrg, type DemoLocale, type DemoOrg } from './org.js';
import { buildScenario, type DemoItem } from './scenario.js';
import { measureSuggestions } from './suggestions.js';

/**
 * `redress demo [--locale zh|en] [--size N]`: a hotline desk a few months into its work. The
 * organisation, then one complaint per item of the scenario, each created and moved through its
 * lifecycle by the roles that may act, in time order on a simulated clock — so timeline, audit log,
 * search index, SLA clocks (overdue, extended), supervision, clusters and plans are the real thing.
 * The category model learns from the agents' confirmations and is retrained from the desk's own
 * history as it goes, so suggestions work from the first day after loading.
 *
 * Re-runnable: the `demo` settings row records the load's parameters when it starts and `loaded`
 * when it ends. A second run of a finished load says so and changes nothing; a run after an
 * interrupted load replays the same scenario (complaints are created with idempotency keys and every
 * step checks the server's state first) and finishes it.
 */

const DAY = 86_400_000;
const SETTING = 'demo';

export { DEMO_PASSWORD, DEMO_DOMAIN } from './org.js';

interface Marker {
  state: 'loading' | 'loaded';
  locale: DemoLocale;
  size: number;
  seed: number;
  endMs: number;
  spanDays: number;
  startedAt: number;
  loadedAt?: number;
}

export interface DemoOptions {
  locale?: DemoLocale;
  size?: number;
}

async function readMarker(ctx: AppContext): Promise<Marker | undefined> {
  const row = await getSetting(ctx.db, SETTING);
  return row ? (JSON.parse(row.value) as Marker) : undefined;
}

async function writeMarker(ctx: AppContext, m: Marker): Promise<void> {
  await ctx.db.transaction().execute((trx) => putSetting(trx, SETTING, JSON.stringify(m), Date.now()));
}

/** The locale of the demo loaded (or being loaded) in this database, if any. */
export async function demoLocale(ctx: AppContext): Promise<DemoLocale | undefined> {
  return (await readMarker(ctx))?.locale;
}

function printUsers(locale: DemoLocale, print: (s: string) => void): void {
  print(`Sign in at the web app with any of these users, password ${DEMO_PASSWORD}:`);
  for (const u of demoUsers(locale)) print(`  ${u.email.padEnd(26)} ${u.name.padEnd(12)} ${u.roles.join(', ')}`);
}

/** Returns the process exit code: 0 loaded (now or before), 1 refused. */
export async function loadDemo(ctx: AppContext, print: (s: string) => void, opts: DemoOptions = {}): Promise<number> {
  const before = await readMarker(ctx);
  if (before?.state === 'loaded') {
    print(`The ${before.locale} demo is already loaded (${before.size} complaints, ${new Date(before.loadedAt ?? before.startedAt).toISOString()}); nothing to do.`);
    printUsers(before.locale, print);
    return 0;
  }
  if (!before) {
    const n = await ctx.db.selectFrom('complaints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    if (Number(n.n) > 0) {
      print(`This database already holds ${n.n} complaints that are not the demo's; the demo loads only into an empty one (use a fresh REDRESS_DATA_DIR or DATABASE_URL).`);
      return 1;
    }
  } else if ((opts.locale && opts.locale !== before.locale) || (opts.size && opts.size !== before.size)) {
    print(`An interrupted ${before.locale} demo of ${before.size} complaints is in this database; finishing that one (not --locale ${opts.locale ?? before.locale} --size ${opts.size ?? before.size}).`);
  }
  const marker: Marker = before ?? { state: 'loading', locale: opts.locale ?? 'zh', size: opts.size ?? 300, seed: 2025, endMs: Date.now(), spanDays: 120, startedAt: Date.now() };
  if (before) {
    print(`Resuming the interrupted ${marker.locale} demo load of ${new Date(marker.startedAt).toISOString()}.`);
    // Jobs the interrupted loader held have leases in its simulated time, which the replay reaches
    // only later: hand them back now (the demo loads only a database no server is running on).
    await ctx.db.updateTable('jobs').set({ status: 'pending', lease_owner: null, lease_expires_at: null, updated_at: Date.now() }).where('status', '=', 'running').execute();
  } else await writeMarker(ctx, marker);

  const started = performance.now();
  const datasets = loadDatasets();
  const items = buildScenario(marker);
  // A resumed load goes on from where the interrupted one stopped (its events are ordered after what
  // it did); the replay of the steps it already took finds them done and changes nothing.
  const last = before ? await ctx.db.selectFrom('timeline').select((eb) => eb.fn.max('created_at').as('t')).executeTakeFirst() : undefined;
  const clock = new SimulatedClock();
  clock.install(Math.min(Date.now(), Math.max(marker.endMs - marker.spanDays * DAY, Number(last?.t ?? 0) + 1)));
  let driver: DemoDriver;
  let org: DemoOrg;
  try {
    await ensureFirstAdmin(ctx, print);
    org = await ensureDemoOrg(ctx, marker.locale, datasets.taxonomy, print);
    driver = new DemoDriver(ctx, org, marker.locale, datasets.replies, marker.seed);
    ctx.jobs.start();
    // Plans mapped to categories and on-call rotas before the first complaint: the mass cluster opens an incident by itself.
    await setUpEmergency(ctx, org, marker.locale, print);
    // Nothing may be running when the clock jumps forward, or its lease would expire under it.
    await settle(ctx);
    await play(ctx, clock, driver, items, marker.endMs, org.actors.get('admin')!.id, print);
  } finally {
    clock.restore();
  }
  await settle(ctx);
  await driveIncident(ctx, org, marker.locale, print);
  await settle(ctx);
  await writeMarker(ctx, { ...marker, state: 'loaded', loadedAt: Date.now() });

  const statuses = await ctx.db.selectFrom('complaints').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  print(`Complaints: ${items.length} — ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`);
  const m = await measureSuggestions(ctx, 'coordinator', marker.locale);
  const seen = marker.locale === 'zh' ? '; the shipped model learnt these messages — `redress demo check` also measures it on texts it has not seen' : '';
  print(`Category suggestions: the source category is among the top three for ${m.hits} of ${m.total} complaints in the coordinator's inbox (${(m.share * 100).toFixed(1)} %${seen}).`);
  print(`Loaded in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  printUsers(marker.locale, print);
  return 0;
}

/**
 * Plays the scenario in time order: a queue of (time, item) steps; the clock moves to each step's
 * time, the step runs, and the jobs it made due (events, SLA timers) run before the next one. Steps
 * due after the end time are not taken: those items stay where they are — fresh, in progress, overdue.
 */
async function play(ctx: AppContext, clock: SimulatedClock, driver: DemoDriver, items: DemoItem[], endMs: number, adminId: string, print: (s: string) => void): Promise<void> {
  const queue: Array<{ at: number; item: DemoItem }> = items.map((item) => ({ at: item.at, item }));
  let trainedAt = 0;
  let reported = 0;
  let nextDue = 0;
  for (;;) {
    let k = -1;
    for (let i = 0; i < queue.length; i++) if (k < 0 || queue[i].at < queue[k].at) k = i;
    if (k < 0 || queue[k].at > endMs) break;
    const { at, item } = queue[k];
    clock.advanceTo(at);
    if (at >= nextDue) await settle(ctx);
    const next = await driver.step(item);
    nextDue = await settle(ctx);
    if (driver.ids.size >= reported + 50) {
      reported = driver.ids.size;
      print(`  … ${reported} of ${items.length} complaints received (simulated date ${new Date(at).toISOString().slice(0, 10)})`);
    }
    if (next === null) queue.splice(k, 1);
    else queue[k] = { at: Math.max(at, clock.now()) + next, item };
    // The desk retrains its category model from its own confirmed history: after 20 confirmations,
    // again whenever they have doubled, then after every 100 more.
    if (driver.confirmations >= (trainedAt ? Math.min(trainedAt * 2, trainedAt + 100) : 20)) {
      trainedAt = driver.confirmations;
      await triageService(ctx).train(adminId, { force: true });
    }
  }
  clock.advanceTo(endMs);
  await settle(ctx);
}

/**
 * Waits until no job is running or due (event deliveries, SLA timers) at the current time; returns
 * when the next pending job falls due.
 */
async function settle(ctx: AppContext): Promise<number> {
  for (let spins = 0; ; spins++) {
    const now = Date.now();
    const jobs = await ctx.db
      .selectFrom('jobs')
      .select((eb) => [eb.fn.min('run_at').as('next'), eb.fn.sum(eb.case().when('status', '=', 'running').then(1).else(0).end()).as('running')])
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirstOrThrow();
    const next = jobs.next === null ? Infinity : Number(jobs.next);
    // A job falling due within the next second is waited for: the runner would claim it on its own
    // timer, and a clock jump under its lease would make the lease expire.
    if (!Number(jobs.running) && next > now + 1000) return next;
    if (spins > 20_000) throw new Error('demo: background jobs did not settle');
    ctx.jobs.kick();
    await new Promise((r) => setTimeout(r, spins < 10 ? 1 : 5));
  }
}
