import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

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
