/**
 * Builds the unrelated pool of the blind same-event set (fixtures/event-clusters/blind-set.txt) from
 * the shared datasets (/work/shared/data, README there), once: keeps the hand-written events above
 * the "## unrelated" line and rewrites the JSON lines below it. The selection rules were fixed before
 * the matcher ever ran on the set; rerunning with the same data gives the same file (seeded), and the
 * test pins the file's SHA-256 so it cannot drift silently. The project never needs /work/shared: the
 * fixture holds every text it uses.
 *
 *   npx tsx bench/event-clusters-blind-build.ts [path/to/shared/data]
 *
 * Nothing here was in the old pools (messages_labeled.csv) or the matcher's background table
 * (messages_labeled.csv odd rows, messages_with_replies.csv). Timestamps, in hours after t0 over a
 * 30-day window: dated sources keep their order and spacing, scaled linearly from their own date range
 * onto the window (Weibo 2020-01-19…04-07, TipDM hot messages 2017–2020, CFPB 2015–2020); NYC 311 is
 * one real day (2018-10-21) and keeps its times of day on day 20, the day of the English events;
 * undated reviews are spread uniformly over the window at 07:00–23:00. Sources without a
 * category get none (compatible with every event: the harder case).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { selectPool } from './event-pool.js';

const DATA = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const OUT = fileURLToPath(new URL('../fixtures/event-clusters/blind-set.txt', import.meta.url));
const pool = selectPool(DATA, { seed: 20261205, nycRows: 'after3000', hot: true });

const text = readFileSync(OUT, 'utf8');
const head = text.split(/^## unrelated\s*$/m)[0].trimEnd();
pool.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
const lines = pool.map((p) => JSON.stringify({ ...p, at: Math.round(p.at * 100) / 100 }));
writeFileSync(OUT, `${head}\n\n## unrelated\n${lines.join('\n')}\n`);
const bySrc = new Map<string, number>();
for (const p of pool) bySrc.set(p.id[0], (bySrc.get(p.id[0]) ?? 0) + 1);
console.log(`wrote ${OUT}: ${pool.length} unrelated (${[...bySrc].map(([k, v]) => `${k} ${v}`).join(', ')})`);
