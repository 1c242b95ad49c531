// Feed sources against a real HTTP server on loopback: an RSS 2.0 and an Atom feed are ingested once,
// conditional GETs are honoured (304), a broken feed is marked unhealthy and backs off while the
// other keeps going; the feed URL is checked like an outbound webhook's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { FEED_POLL_JOB, nextDelayMs, pollKey, pollSource, runPollJob } from './feed.poll.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>城市论坛 - 民生</title>
    <link>https://forum.example/</link>
    <description>本地论坛民生版</description>
    <lastBuildDate>Sat, 05 Dec 2026 01:00:00 +0800</lastBuildDate>
    <item>
      <title>学校食堂饭菜有异味</title>
      <link>https://forum.example/t/101</link>
      <guid isPermaLink="false">forum-101</guid>
      <pubDate>Sat, 05 Dec 2026 00:30:00 +0800</pubDate>
      <dc:creator>家长甲</dc:creator>
      <description><![CDATA[<p>孩子说<b>食堂</b>的饭菜有异味，吃完肚子疼。</p>]]></description>
    </item>
    <item>
      <title>地铁站新开了便民服务点</title>
      <link>https://forum.example/t/102</link>
      <guid isPermaLink="false">forum-102</guid>
      <pubDate>Fri, 04 Dec 2026 20:00:00 +0800</pubDate>
      <description>服务很好，点赞。</description>
    </item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>City News</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-12-05T01:00:00Z</updated>
  <link href="https://news.example/"/>
  <entry>
    <title>Construction noise at night angers residents</title>
    <link rel="alternate" href="https://news.example/a/1"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2026-12-05T00:10:00Z</published>
    <updated>2026-12-05T00:20:00Z</updated>
    <author><name>Jane Reporter</name></author>
    <summary type="html">&lt;p&gt;Residents say the site works until 2 a.m. and nobody answers their complaints.&lt;/p&gt;</summary>
  </entry>
