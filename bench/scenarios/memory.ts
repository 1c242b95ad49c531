import { ComplaintGenerator } from '../../src/server/modules/demo/generator.js';
import { ensureCategories } from '../load.js';
import { apiToken, benchContext, resultLine, startServer, table, type BenchArgs, type Server, loaded } from '../lib.js';
import { postComplaints } from './intake.js';

/** Server RSS at rest and under intake load (32 connections) after bulk-loading the size. */
export async function memory(args: BenchArgs, print: (s: string) => void) {
  const size = args.size ?? 100_000;
  const { db, load } = await loaded(args, size, print);
  let server: Server | undefined;
  try {
    const token = await apiToken(db);
    const ctx = await benchContext(db);
    const gen = new ComplaintGenerator({ seed: 99 });
    const categories = await ensureCategories(ctx, gen);
    await ctx.close();
    server = await startServer(db);
    const s = server;
    const started = s.rssMb();
    // At rest: a few list and search requests (typical page views), then idle.
    for (const q of ['', '?q=物业', '?status=closed', '?q=refund']) await fetch(`${s.url}/api/v1/complaints${q}`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 3000));
    const rest = s.rssMb();
    const samples: number[] = [];
    const timer = setInterval(() => samples.push(s.rssMb()), 200);
    // About `duration` seconds of intake at the rate a short first burst shows.
    const rate = (await postComplaints(s, token, gen, categories, 32, 200, [])).perSec;
    const f = await postComplaints(s, token, gen, categories, 32, Math.max(200, rate * args.duration), []);
    clearInterval(timer);
    const peak = Math.max(...samples, s.rssMb());
    await new Promise((r) => setTimeout(r, 3000));
    const after = s.rssMb();
    const row = { size, started_mb: started, rest_mb: rest, peak_under_load_mb: peak, after_load_mb: after, intake_per_s: f.perSec, intake_p99_ms: f.p99, 'server cpu ms/req': f.cpuMsPerReq };
    print(table([row]));
    return { data: { ...row, load }, line: resultLine('memory', { db: args.db, size, rss_mb: rest, peak_rss_mb: peak, intake_per_s: f.perSec, cpu_ms_per_req: f.cpuMsPerReq }) };
  } finally {
    await server?.stop(); // the loaded database is the runner's to drop
  }
}
