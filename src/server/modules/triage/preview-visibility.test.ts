// The intake preview says nothing about complaints the caller may not see: a department head looking
// up a caller whose earlier complaint sits in another department gets no repeat, no history and no
// repeat factor — not even a "hidden" marker that would confirm such a complaint exists.
// Real database (SQLite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
let agent: TestClient;
let ownHead: TestClient;
let otherHead: TestClient;
let water: string;
let earlier: string;
const PHONE = '13900139000';

beforeAll(async () => {
  env = await createTestEnv();
  const [own, other] = [await env.department('供水所', 'Water office'), await env.department('另一局', 'Other bureau')];
  const admin = await env.client(['admin']);
  [agent, ownHead, otherHead] = await Promise.all([env.client(['intake_agent']), env.client(['dept_head'], [own]), env.client(['dept_head'], [other])]);
  const cat = await admin.post('/api/v1/categories', { code: 'water', nameZh: '供水', nameEn: 'water', keywords: ['停水', '自来水'] });
  expect(cat.statusCode, cat.body).toBe(201);
  water = cat.json().id;
  const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject: '停水', description: '小区停水两天', categoryId: water, departmentId: own, complainant: { name: '王五', phone: PHONE } }));
  expect(r.statusCode, r.body).toBe(201);
  earlier = r.json().id;
});
afterAll(() => env?.close());

const preview = (client: TestClient) => client.post('/api/v1/triage/preview', { subject: '又停水', description: '小区又停水了', phone: PHONE, categoryId: water });

describe('triage preview and hidden complaints', () => {
  it('names the earlier complaint to a head of its department', async () => {
    const r = await preview(ownHead);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().repeat).toMatchObject({ id: earlier });
    expect(r.json().factors.map((f: { factor: string }) => f.factor)).toContain('repeat');
  });

  it('tells another department’s head nothing about it: no repeat, no history, no repeat factor', async () => {
    const r = await preview(otherHead);
    expect(r.statusCode, r.body).toBe(200);
    const pv = r.json();
    expect(pv.repeat).toBeNull();
    expect(pv.earlierComplaints).toEqual([]);
    expect(pv.factors.map((f: { factor: string }) => f.factor)).not.toContain('repeat');
    expect(r.body).not.toContain(earlier);
    expect(r.body).not.toContain('hidden');
  });
});
