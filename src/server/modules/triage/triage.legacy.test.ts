// A triage stored before findings were kept as data (explanation `{text, factors}`, factors worded
// once with no evidence or effect) is still shown, as written, and within the declared response
// schema (the harness's response-contract validator turns a mismatch into a 500).
// Real database (SQLite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
let agent: TestClient;
let id: string;

const LEGACY = {
  text: 'Ⅲ级 较大：涉及人身安全 → 至少Ⅲ / Level Ⅲ major: personal safety → at least Ⅲ',
  factors: [{ factor: 'personalSafety', detail: '涉及人身安全', contribution: 'level≥3' }],
};

beforeAll(async () => {
  env = await createTestEnv();
  agent = await env.client(['intake_agent']);
  const r = await agent.post('/api/v1/complaints', sampleComplaint({ subject: '楼道电线裸露', description: '楼道电线裸露，有触电危险' }));
  expect(r.statusCode, r.body).toBe(201);
  id = r.json().id;
  await env.ctx.db.updateTable('complaint_triage').set({ explanation: JSON.stringify(LEGACY) }).where('complaint_id', '=', id).execute();
});
afterAll(() => env?.close());

describe('a triage stored before findings were kept as data', () => {
  it('shows its explanation and factors as written, in the detail and the list', async () => {
    const one = await agent.get(`/api/v1/complaints/${id}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().triage).toMatchObject({ explanation: LEGACY.text, factors: LEGACY.factors, detectedFlags: null });
    const list = await agent.get('/api/v1/complaints');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.find((c: { id: string }) => c.id === id).triage.factors).toEqual(LEGACY.factors);
  });
});
