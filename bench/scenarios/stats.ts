import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiToken, benchContext, pct, ROOT, resultLine, round, startServer, table, type BenchArgs, type Server, loaded } from '../lib.js';

const REPORTS = path.join(ROOT, 'src', 'server', 'modules', 'reports');

/**
 * Times each query of the stats API (modules/reports) over HTTP at the given size. The bulk loader
 * bypasses domain events, so the rollups are rebuilt first with the module's own rebuildRollups
 * (timed too). Skipped while the stats API does not exist.
 */
export async function stats(args: BenchArgs, print: (s: string) => void) {
  if (!fs.existsSync(path.join(REPORTS, 'reports.routes.ts')) || !fs.existsSync(path.join(REPORTS, 'rollups.ts'))) {
    return { skipped: 'the stats API (src/server/modules/reports) does not exist yet' };
  }
  const size = args.size ?? 100_000;
  const { db, load } = await loaded(args, size, print);
  let server: Server | undefined;
  try {
    // A computed specifier: the reports module is another engineer's and may change shape.
    const rollups = (await import(pathToFileURL(path.join(REPORTS, 'rollups.ts')).href)) as { rebuildRollups?: (ctx: unknown, o?: unknown) => Promise<{ complaints: number; rollupRows: number; ms: number }> };
    let rebuild: { complaints: number; rollupRows: number; ms: number } | undefined;
    if (rollups.rebuildRollups) {
      const ctx = await benchContext(db);
      rebuild = await rollups.rebuildRollups(ctx);
      await ctx.close();
      print(`rollups rebuilt: ${rebuild.complaints} complaints → ${rebuild.rollupRows} rows in ${round(rebuild.ms / 1000)} s`);
    }
    const token = await apiToken(db);
    server = await startServer(db);
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const r30 = `from=${daysAgo(30)}`;
    const r365 = `from=${daysAgo(365)}&to=${now.toISOString()}`;
    const queries: Record<string, string> = {
      'overview (30 days)': `/api/v1/stats/overview?${r30}`,
      'overview (365 days)': `/api/v1/stats/overview?${r365}`,
      'overview 365 d, level=3,4 channel=phone': `/api/v1/stats/overview?${r365}&level=3,4&channel=phone`,
    };
    for (const by of ['byDay', 'byCategory', 'byLevel', 'byChannel', 'byDepartment', 'byStatus']) queries[`breakdown ${by} (365 days)`] = `/api/v1/stats/breakdown?${r365}&by=${by}`;
    queries['overview.csv byCategory (365 days)'] = `/api/v1/stats/overview.csv?${r365}&chart=byCategory`;
    const rows: Array<Record<string, string | number>> = [];
    let maxMs = 0;
    const figures: Record<string, unknown> = {};
    for (const [name, url] of Object.entries(queries)) {
      const lat: number[] = [];
      for (let i = 0; i < 11; i++) {
        const t = performance.now();
        const res = await fetch(server.url + url, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
        if (i > 0) lat.push(performance.now() - t); // the first is a warm-up
      }
      lat.sort((a, b) => a - b);
      const f = { p50_ms: round(pct(lat, 50)), max_ms: round(lat[lat.length - 1]) };
      maxMs = Math.max(maxMs, f.max_ms);
      figures[name] = f;
      rows.push({ query: name, ...f });
    }
    print(table(rows));
    return { data: { size, load, rebuild, queries: figures }, line: resultLine('stats', { db: args.db, size, max_ms: maxMs, rebuild_s: rebuild ? round(rebuild.ms / 1000) : 'n/a' }) };
  } finally {
    await server?.stop(); // the loaded database is the runner's to drop
  }
}
