// Finding a case: by tracking number (whole or prefix) and by the caller's whole phone number.
// Phone matching needs complainant.lookup, is counted per user and audited, and never confirms a
// guess at a masked number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { PHONE_LOOKUP_LIMIT } from './phone-lookup.js';

let env: TestEnv;
let dept: string;
let agent: TestClient;
let handler: TestClient;
let analyst: TestClient;
let pr: TestClient;
let first: { id: string; trackingNo: string };
let second: { id: string; trackingNo: string };
const PHONE = '13912345678';

/** The candidates a masked 139****5678 leaves, the real one among them. */
const candidates = (n: number) => [...Array.from({ length: n - 1 }, (_, i) => `139${String(1000 + i * 7).padStart(4, '0')}5678`).filter((p) => p !== PHONE), PHONE];
const ids = (r: { json(): { items: Array<{ id: string }> } }) => r.json().items.map((c) => c.id);

beforeAll(async () => {
  env = await createTestEnv();
  dept = await env.department();
  [agent, handler, analyst, pr] = await Promise.all([env.client(['intake_agent']), env.client(['handler'], [dept]), env.client(['analyst']), env.client(['pr_officer'])]);
  first = (await agent.post('/api/v1/complaints', sampleComplaint({ departmentId: dept, complainant: { name: '李四', phone: PHONE } }))).json();
  second = (await agent.post('/api/v1/complaints', sampleComplaint({ subject: '小区停水三天无人处理', description: '停水三天了', departmentId: dept }))).json();
  await agent.post(`/api/v1/complaints/${first.id}/actions`, { action: 'assign' });
});
afterAll(() => env.close());

describe('finding a case by tracking number', () => {
  it('finds the exact number, in any case, and every complaint of a day by its prefix', async () => {
    expect(ids(await agent.get(`/api/v1/complaints?q=${first.trackingNo}`))).toEqual([first.id]);
    expect(ids(await agent.get(`/api/v1/complaints?q=${first.trackingNo.toLowerCase()}`))).toEqual([first.id]);
    const day = first.trackingNo.slice(0, 10); // TSyyyymmdd
    expect(ids(await agent.get(`/api/v1/complaints?q=${day}`))).toEqual([second.id, first.id]);
    expect(ids(await agent.get(`/api/v1/complaints?q=${day}-9`))).toEqual([]);
    // Visibility still applies: the handler finds only their department's.
    expect(ids(await handler.get(`/api/v1/complaints?q=${first.trackingNo}`))).toEqual([first.id]);
    const other = await env.client(['handler'], [await env.department()]);
    expect(ids(await other.get(`/api/v1/complaints?q=${first.trackingNo}`))).toEqual([]);
  });
});

