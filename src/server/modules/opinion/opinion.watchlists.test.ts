// Watchlists (监测方案): AND/OR/NOT with two-character Chinese words and exclusions, matched with the
// search analyzer at ingest and stored; an edit rematches the recent mentions (scheduler job); the
// preview tests a definition against the last 7 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { REMATCH_JOB, rematchWatchlist } from './watchlist.service.js';

const W = '/api/v1/opinion/watchlists';

describe('watchlists', () => {
  let env: TestEnv;
  let pr: TestClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv();
    pr = await env.client(['pr_officer']);
  });
  afterAll(() => env.close());

  const enter = async (key: string, text: string, title?: string) => {
    const r = await pr.post('/api/v1/opinion/mentions/manual', { text, ...(title ? { title } : {}), url: `https://example.org/${key}` });
    expect(r.statusCode, r.body).toBe(201);
    ids[key] = r.json().id;
    return r.json();
  };
  const matched = async (watchlistId: string) => {
    const rows = await env.ctx.db.selectFrom('opinion_mention_matches').select('mention_id').where('watchlist_id', '=', watchlistId).execute();
    const back = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return rows.map((r) => back[r.mention_id]).sort();
  };

  it('refuses definitions that cannot match', async () => {
    for (const definition of [{}, { exclude: ['演习'] }, { subjects: ['!!!'] }, { groups: [{ op: 'not', words: ['x'] }] }]) {
      const r = await pr.post(W, { name: 'bad', definition });
      expect(r.statusCode, JSON.stringify(definition)).toBe(400);
      expect(r.json().code).toBe('watchlist_invalid');
    }
    expect((await pr.post(W, { name: 'bad', definition: { subjects: [''] } })).statusCode).toBe(400);
    expect((await pr.post(W, { name: 'bad', definition: { groups: [{ op: 'xor', words: ['a'] }] } })).statusCode).toBe(400);
    expect(await env.count('opinion_watchlists')).toBe(0);
  });

  it('matches at ingest: subject AND region (OR within), NOT an exclusion word; a two-character word matches as in search', async () => {
    const canteen = await pr.post(W, { name: '学校食堂', definition: { subjects: ['食堂'], regions: ['东城区', '西城区'], exclude: ['演习'] } });
    expect(canteen.statusCode, canteen.body).toBe(201);
    ids.wCanteen = canteen.json().id;
    const site = await pr.post(W, { name: 'Construction noise', definition: { groups: [{ op: 'and', words: ['工地', 'noise'] }, { op: 'or', words: ['夜间', 'night'] }, { op: 'not', words: ['白天'] }], fields: 'text' } });
    ids.wSite = site.json().id;
    const titled = await pr.post(W, { name: 'Title only', definition: { subjects: ['食堂'], fields: 'title' } });
    ids.wTitle = titled.json().id;

    const m1 = await enter('m1', '东城区实验小学食堂饭菜变质，孩子吃完肚子疼');
    await enter('m2', '西城区一中食堂今天举行食品安全演习');
    await enter('m3', '东城区新开的食品店很好');
    await enter('m4', '食堂很好吃');
    await enter('m5', '东城区这家店可以堂食，食物新鲜');
    await enter('m6', '工地 noise 夜间施工');
    await enter('m7', '工地 noise 白天 夜间');
    await enter('m8', '工地夜间', '食堂');
    expect(m1.watchlistIds).toEqual([ids.wCanteen]);

    expect(await matched(ids.wCanteen)).toEqual(['m1']);
    expect(await matched(ids.wSite)).toEqual(['m6']);
    expect(await matched(ids.wTitle)).toEqual(['m8']);
    // Stored, listed by watchlist.
    const list = (await pr.get(`/api/v1/opinion/mentions?watchlistId=${ids.wCanteen}`)).json().items;
    expect(list.map((m: { id: string }) => m.id)).toEqual([ids.m1]);
    expect((await pr.get(`${W}/${ids.wCanteen}`)).json()).toMatchObject({ name: '学校食堂', matches7d: 1, revision: 1, definition: { subjects: ['食堂'], regions: ['东城区', '西城区'], exclude: ['演习'], fields: 'both', people: [], events: [], groups: [] } });
  });

  it('an edit rematches the recent mentions through the scheduler job', async () => {
    const r = await pr.patch(`${W}/${ids.wCanteen}`, { definition: { exclude: [] } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().revision).toBe(2);
    const job = await env.ctx.db.selectFrom('jobs').select(['type', 'payload', 'status']).where('dedupe_key', '=', `${REMATCH_JOB}:${ids.wCanteen}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ type: REMATCH_JOB, status: 'pending' });
    expect(JSON.parse(job.payload)).toEqual({ watchlistId: ids.wCanteen });
    // What the job does:
    expect(await rematchWatchlist(env.ctx, ids.wCanteen)).toBe(2);
    expect(await matched(ids.wCanteen)).toEqual(['m1', 'm2']);
    // A new mention is matched against the edited definition at ingest.
    await enter('m9', '西城区食堂演习后恢复供餐');
    expect(await matched(ids.wCanteen)).toEqual(['m1', 'm2', 'm9']);
    // Disabled: nothing new matches, and the rematch clears its recent matches.
    await pr.patch(`${W}/${ids.wSite}`, { enabled: false });
    await rematchWatchlist(env.ctx, ids.wSite);
    expect(await matched(ids.wSite)).toEqual([]);
  });

  it('previews a definition against the last 7 days: count and newest sample, nothing stored', async () => {
    const before = await env.count('opinion_mention_matches');
    const r = await pr.post(`${W}/preview`, { definition: { subjects: ['食堂'], exclude: ['演习'] }, sample: 5 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().count).toBe(3); // m1, m4, m8 (title)
    expect(r.json().scanned).toBe(9);
    expect(r.json().sample.map((m: { id: string }) => m.id).sort()).toEqual([ids.m1, ids.m4, ids.m8].sort());
    expect((await pr.post(`${W}/preview`, { definition: { subjects: ['食堂'], fields: 'title' } })).json().count).toBe(1);
    expect((await pr.post(`${W}/preview`, { definition: {} })).json().code).toBe('watchlist_invalid');
    expect(await env.count('opinion_mention_matches')).toBe(before);
    const leader = await env.client(['leader']);
    expect((await leader.get(W)).json().items).toHaveLength(3);
    expect((await leader.post(`${W}/preview`, { definition: { subjects: ['食堂'] } })).statusCode).toBe(403);
    expect((await pr.delete(`${W}/${ids.wTitle}`)).statusCode).toBe(204);
    expect(await matched(ids.wTitle)).toEqual([]);
  });
});

describe('matchTerms is the search index for every query', () => {
  it('a query matches a text by matchTerms exactly when it matches by indexTerms', async () => {
    const { indexTerms, matchTerms, queryTerms } = await import('../../platform/search/analyzer.js');
    const docs = ['北京市朝阳区某小区物业服务质量差，电梯经常故障', '学校食堂饭菜质量问题', 'Construction noise at night, 工地夜间施工噪音', '中华人民共和国消费者权益保护法'];
    const queries = ['食堂', '饭菜质量', '物业', '电梯故障', '朝阳区', 'noise', '消费者权益', '人民', '夜间施工', '质', '法'];
    for (const d of docs) {
      const all = new Set(indexTerms(d));
      const some = matchTerms(d);
      for (const q of queries) expect(queryTerms(q).every((t) => some.has(t)), `${q} in ${d}`).toBe(queryTerms(q).every((t) => all.has(t)));
    }
  });
});
