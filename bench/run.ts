import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dropLoaded, machine, ROOT, writeResult, type BenchArgs, type DbKind } from './lib.js';

/**
 * npm run bench [-- <scenario>] [--db sqlite|postgres] [--size N] [--duration S] [--pg-url URL]
 *
 * Scenarios: intake, search, stats, timers, memory, triage, load, faults, opinion (all but load and opinion when none is named).
 * Each prints a table, writes bench/results/<scenario>-<db>-<timestamp>.json and ends with one
 * `RESULT <scenario> key=value …` line. The scenarios that need bulk-loaded complaints (LOADED_USERS)
 * share one loaded database per size in a run, dropped after the last of them.
 */

type Outcome = { data: Record<string, unknown>; line: string } | { skipped: string };
type Scenario = (args: BenchArgs, print: (s: string) => void) => Promise<Outcome>;

const SCENARIOS: Record<string, () => Promise<Scenario>> = {
  intake: async () => (await import('./scenarios/intake.js')).intake,
  search: async () => (await import('./scenarios/search.js')).search,
  stats: async () => (await import('./scenarios/stats.js')).stats,
  timers: async () => (await import('./scenarios/timers.js')).timers,
  memory: async () => (await import('./scenarios/memory.js')).memory,
  triage: async () => (await import('./scenarios/triage.js')).triage,
  load: async () => (await import('./scenarios/load.js')).load,
  faults: async () => (await import('./scenarios/faults.js')).faults,
  opinion: async () => (await import('./scenarios/opinion.js')).opinion,
};
const DEFAULT_ORDER = ['intake', 'search', 'stats', 'timers', 'memory', 'triage', 'faults'];
/**
 * Scenarios on the shared loaded database, in the order they run among themselves: the read-only
 * ones first (search, load; stats only adds the reports rollups, rebuilt from the complaints), then
 * memory, whose intake run adds complaints (with their events, rollups and audit entries).
 */
const LOADED_USERS = ['search', 'stats', 'load', 'memory'];

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      db: { type: 'string', default: 'sqlite' },
      size: { type: 'string' },
      duration: { type: 'string', default: '10' },
      'pg-url': { type: 'string', default: process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(fs.readFileSync(path.join(ROOT, 'bench', 'README.md'), 'utf8'));
    return 0;
  }
  const db = values.db as DbKind;
  if (db !== 'sqlite' && db !== 'postgres') throw new Error('--db is sqlite or postgres');
  const asked = positionals.length ? positionals : DEFAULT_ORDER;
  for (const n of asked) if (!SCENARIOS[n]) throw new Error(`Unknown scenario ${n}; scenarios are ${Object.keys(SCENARIOS).join(', ')}`);
  // The loaded-database scenarios keep their places in the list but run in LOADED_USERS order.
  const users = asked.filter((n) => LOADED_USERS.includes(n)).sort((a, b) => LOADED_USERS.indexOf(a) - LOADED_USERS.indexOf(b));
  const names = asked.map((n) => (LOADED_USERS.includes(n) ? users.shift()! : n));
  if (names.join() !== asked.join()) console.log(`order: ${names.join(', ')} (scenarios that add rows to the shared loaded database run after those that only read it)`);
  process.once('SIGINT', () => void dropLoaded().finally(() => process.exit(130)));
  const size = values.size ? Number(values.size.replace(/_/g, '')) : undefined;
  const args: BenchArgs = { scenario: '', db, size, pgUrl: values['pg-url']!, duration: Number(values.duration) };
  const info = await machine(db, args.pgUrl);
  console.log(`machine: ${info.cpus} × ${info.cpuModel}, ${info.memGb} GiB; node ${info.node}; sqlite ${info.sqlite}${info.postgres ? `; postgres ${info.postgres}` : ''}`);
  const load1 = os.loadavg()[0];
  if (load1 > 0.5 * os.cpus().length) console.log(`WARNING: load average ${load1.toFixed(1)} on ${os.cpus().length} CPUs — other processes compete with the benchmark; figures will be low and noisy`);
  const lines: string[] = [];
  let failed = 0;
  const started = Date.now();
  for (const [i, name] of names.entries()) {
    console.log(`\n== ${name} (${db}${size ? `, size ${size}` : ''})`);
    const t = Date.now();
    const scenario = await SCENARIOS[name]();
    let out: Outcome;
    try {
      out = await scenario({ ...args, scenario: name }, (s) => console.log(s));
    } catch (err) {
      // One failing scenario does not stop the others; its RESULT line says so.
      console.error(err);
      if (!names.slice(i + 1).some((n) => LOADED_USERS.includes(n))) await dropLoaded();
      const line = `RESULT ${name} db=${db} failed=1`;
      console.log(line);
      lines.push(line);
      failed++;
      continue;
    }
    // Drop the loaded database as soon as no remaining scenario needs it.
    if (!names.slice(i + 1).some((n) => LOADED_USERS.includes(n))) await dropLoaded();
    if ('skipped' in out) {
      console.log(`skipped: ${out.skipped}`);
      continue;
    }
    const file = writeResult(name, db, { scenario: name, db, size: size ?? null, at: new Date().toISOString(), seconds: Math.round((Date.now() - t) / 1000), machine: info, loadavgAfter: os.loadavg(), ...out.data, result: out.line });
    console.log(`(${Math.round((Date.now() - t) / 1000)} s; ${path.relative(ROOT, file)})`);
    console.log(out.line);
    lines.push(out.line);
  }
  if (names.length > 1) {
    console.log(`\n== summary (${Math.round((Date.now() - started) / 1000)} s)`);
    for (const l of lines) console.log(l);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err);
    await dropLoaded().catch(() => undefined);
    process.exit(1);
  },
);