describe('finding a caller by phone number', () => {
  it('an intake agent finds the caller’s complaints by the whole number; the lookup is audited', async () => {
    expect(ids(await agent.get(`/api/v1/complaints?q=${PHONE}`))).toEqual([first.id]);
    expect(ids(await agent.get(`/api/v1/complaints?q=${encodeURIComponent('+86 139-1234-5678')}`))).toEqual([first.id]);
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'complainant.lookup').where('actor_id', '=', agent.userId).execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(audit[0].data)).toMatchObject({ via: 'complaints.search' });
    // A masked number is text, and no complaint's text holds it.
    expect(ids(await agent.get(`/api/v1/complaints?q=${encodeURIComponent('139****5678')}`))).toEqual([]);
  });

  it('analyst, PR officer and handler guessing the candidates of 139****5678 on ?q= learn nothing', async () => {
    for (const who of [analyst, pr, handler]) {
      for (const phone of candidates(25)) {
        const r = await who.get(`/api/v1/complaints?q=${phone}`);
        expect(r.statusCode).toBe(200);
        expect(r.json().items, phone).toEqual([]);
      }
    }
    expect(await env.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'complainant.lookup').where('actor_id', 'in', [analyst.userId, pr.userId, handler.userId]).execute()).toEqual([]);
  });

  it('stops a user after the limit of distinct numbers with 429 and Retry-After; repeats are free; others are unaffected', async () => {
    const guesser = await env.client(['intake_agent']);
    for (let i = 0; i < 3; i++) expect((await guesser.get(`/api/v1/complaints?q=${PHONE}`)).statusCode).toBe(200);
    const tries = candidates(PHONE_LOOKUP_LIMIT + 5).filter((p) => p !== PHONE);
    const answers = await Promise.all(tries.map((p) => guesser.get(`/api/v1/complaints?q=${p}`)));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(PHONE_LOOKUP_LIMIT - 1);
    const refused = answers.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(tries.length - (PHONE_LOOKUP_LIMIT - 1));
    expect(refused[0].json().code).toBe('lookup_rate_limited');
    const retryAfter = Number(refused[0].headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // The number already looked up in this window still answers; another agent is not slowed down.
    expect(ids(await guesser.get(`/api/v1/complaints?q=${PHONE}`))).toEqual([first.id]);
    expect((await guesser.get('/api/v1/complaints?q=13800000000')).statusCode).toBe(429);
    expect(ids(await agent.get(`/api/v1/complaints?q=${PHONE}`))).toEqual([first.id]);
    // Text and tracking-number searches are not phone lookups.
    expect((await guesser.get(`/api/v1/complaints?q=${first.trackingNo}`)).statusCode).toBe(200);
    expect((await env.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'complainant.lookup_refused').where('actor_id', '=', guesser.userId).execute()).length).toBeGreaterThan(0);
  });

  it('on /complainants/lookup and /triage/preview the same guesses learn nothing either', async () => {
    for (const who of [analyst, pr, handler]) {
      const answers = new Set<string>();
      for (const phone of candidates(25)) {
        const look = await who.get(`/api/v1/complainants/lookup?phone=${phone}`);
        const preview = await who.post('/api/v1/triage/preview', { subject: '停水', description: '小区又停水了', phone });
        answers.add(`${look.statusCode} ${look.json().code} ${preview.statusCode} ${preview.json().code}`);
      }
      expect([...answers]).toEqual(['403 forbidden 403 forbidden']);
    }
    // A masked number is not looked up, even by a role that may look people up.
    const masked = await agent.get(`/api/v1/complainants/lookup?phone=${encodeURIComponent('139****5678')}`);
    expect(masked.statusCode).toBe(400);
    expect(masked.json().code).toBe('full_number_required');
    // The agent finds the caller on both paths; a number still being typed is not looked up.
    expect((await agent.get(`/api/v1/complainants/lookup?phone=${PHONE}`)).json().items.map((c: { id: string }) => c.id)).toEqual([first.id]);
    const pv = (await agent.post('/api/v1/triage/preview', { subject: '停水', description: '小区又停水了', phone: PHONE })).json();
    expect(pv.earlierComplaints.map((c: { id: string }) => c.id)).toEqual([first.id]);
    expect((await agent.post('/api/v1/triage/preview', { subject: '停水', description: '小区又停水了', phone: '1391234' })).json().earlierComplaints).toEqual([]);
  });

  it('the quota holds on /complainants/lookup and the preview too: 429 with Retry-After', async () => {
    const guesser = await env.client(['coordinator']);
    const tries = candidates(PHONE_LOOKUP_LIMIT + 3);
    const looks = [];
    for (const p of tries.slice(0, PHONE_LOOKUP_LIMIT)) looks.push((await guesser.get(`/api/v1/complainants/lookup?phone=${p}`)).statusCode);
    expect(looks.every((c) => c === 200)).toBe(true);
    const over = await guesser.get(`/api/v1/complainants/lookup?phone=${tries[PHONE_LOOKUP_LIMIT]}`);
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    const preview = await guesser.post('/api/v1/triage/preview', { subject: '停水', description: '小区又停水了', phone: tries[PHONE_LOOKUP_LIMIT + 1] });
    expect(preview.statusCode).toBe(429);
  });
});
