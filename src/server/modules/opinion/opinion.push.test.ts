// The signed push endpoint: a correctly signed batch is stored once (URL and near-duplicate text
// dedupe, reposts under their original), bad signatures and stale timestamps are refused with codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { sign } from '../../platform/notify/webhooks.js';

const PUSH = '/api/v1/opinion/mentions';

describe('push endpoint: signed batches from a gateway', () => {
  let env: TestEnv;
  let pr: TestClient;
  let source: { id: string; secret: string };

  const push = (body: unknown, opts: { secret?: string; ts?: number | string; sourceId?: string } = {}) => {
    const raw = JSON.stringify(body);
    const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
    return env.app.inject({
      method: 'POST',
      url: PUSH,
      payload: raw,
      headers: { 'content-type': 'application/json', 'x-redress-source': opts.sourceId ?? source.id, 'x-redress-timestamp': ts, 'x-redress-signature': sign(opts.secret ?? source.secret, ts, raw) },
    });
  };

  beforeAll(async () => {
    env = await createTestEnv();
    pr = await env.client(['pr_officer']);
    const r = await pr.post('/api/v1/opinion/sources', { name: 'Weibo gateway', kind: 'push' });
    expect(r.statusCode, r.body).toBe(201);
    source = r.json();
    expect(source.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Reads never carry the secret again.
    expect((await pr.get(`/api/v1/opinion/sources/${source.id}`)).json()).not.toHaveProperty('secret');
  });
  afterAll(() => env.close());

  it('refuses a bad signature, an unknown source, a stale or malformed timestamp — nothing stored', async () => {
    const body = { mentions: [{ url: 'https://weibo.example/1', text: '学校食堂的饭菜有异味' }] };
    const bad = await push(body, { secret: 'not-the-secret' });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('invalid_signature');
    expect((await push(body, { sourceId: 'no-such-source' })).json().code).toBe('invalid_signature');
    const stale = await push(body, { ts: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('stale_timestamp');
    const malformed = await push(body, { ts: 'yesterday' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('invalid_timestamp');
    // A signed but invalid batch: 400, nothing written.
    expect((await push({ mentions: [{ text: '' }] })).statusCode).toBe(400);
    expect((await push({ mentions: [] })).statusCode).toBe(400);
    expect(await env.count('opinion_mentions')).toBe(0);
  });

  it('stores a signed batch once: the same URL again is a duplicate, a near-copy points at the first, a repost at its original', async () => {
    const original = '学校食堂的饭菜有异味，孩子们吃完肚子疼，家长要求学校给个说法';
    const r = await push({
      mentions: [
        { url: 'https://weibo.example/post/1?utm_source=share', guid: 'w1', author: '家长A', publishedAt: '2026-12-01T08:00:00Z', text: original, metrics: { reposts: 120, comments: 30, likes: 400 } },
        { url: 'https://weibo.example/post/2', author: '家长B', text: `${original}！` },
        { url: 'https://weibo.example/post/3', author: '路人', text: `太过分了//@家长A:${original}` },
        { url: 'https://weibo.example/post/4', author: 'Reader', text: `RT @parentA: ${original}` },
        { url: 'https://weibo.example/post/5', text: 'The new library opened today and everyone loves it' },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json();
    expect(out).toMatchObject({ created: 5, duplicates: 0 });
    const [first, copy, repost, rt, other] = out.results;
    expect(copy.duplicateOf).toBe(first.mentionId);
    expect(repost.originalId).toBe(first.mentionId);
    expect(rt.originalId).toBe(first.mentionId);
    expect(other).toMatchObject({ duplicateOf: null, originalId: null });

    // The same post again (tracking parameters and fragment differ): a duplicate, nothing new stored.
    const again = await push({ mentions: [{ url: 'https://WEIBO.example/post/1#top', text: original }, { url: 'https://weibo.example/post/6', guid: 'w1', text: '另一个文本' }] });
    expect(again.json()).toMatchObject({ created: 0, duplicates: 2, results: [{ status: 'duplicate', reason: 'url', mentionId: first.mentionId }, { status: 'duplicate', reason: 'guid', mentionId: first.mentionId }] });
    expect(await env.count('opinion_mentions')).toBe(5);

    // The mention as the PR officer sees it: scored, metrics, repost/duplicate counts.
    const m = (await pr.get(`/api/v1/opinion/mentions/${first.mentionId}`)).json();
    expect(m).toMatchObject({ sourceId: source.id, sourceKind: 'push', author: '家长A', language: 'zh', metrics: { reposts: 120, comments: 30, likes: 400 }, publishedAt: '2026-12-01T08:00:00.000Z', repostCount: 2, duplicateCount: 1, isRepost: false });
    expect(m.sentiment.label).toBe('negative');
    expect(m.sentiment.pNegative).toBeGreaterThan(0.6);
    // The list leaves the near-copy out unless asked.
    const list = (await pr.get('/api/v1/opinion/mentions')).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(copy.mentionId);
    expect(list.items).toHaveLength(4);
    expect((await pr.get('/api/v1/opinion/mentions?includeDuplicates=true')).json().items).toHaveLength(5);
    expect((await env.ctx.db.selectFrom('opinion_sources').select('items_total').where('id', '=', source.id).executeTakeFirstOrThrow()).items_total).toBe(5);
  });

  it('concurrent batches with the same URLs store each once and answer the others as duplicates', async () => {
    const before = await env.count('opinion_mentions');
    const shared = Array.from({ length: 20 }, (_, i) => ({ url: `https://news.example/shared/${i}`, text: `第${i}条共享新闻：区里第${i * 7 + 3}号路段施工封闭，绕行${i + 2}公里` }));
    const batch = (b: number) => ({ mentions: [...shared, ...Array.from({ length: 5 }, (_, i) => ({ url: `https://news.example/own/${b}/${i}`, text: `批次${b}的第${i}条独立帖子，编号${b * 100 + i}，内容各不相同${'甲乙丙丁戊'.repeat(b + i + 1)}` }))] });
    const answers = await Promise.all([0, 1, 2, 3].map((b) => push(batch(b))));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const created = answers.reduce((n, a) => n + a.json().created, 0);
    expect(created).toBe(20 + 4 * 5);
    expect(answers.reduce((n, a) => n + a.json().duplicates, 0)).toBe(3 * 20);
    expect(await env.count('opinion_mentions')).toBe(before + 40);
    // Every shared URL once, and every answer names the stored mention.
    const stored = await env.ctx.db.selectFrom('opinion_mentions').select(['id', 'url']).where('url', 'like', 'https://news.example/shared/%').execute();
    expect(stored).toHaveLength(20);
    for (const a of answers) for (const r of a.json().results.slice(0, 20)) expect(stored.map((x) => x.id)).toContain(r.mentionId);
    await env.ctx.db.deleteFrom('opinion_mentions').where('url', 'like', 'https://news.example/%').execute();
  });

  it('lists with filters and cursors, dismisses with a reason (audited), manual entry by the PR officer, permissions', async () => {
    const manual = await pr.post('/api/v1/opinion/mentions/manual', { url: 'https://forum.example/t/9', title: '工地夜间施工扰民', text: '工地每天夜里施工到两点，噪音太大，投诉多次没人管', author: '业主' });
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json()).toMatchObject({ sourceKind: 'manual', sourceId: null, title: '工地夜间施工扰民' });
    // The same URL again answers the stored mention.
    const same = await pr.post('/api/v1/opinion/mentions/manual', { url: 'https://forum.example/t/9', text: 'whatever' });
    expect(same.statusCode).toBe(200);
    expect(same.json().id).toBe(manual.json().id);

    const page1 = (await pr.get('/api/v1/opinion/mentions?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await pr.get(`/api/v1/opinion/mentions?limit=2&cursor=${page1.nextCursor}`)).json();
    const page3 = (await pr.get(`/api/v1/opinion/mentions?limit=2&cursor=${page2.nextCursor}`)).json();
    const ids = [...page1.items, ...page2.items, ...page3.items].map((x: { id: string }) => x.id);
    expect(new Set(ids).size).toBe(5);
    expect(page3.nextCursor).toBeNull();
    expect((await pr.get('/api/v1/opinion/mentions?cursor=bm9wZQ')).json().code).toBe('invalid_cursor');

    const neg = (await pr.get('/api/v1/opinion/mentions?sentiment=negative')).json().items;
    expect(neg.length).toBeGreaterThan(0);
    expect(neg.every((x: { sentiment: { label: string } }) => x.sentiment.label === 'negative')).toBe(true);
    expect((await pr.get(`/api/v1/opinion/mentions?sourceId=${source.id}`)).json().items.every((x: { sourceId: string }) => x.sourceId === source.id)).toBe(true);
    expect((await pr.get('/api/v1/opinion/mentions?from=2026-12-01T00:00:00Z&to=2026-12-01T23:59:59Z')).json().items).toHaveLength(1);

    const id = manual.json().id;
    expect((await pr.post(`/api/v1/opinion/mentions/${id}/dismiss`, {})).statusCode).toBe(400);
    const d = await pr.post(`/api/v1/opinion/mentions/${id}/dismiss`, { reason: '与本单位无关' });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json().dismissed).toMatchObject({ reason: '与本单位无关', by: pr.userId });
    expect((await pr.post(`/api/v1/opinion/mentions/${id}/dismiss`, { reason: 'again' })).json().code).toBe('mention_already_dismissed');
    expect((await pr.get('/api/v1/opinion/mentions?dismissed=true')).json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await pr.get('/api/v1/opinion/mentions?dismissed=false')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    const audit = await env.ctx.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'opinion.mention_dismissed').execute();
    expect(audit).toEqual([{ action: 'opinion.mention_dismissed', entity_id: id }]);

    const [leader, handler] = await Promise.all([env.client(['leader']), env.client(['handler'])]);
    expect((await leader.get('/api/v1/opinion/mentions')).statusCode).toBe(200);
    expect((await leader.post(`/api/v1/opinion/mentions/${id}/dismiss`, { reason: 'x' })).statusCode).toBe(403);
    expect((await handler.get('/api/v1/opinion/mentions')).statusCode).toBe(403);
    expect((await pr.get('/api/v1/opinion/mentions/nope')).statusCode).toBe(404);
  });
});
