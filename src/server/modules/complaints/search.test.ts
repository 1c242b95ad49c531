import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { indexTerms, queryTerms } from '../../platform/search/analyzer.js';
import { listComplaints } from './complaint.repo.js';

describe('complaint search', () => {
  let env: TestEnv;
  let agent: TestClient;
  beforeAll(async () => {
    env = await createTestEnv();
    agent = await env.client(['intake_agent']);
    for (const [subject, description] of [
      ['某高校食堂饭菜质量引发学生投诉', '学生反映饭菜有异味'],
      ['小区夜间施工噪音扰民', '凌晨两点还在施工'],
      ['Water leaking from the ceiling', 'The apartment upstairs floods our kitchen'],
      ['水费账单异常', '本月水费是平时的三倍'],
    ]) {
      const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject, description }));
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(() => env.close());

  const search = async (q: string) => (await agent.get(`/api/v1/complaints?q=${encodeURIComponent(q)}`)).json().items.map((c: { subject: string }) => c.subject);

  it('finds a two-character Chinese word inside a longer subject', async () => {
    expect(await search('食堂')).toEqual(['某高校食堂饭菜质量引发学生投诉']);
  });

  it('finds one-character and four-character Chinese queries', async () => {
    expect(await search('水')).toEqual(['水费账单异常']);
    expect(await search('施工噪音')).toEqual(['小区夜间施工噪音扰民']);
  });

  it('matches English words case-insensitively and requires every term', async () => {
    expect(await search('CEILING')).toEqual(['Water leaking from the ceiling']);
    expect(await search('ceiling fire')).toEqual([]);
  });

  it('treats query syntax characters as text', async () => {
    const r = await agent.get(`/api/v1/complaints?q=${encodeURIComponent('"食堂" OR * NEAR(')}`);
    expect(r.statusCode).toBe(200);
  });

  it('pages through matches newest first with the cursor, and combines with filters', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await agent.post('/api/v1/complaints', sampleComplaint({ subject: `工地夜间施工第${i}次`, description: '噪声' }))).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await agent.get(`/api/v1/complaints?q=${encodeURIComponent('施工')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = [...made].reverse();
    expect(seen.slice(0, 5)).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(6); // and the earlier 小区夜间施工噪音扰民
    const filtered = (await agent.get(`/api/v1/complaints?q=${encodeURIComponent('施工')}&channel=email`)).json().items;
    expect(filtered).toEqual([]);
  });
});

// Complaints written straight into the tables with UUIDv7 ids spread over 400 days, so searches cross
// many time buckets (PostgreSQL walks windows of time; SQLite walks FTS rowids). The expected pages
// come from the analyzer alone: every query term among the document's terms, newest id first.
describe('complaint search over complaints spread in time', () => {
  let env: TestEnv;
  let agent: TestClient;
  const docs: { id: string; text: string; status: string; level: number; at: number }[] = [];
  const STATUSES = ['received', 'in_progress', 'closed'];
  beforeAll(async () => {
    env = await createTestEnv();
    agent = await env.client(['intake_agent']);
    const start = Date.now() - 400 * 86_400_000;
    for (let i = 0; i < 240; i++) {
      const words = ['alpha'];
      if (i % 3 === 0) words.push('beta 食堂饭菜');
      if (i % 17 === 0) words.push('gamma 噪音扰民');
      if (i % 40 === 7) words.push('水费');
      if (i === 5) words.push('delta');
      // Three complaints every 5 days, some in the same millisecond, some an hour apart.
      const at = start + Math.floor(i / 3) * 5 * 86_400_000 + (i % 3) * (i % 2) * 3_600_000;
      const text = `第${i}号投诉 ${words.join(' ')}`;
      const status = STATUSES[i % 3 === 0 ? i % 2 : i % 3];
      docs.push({ id: uuidv7({ msecs: at }), text, status, level: 1 + (i % 4), at });
    }
    // Written in id order, as the service does (its UUIDv7s are monotonic; explicit msecs are not).
    docs.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const [i, { id, text, status, level, at }] of docs.entries()) {
      await env.ctx.db
        .insertInto('complaints')
        .values({
          id, tracking_no: `T${String(i).padStart(6, '0')}`, access_code_hash: 'x', channel: 'web', subject: text, description: '', location_text: null,
          lat: null, lng: null, occurred_at: null, category_id: null, level, department_id: null, owner_id: null, status,
          flag_personal_safety: 0, flag_property_loss: 0, flag_media_attention: 0, flag_vulnerable_group: 0,
          complainant_id: null, merged_into_id: null, created_by: null, created_at: at, updated_at: at, version: 1,
        })
        .execute();
      await env.ctx.search.index(env.ctx.db, id, text);
    }
    // Re-index one document (the PostgreSQL trigger must keep its time bucket on update).
    await env.ctx.search.index(env.ctx.db, docs[30].id, `${docs[30].text} epsilon`);
    docs[30].text += ' epsilon';
  });
  afterAll(() => env.close());

  const expected = (q: string, f: { status?: string[]; level?: number[] } = {}) => {
    const want = queryTerms(q);
    return docs
      .filter((d) => want.every((t) => indexTerms(d.text).includes(t)) && (!f.status || f.status.includes(d.status)) && (!f.level || f.level.includes(d.level)))
      .map((d) => d.id)
      .sort()
      .reverse();
  };
  const pages = async (q: string, filters: string, limit: number) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await agent.get(`/api/v1/complaints?q=${encodeURIComponent(q)}&limit=${limit}${filters}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.statusCode).toBe(200);
      const page: { items: { id: string }[]; nextCursor: string | null } = r.json();
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  it('pages through common, rare and multi-term matches newest first, with filters', async () => {
    for (const q of ['alpha', 'beta', '食堂', '噪音扰民', 'gamma 食堂饭菜', '水费', 'delta', 'epsilon', 'nothing']) {
      expect(await pages(q, '', 7)).toEqual(expected(q));
      expect(await pages(q, '&status=in_progress', 5)).toEqual(expected(q, { status: ['in_progress'] }));
      expect(await pages(q, '&status=closed,received&level=2,3', 50)).toEqual(expected(q, { status: ['closed', 'received'], level: [2, 3] }));
    }
  });

  it('gives the same pages with many small windows as with one condition (PostgreSQL)', async () => {
    if (env.ctx.dialect !== 'postgres') return;
    for (const q of ['alpha', 'beta', '食堂', 'gamma 食堂饭菜', '水费', 'delta', 'epsilon', 'nothing']) {
      const plan = env.ctx.search.plan(q)!;
      if (plan.kind !== 'windowed') throw new Error(`expected a windowed plan, got ${plan.kind}`);
      // Windows from a few complaints up, as on a large table: never taking all older matches at
      // once (rare filters on common terms then hand over to the walk), or once fewer than 20.
      for (const allAtOnce of [0, 20]) {
        const small = { ...plan, windows: (newest: string, oldest: string) => plan.windows(newest, oldest, docs.length, { first: 4, allAtOnce }) };
        // A rare filter on a common term makes the windows hand over to a walk over the filtered rows.
        for (const [statuses, levels] of [[undefined, undefined], [['in_progress'], undefined], [['in_progress'], [2]]] as const) {
          let afterId: string | undefined;
          const seen: string[] = [];
          for (;;) {
            const rows = await listComplaints(env.ctx.db, { search: small, statuses: statuses && [...statuses], levels: levels && [...levels], afterId, limit: 4 });
            const more = rows.length > 4;
            seen.push(...rows.slice(0, 4).map((r) => r.id));
            if (!more) break;
            afterId = rows[3].id;
          }
          expect(seen).toEqual(expected(q, { status: statuses && [...statuses], level: levels && [...levels] }));
        }
      }
    }
  });
});
