/**
 * Builds the unrelated pool of the second blind same-event set (fixtures/event-clusters/blind-set-2.txt)
 * from the shared datasets (/work/shared/data), once: keeps the hand-written events above the
 * "## unrelated" line and rewrites the JSON lines below it. The rules are the first blind set's
 * (bench/event-clusters-blind-build.ts, bench/event-pool.ts: sources, sizes, hard-topic halves,
 * timestamps, no near-duplicate reposts) with another seed, on rows that neither the first blind pool
 * nor the wider dev pool (bench/event-pool-dev.ts) holds, and that are in no earlier pool or the
 * matcher's background table (so no TipDM message at all: the 29 hot messages are in the first blind
 * pool, the rest in the old halves or the background). NYC 311 rows come from after the first 3,000
 * (not in fixtures/datasets). Rerunning with the same data gives the same file; the test pins its
 * SHA-256. Texts near-identical to an earlier pool's (reposts under another id) are left out too.
 * The project never needs /work/shared: the fixture holds every text it uses.
 *
 *   npx tsx bench/event-clusters-blind2-build.ts [path/to/shared/data]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BLIND_SET_FILE, parseBlindSet } from '../src/server/modules/triage/event-eval-blind.js';
import { DATASETS_DIR } from '../src/server/modules/triage/testdata.js';
import { selectPool } from './event-pool.js';

const DATA = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const OUT = fileURLToPath(new URL('../fixtures/event-clusters/blind-set-2.txt', import.meta.url));

// Rows already used: the first blind pool, and the wider dev pool (built exactly as event-pool-dev.ts does).
// Near-identical texts under other ids (Weibo reposts, a CFPB narrative filed twice) count as used too.
const blind = parseBlindSet(readFileSync(BLIND_SET_FILE, 'utf8')).pool;
const dev = selectPool(DATASETS_DIR, { seed: 7, exclude: new Set(blind.map((p) => p.id)), nycRows: 'first3000', hot: false });
const used = new Set([...blind, ...dev].map((p) => p.id));
const pool = selectPool(DATA, { seed: 20261206, exclude: used, nycRows: 'after3000', hot: false, excludeLike: [...blind, ...dev] });
if (pool.some((p) => used.has(p.id))) throw new Error('a used row slipped in');

const text = readFileSync(OUT, 'utf8');
const head = text.split(/^## unrelated\s*$/m)[0].trimEnd();
pool.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
const lines = pool.map((p) => JSON.stringify({ ...p, at: Math.round(p.at * 100) / 100 }));
writeFileSync(OUT, `${head}\n\n## unrelated\n${lines.join('\n')}\n`);
const bySrc = new Map<string, number>();
for (const p of pool) bySrc.set(p.id[0], (bySrc.get(p.id[0]) ?? 0) + 1);
console.log(`wrote ${OUT}: ${pool.length} unrelated (${[...bySrc].map(([k, v]) => `${k} ${v}`).join(', ')}); excluded ${used.size} used rows`);
