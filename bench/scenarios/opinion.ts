import { ComplaintGenerator } from '../../src/server/modules/demo/generator.js';
import { sign } from '../../src/server/platform/notify/webhooks.js';
import { apiToken, freshDb, pct, resultLine, round, startServer, table, type BenchArgs } from '../lib.js';

/**
 * Mention ingest through the signed push endpoint of a real server (`redress serve`): N mentions
 * (default 20,000; texts of the bundled complaint datasets, one in ten a Weibo-style repost of an
 * earlier one) in signed batches of 100, `connections` batches in flight, against three watchlists.
 * Each mention is deduplicated (URL, MinHash), scored by the sentiment engine and matched against the
 * watchlists before the multi-row insert. Figure: mentions stored per second (wall clock).
 */
export async function opinion(args: BenchArgs, print: (s: string) => void) {
  const n = args.size ?? 20_000;
  const batch = 100;
  const connections = 4;
  const db = await freshDb(args.db, args.pgUrl);
  const token = await apiToken(db);
  const server = await startServer(db);
  try {
    const api = async (path: string, body: unknown) => {
      const r = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<{ id: string; secret?: string }>;
    };
    const source = await api('/opinion/sources', { name: 'bench gateway', kind: 'push' });
    await api('/opinion/watchlists', { name: '食堂', definition: { subjects: ['食堂', '饭菜'], exclude: ['演习'] } });
    await api('/opinion/watchlists', { name: '工地噪音', definition: { groups: [{ op: 'or', words: ['噪音', '施工', 'noise'] }] } });
    await api('/opinion/watchlists', { name: '物业', definition: { subjects: ['物业', '小区'], regions: ['北京', '上海', '广州', '深圳'] } });

    const gen = new ComplaintGenerator({ seed: 7 });
    const texts: string[] = [];
    const batches: string[] = [];
    for (let i = 0; i < n; i += batch) {
      const mentions = [];
      for (let k = i; k < Math.min(n, i + batch); k++) {
        const c = gen.next();
        const repost = k % 10 === 9 && texts.length > 0;
        const text = repost ? `转发一下//@用户${k % 97}:${texts[(k * 7919) % texts.length]}` : c.description;
        if (!repost) texts.push(c.description);
        mentions.push({ url: `https://social.example/p/${k}`, guid: `p${k}`, author: `用户${k % 997}`, publishedAt: new Date(Date.now() - (n - k) * 1000).toISOString(), title: c.subject, text: text.slice(0, 2000), metrics: { reposts: k % 50, comments: k % 20, likes: k % 300 } });
      }
      batches.push(JSON.stringify({ mentions }));
    }

    const lat: number[] = [];
    let created = 0;
    let duplicates = 0;
    let failed = 0;
    let next = 0;
    const cpu0 = server.cpuMs();
    const t0 = performance.now();
    const worker = async () => {
      while (next < batches.length) {
        const body = batches[next++];
        const ts = String(Math.floor(Date.now() / 1000));
        const s = performance.now();
        const r = await fetch(`${server.url}/api/v1/opinion/mentions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-redress-source': source.id, 'x-redress-timestamp': ts, 'x-redress-signature': sign(source.secret!, ts, body) }, body });
        lat.push(performance.now() - s);
        if (r.status !== 200) {
          failed++;
          if (failed <= 3) print(`  non-200: ${r.status} ${(await r.text()).slice(0, 300)}`);
          continue;
        }
        const out = (await r.json()) as { created: number; duplicates: number };
        created += out.created;
        duplicates += out.duplicates;
      }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    const seconds = (performance.now() - t0) / 1000;
    const cpuMs = server.cpuMs() - cpu0;
    lat.sort((a, b) => a - b);
    const f = { mentions: n, batch, connections, created, duplicates, failed_batches: failed, seconds: round(seconds, 2), per_s: Math.round(created / seconds), batch_p50_ms: round(pct(lat, 50)), batch_p99_ms: round(pct(lat, 99)), server_cpu_ms_per_mention: round(cpuMs / Math.max(1, created), 3) };
    print(table([f]));
    return { data: f, line: resultLine('opinion', { db: args.db, n, batch, created, failed_batches: failed, mentions_per_s: f.per_s, batch_p50_ms: f.batch_p50_ms, batch_p99_ms: f.batch_p99_ms, cpu_ms_per_mention: f.server_cpu_ms_per_mention }) };
  } finally {
    await server.stop();
    await db.drop();
  }
}
