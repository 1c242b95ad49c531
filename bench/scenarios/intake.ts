import autocannon from 'autocannon';
import { ComplaintGenerator, toCreateBody } from '../../src/server/modules/demo/generator.js';
import { ensureCategories } from '../load.js';
import { apiToken, benchContext, freshDb, resultLine, round, startServer, table, type BenchArgs, type Server } from '../lib.js';

export interface CannonFigures {
  connections: number;
  seconds: number;
  ok: number;
  perSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Server CPU time per request (user + system ms); 1000 / this = requests per second one core could serve. */
  cpuMsPerReq: number;
}

/** autocannon against POST /api/v1/complaints, every body a different generated complaint; ids of 201s collected. */
/**
 * A fixed number of requests (not a duration), so every request sent is answered before the count
 * check: a duration-bound run would leave up to `connections` requests in flight at its end.
 */
export async function postComplaints(server: Server, token: string, gen: ComplaintGenerator, categories: Map<string, string>, connections: number, amount: number, ids: string[]): Promise<CannonFigures> {
  let ok = 0;
  let errors = 0;
  const cpu0 = server.cpuMs();
  const result = await autocannon({
    url: server.url,
    connections,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/complaints',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(toCreateBody(gen.next(), categories)) }),
        onResponse: (status, body) => {
          if (status === 201) {
            ok++;
            ids.push((JSON.parse(body) as { id: string }).id);
          } else {
            errors++;
            if (errors <= 3) console.error(`  non-201: ${status} ${body.slice(0, 300)}`);
          }
        },
      },
    ],
  });
  errors += result.errors + result.timeouts;
  const cpuMsPerReq = round((server.cpuMs() - cpu0) / Math.max(1, ok + errors), 2);
  return { connections, seconds: round(result.duration, 1), ok, perSec: Math.round(ok / result.duration), p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, errors, cpuMsPerReq };
}

export async function ceiling(server: Server, seconds: number): Promise<CannonFigures> {
  const cpu0 = server.cpuMs();
  const r = await autocannon({ url: `${server.url}/healthz`, connections: 32, duration: seconds });
  const cpuMsPerReq = round((server.cpuMs() - cpu0) / Math.max(1, r['2xx']), 3);
  return { connections: 32, seconds: round(r.duration, 1), ok: r['2xx'], perSec: Math.round(r['2xx'] / r.duration), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, errors: r.non2xx + r.errors + r.timeouts, cpuMsPerReq };
}

export async function intake(args: BenchArgs, print: (s: string) => void) {
  const db = await freshDb(args.db, args.pgUrl);
  let server: Server | undefined;
  try {
    const token = await apiToken(db);
    const ctx = await benchContext(db);
    const gen = new ComplaintGenerator({ seed: 7, endMs: Date.now() });
    const categories = await ensureCategories(ctx, gen);
    await ctx.close();
    server = await startServer(db);
    print(`server pid ${server.pid} on ${server.url} (${args.db}); ${args.duration} s per run`);

    const ids: string[] = [];
    // Warm-up (JIT, caches); its complaints are counted below too. Each run then sends about
    // `duration` seconds' worth at the rate last seen.
    let rate = (await postComplaints(server, token, gen, categories, 8, 300, ids)).perSec;
    const runs: CannonFigures[] = [];
    for (const c of [1, 8, 32]) {
      const f = await postComplaints(server, token, gen, categories, c, Math.max(100, Math.round(rate * args.duration * (c === 1 ? 0.5 : 1))), ids);
      rate = Math.max(rate, f.perSec);
      runs.push(f);
      print(`  ${c} conns: ${f.perSec}/s p50 ${f.p50} ms p99 ${f.p99} ms errors ${f.errors}; server CPU ${f.cpuMsPerReq} ms/request`);
    }
    const ceil = await ceiling(server, args.duration);

    // Count check: every 201 is in the database exactly once.
    const check = await benchContext(db);
    const dbCount = Number((await check.db.selectFrom('complaints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    let found = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      found += Number((await check.db.selectFrom('complaints').select((eb) => eb.fn.countAll().as('n')).where('id', 'in', chunk).executeTakeFirstOrThrow()).n);
    }
    await check.close();
    const distinct = new Set(ids).size;
    const lost = distinct - found;
    const duplicates = ids.length - distinct;
    const unacknowledged = dbCount - distinct;

    print('');
    print(
      table([
        ...runs.map((r) => ({ run: `POST /api/v1/complaints`, conns: r.connections, 'per_s': r.perSec, 'p50_ms': r.p50, 'p99_ms': r.p99, 'max_ms': r.max, errors: r.errors, 'of ceiling': `${round((100 * r.perSec) / ceil.perSec)}%`, 'server cpu ms/req': r.cpuMsPerReq })),
        { run: 'GET /healthz (ceiling)', conns: 32, per_s: ceil.perSec, p50_ms: ceil.p50, p99_ms: ceil.p99, max_ms: ceil.max, errors: ceil.errors, 'of ceiling': '100%', 'server cpu ms/req': ceil.cpuMsPerReq },
      ]),
    );
    print(`count check: ${ids.length} responses 201, ${distinct} distinct ids, ${found} found in the database, ${dbCount} complaints in the database (lost ${lost}, duplicate ids ${duplicates}, rows without a 201 ${unacknowledged})`);
    const top = runs[runs.length - 1];
    const totalErrors = runs.reduce((s, r) => s + r.errors, 0);
    const line = resultLine('intake', { db: args.db, conns: 32, per_s: top.perSec, p50_ms: top.p50, p99_ms: top.p99, errors: totalErrors, lost, ceiling_per_s: ceil.perSec, ratio: round(top.perSec / ceil.perSec, 3), cpu_ms_per_req: top.cpuMsPerReq, cpu_bound_per_s: Math.round(1000 / top.cpuMsPerReq) });
    return { data: { runs, ceiling: ceil, countCheck: { responses201: ids.length, distinct, found, dbCount, lost, duplicates, unacknowledged } }, line };
  } finally {
    await server?.stop();
    await db.drop();
  }
}
