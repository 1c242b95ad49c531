import { apiToken, loaded, pct, resultLine, round, startServer, table, type BenchArgs, type Server } from '../lib.js';

const QUERIES: Record<string, string[]> = {
  'zh 1 char': ['水', '电', '房', '车', '钱', '药', '餐', '噪'],
  'zh 2 chars': ['物业', '噪音', '外卖', '退款', '停车', '学校', '工资', '质量'],
  'zh 4 chars': ['安全隐患', '送餐超时', '物业管理', '拖欠工资', '噪音扰民', '食品安全', '违章建筑', '售后服务'],
  'en word': ['refund', 'mortgage', 'heat', 'noise', 'parking', 'credit', 'debt', 'collection'],
};
const FILTERS: Record<string, string> = {
  none: '',
  status: '&status=in_progress',
  level: '&level=3',
  'status+level': '&status=closed,replied&level=4',
};

async function timeGet(server: Server, token: string, url: string): Promise<{ ms: number; items: number }> {
  const t = performance.now();
  const res = await fetch(server.url + url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items?: unknown[] };
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, items: body.items?.length ?? 0 };
}

export async function search(args: BenchArgs, print: (s: string) => void) {
  const size = args.size ?? 100_000;
  const { db, load } = await loaded(args, size, print);
  let server: Server | undefined;
  try {
    const token = await apiToken(db);
    server = await startServer(db);
    // Warm-up: one pass over the queries (page cache, JIT).
    for (const qs of Object.values(QUERIES)) for (const q of qs) await timeGet(server, token, `/api/v1/complaints?q=${encodeURIComponent(q)}`);
    const rows: Array<Record<string, string | number>> = [];
    let worstP95 = 0;
    const groups: Record<string, unknown> = {};
    for (const [kind, qs] of Object.entries(QUERIES)) {
      for (const [fname, f] of Object.entries(FILTERS)) {
        const lat: number[] = [];
        let items = 0;
        for (let rep = 0; rep < 3; rep++) {
          for (const q of qs) {
            const r = await timeGet(server, token, `/api/v1/complaints?q=${encodeURIComponent(q)}${f}`);
            lat.push(r.ms);
            items += r.items;
          }
        }
        lat.sort((a, b) => a - b);
        const p50 = round(pct(lat, 50));
        const p95 = round(pct(lat, 95));
        worstP95 = Math.max(worstP95, p95);
        groups[`${kind} / ${fname}`] = { p50, p95, max: round(lat[lat.length - 1]), samples: lat.length, avgItems: round(items / lat.length) };
        rows.push({ query: kind, filter: fname, p50_ms: p50, p95_ms: p95, max_ms: round(lat[lat.length - 1]), 'items/page': round(items / lat.length) });
      }
    }
    // The list without a query, for comparison.
    const plain: number[] = [];
    for (let i = 0; i < 20; i++) plain.push((await timeGet(server, token, '/api/v1/complaints?status=in_progress')).ms);
    plain.sort((a, b) => a - b);
    rows.push({ query: '(no q)', filter: 'status', p50_ms: round(pct(plain, 50)), p95_ms: round(pct(plain, 95)), max_ms: round(plain[plain.length - 1]), 'items/page': 50 });
    print(`loaded ${size} complaints in ${load.seconds} s (${load.perSec}/s)${load.loadedBy !== args.scenario ? ` by ${load.loadedBy}` : ''}; each row: 8 queries × 3, sequential, over HTTP, page size 50`);
    print(table(rows));
    return { data: { size, load, groups }, line: resultLine('search', { db: args.db, size, p95_max_ms: worstP95, load_per_s: load.perSec }) };
  } finally {
    await server?.stop(); // the loaded database is the runner's to drop (other scenarios of the run may share it)
  }
}