</feed>`;

/** A GBK encoder from the platform's decoder (as imports.test.ts). */
function gbk(text: string): Buffer {
  const dec = new TextDecoder('gbk');
  const map = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.from([a, b]));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (map.get(ch) ?? [])));
  return Buffer.from(out);
}

describe('feed sources over HTTP', () => {
  let env: TestEnv;
  let pr: TestClient;
  let server: http.Server;
  let base: string;
  const seen: Array<{ path: string; inm?: string; ims?: string }> = [];
  let rssItems = RSS;

  beforeAll(async () => {
    env = await createTestEnv();
    env.config.webhookAllowPrivate = true; // the feeds are on loopback
    pr = await env.client(['pr_officer']);
    server = http.createServer((req, res) => {
      seen.push({ path: req.url ?? '', inm: req.headers['if-none-match'] as string | undefined, ims: req.headers['if-modified-since'] as string | undefined });
      if (req.url === '/rss.xml') {
        const etag = `"rss-${rssItems.length}"`;
        if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
        return res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rssItems);
      }
      if (req.url === '/atom.xml') {
        const lm = 'Sat, 05 Dec 2026 01:00:00 GMT';
        if (req.headers['if-modified-since'] === lm) return res.writeHead(304).end();
        return res.writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': lm }).end(ATOM);
      }
      if (req.url === '/gbk.xml') return res.writeHead(200, { 'content-type': 'text/xml' }).end(gbk(RSS.replace('encoding="UTF-8"', 'encoding="GBK"').replace(/forum/g, 'gbk-forum')));
      if (req.url === '/broken.xml') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Site under maintenance</body></html>');
      res.writeHead(500).end('boom');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await env.close();
  });

  const addFeed = async (name: string, path: string) => {
    const r = await pr.post('/api/v1/opinion/sources', { name, kind: 'feed', url: `${base}${path}`, intervalSeconds: 300 });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).not.toHaveProperty('secret');
    return r.json().id as string;
  };

  it('polls RSS 2.0 and Atom on the scheduler: items stored once, a second poll adds nothing, 304 honoured', async () => {
    const rss = await addFeed('城市论坛', '/rss.xml');
    const atom = await addFeed('City News', '/atom.xml');
    // Creating a feed arms its poll job on the one scheduler.
    const jobs = await env.ctx.db.selectFrom('jobs').select(['type', 'dedupe_key']).where('type', '=', FEED_POLL_JOB).execute();
    expect(jobs.map((j) => j.dedupe_key).sort()).toEqual([pollKey(rss), pollKey(atom)].sort());

    expect(await pollSource(env.ctx, rss)).toMatchObject({ status: 'ok', created: 2 });
    expect(await pollSource(env.ctx, atom)).toMatchObject({ status: 'ok', created: 1 });
    const list = (await pr.get('/api/v1/opinion/mentions')).json().items;
    expect(list).toHaveLength(3);
    const canteen = list.find((m: { url: string }) => m.url === 'https://forum.example/t/101');
    expect(canteen).toMatchObject({ title: '学校食堂饭菜有异味', text: '孩子说 食堂 的饭菜有异味，吃完肚子疼。', author: '家长甲', guid: 'forum-101', language: 'zh', publishedAt: '2026-12-04T16:30:00.000Z', sourceKind: 'feed' });
    expect(canteen.sentiment.label).toBe('negative');
    const news = list.find((m: { url: string }) => m.url === 'https://news.example/a/1');
    expect(news).toMatchObject({ author: 'Jane Reporter', language: 'en', title: 'Construction noise at night angers residents', publishedAt: '2026-12-05T00:10:00.000Z' });

    // Second polls: the server sees the validators and answers 304; nothing new.
    seen.length = 0;
    expect(await pollSource(env.ctx, rss)).toMatchObject({ status: 'not_modified', created: 0 });
    expect(await pollSource(env.ctx, atom)).toMatchObject({ status: 'not_modified', created: 0 });
    expect(seen).toEqual([
      { path: '/rss.xml', inm: '"rss-' + RSS.length + '"', ims: undefined },
      { path: '/atom.xml', inm: undefined, ims: 'Sat, 05 Dec 2026 01:00:00 GMT' },
    ]);
    // The feed changes (new ETag): the old items are known, only the new one is stored.
    rssItems = RSS.replace('<item>', '<item><title>新帖</title><link>https://forum.example/t/103</link><guid>forum-103</guid><description>社区停水三天了</description></item><item><title>无链接</title><description>没有链接也没有 guid 的帖子</description></item><item>');
    expect(await pollSource(env.ctx, rss)).toMatchObject({ status: 'ok', created: 2, duplicates: 2 });
    expect(await env.count('opinion_mentions')).toBe(5);
    // Known by content: an item without link or guid is not stored twice.
    rssItems += ' ';
    expect(await pollSource(env.ctx, rss)).toMatchObject({ status: 'ok', created: 0, duplicates: 4 });

    const health = (await pr.get(`/api/v1/opinion/sources/${rss}`)).json();
    expect(health).toMatchObject({ kind: 'feed', itemsTotal: 4, health: { status: 'ok', consecutiveFailures: 0, lastError: null } });
    expect(health.health.lastOkAt).not.toBeNull();
  });

  it('reads a GBK feed by its XML declaration', async () => {
    const id = await addFeed('GBK 论坛', '/gbk.xml');
    expect(await pollSource(env.ctx, id)).toMatchObject({ status: 'ok', created: 2 });
    const m = (await pr.get(`/api/v1/opinion/mentions?sourceId=${id}&includeDuplicates=true`)).json().items.find((x: { url: string }) => x.url === 'https://gbk-forum.example/t/101');
    // The same text as the UTF-8 forum's item: stored as its near-duplicate.
    expect(m).toMatchObject({ title: '学校食堂饭菜有异味', author: '家长甲', duplicateOf: expect.any(String) });
  });

  it('a broken feed is marked unhealthy and backs off; the others keep polling', async () => {
    const broken = await addFeed('Broken', '/broken.xml');
    const down = await addFeed('Down', '/500');
    const good = (await pr.get('/api/v1/opinion/sources')).json().items.find((s: { name: string }) => s.name === 'City News').id;

    // What the scheduler's job runs: failure recorded, re-armed with backoff.
    const handler = async (id: string) => {
      await runPollJob(env.ctx, id);
      return env.ctx.db.selectFrom('jobs').select(['run_at']).where('dedupe_key', '=', pollKey(id)).executeTakeFirstOrThrow();
    };
    const t0 = Date.now();
    const first = await handler(broken);
    const second = await handler(broken);
    await handler(down);
    const okJob = await handler(good);

    const s = (await pr.get(`/api/v1/opinion/sources/${broken}`)).json();
    expect(s.health).toMatchObject({ status: 'failing', consecutiveFailures: 2 });
    expect(s.health.lastError).toMatch(/^feed_unparseable/);
    expect(s.health.lastOkAt).toBeNull();
    // Backoff: 300 s × 2 after one failure, × 4 after two.
    expect(Number(first.run_at) - t0).toBeGreaterThanOrEqual(nextDelayMs(300, 1) - 1000);
    expect(Number(second.run_at) - t0).toBeGreaterThanOrEqual(nextDelayMs(300, 2) - 1000);
    expect(nextDelayMs(300, 2)).toBe(1_200_000);
    expect((await pr.get(`/api/v1/opinion/sources/${down}`)).json().health).toMatchObject({ status: 'failing', consecutiveFailures: 1, lastError: expect.stringMatching(/^feed_http_error: The feed answered HTTP 500/) });
    // The healthy feed was polled and re-armed at its plain interval.
    expect((await pr.get(`/api/v1/opinion/sources/${good}`)).json().health).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(Number(okJob.run_at) - t0).toBeLessThan(301_000);
    expect(Number(okJob.run_at) - t0).toBeGreaterThanOrEqual(299_000);
  });

  it('refuses unsafe feed URLs like webhook targets, and push-only fields on feeds', async () => {
    env.config.webhookAllowPrivate = false;
    try {
      const r = await pr.post('/api/v1/opinion/sources', { name: 'Local', kind: 'feed', url: `${base}/rss.xml` });
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('feed_url_unsafe_host');
      expect((await pr.post('/api/v1/opinion/sources', { name: 'Meta', kind: 'feed', url: 'http://169.254.169.254/latest' })).json().code).toBe('feed_url_unsafe_host');
      expect((await pr.post('/api/v1/opinion/sources', { name: 'File', kind: 'feed', url: 'file:///etc/passwd' })).json().code).toBe('feed_url_scheme');
      expect((await pr.post('/api/v1/opinion/sources', { name: 'No URL', kind: 'feed' })).json().code).toBe('feed_url_required');
    } finally {
      env.config.webhookAllowPrivate = true;
    }
    const analyst = await env.client(['analyst']);
    expect((await analyst.get('/api/v1/opinion/sources')).statusCode).toBe(200);
    expect((await analyst.post('/api/v1/opinion/sources', { name: 'x', kind: 'push' })).statusCode).toBe(403);
  });
});
