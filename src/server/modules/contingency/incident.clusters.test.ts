// Incidents follow a coordinator's cluster corrections (merge, split over HTTP) on a real database
// (SQLite, or PostgreSQL with TEST_DATABASE_URL): moved complaints are linked to the surviving
// incident, both incidents of a two-incident merge record it and stay open, a merged-away cluster's
// incident takes over the surviving cluster's key, and split-off complaints stay linked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { canteenPlan, publishPlan, settle } from './incident.testkit.js';

let env: TestEnv;
let admin: TestClient;
let leader: TestClient;
let coordinator: TestClient;
let dept: string;
let food: string;
let n = 0;

const pool: string[] = [];
/** Complaints filed before any plan existed (so none opened or joined an incident), taken in turn. */
const complaints = async (count: number): Promise<string[]> => pool.splice(0, count);

/** A stored cluster of exactly these complaints (the ones triage formed were cleared). */
async function cluster(members: string[]): Promise<string> {
  const id = `cl-${++n}`;
  const now = Date.now();
  await env.ctx.db.insertInto('clusters').values({ id, size: members.length, first_at: now, last_at: now, mass: 0, mass_at: null, representative_id: id, subject: '食堂集体发病', updated_at: now, dismissed_at: null, dismissed_by: null }).execute();
  const r = await env.ctx.db.updateTable('complaint_triage').set({ cluster_id: id }).where('complaint_id', 'in', members).executeTakeFirst();
  expect(Number(r.numUpdatedRows)).toBe(members.length);
  return id;
}

/** The incident a mass-complaint announcement of the cluster opens. */
async function massIncident(clusterId: string, members: string[]): Promise<string> {
  await env.ctx.db.transaction().execute((trx) => env.ctx.events.emit(trx, 'triage.mass_complaint', { clusterId, complaintId: clusterId, size: 12, complaintIds: members }));
  env.ctx.events.flush();
  await settle(env);
  const row = await env.ctx.db.selectFrom('incidents').select('id').where('trigger_key', '=', `cluster:${clusterId}`).executeTakeFirstOrThrow();
  return row.id;
}

const incident = async (id: string) => (await leader.get(`/api/v1/incidents/${id}`)).json();
const linked = async (id: string) => ((await incident(id)).complaints as { id: string }[]).map((c) => c.id).sort();
const timeline = async (id: string) => (await leader.get(`/api/v1/incidents/${id}/timeline`)).json().items as { kind: string; data: Record<string, any> }[];
const keyOf = async (id: string) => (await env.ctx.db.selectFrom('incidents').select('trigger_key').where('id', '=', id).executeTakeFirstOrThrow()).trigger_key;

async function merge(into: string, others: string[]) {
  const r = await coordinator.post(`/api/v1/clusters/${into}/merge`, { clusterIds: others });
  expect(r.statusCode, r.body).toBe(200);
  await settle(env);
}

beforeAll(async () => {
  env = await createTestEnv({ startJobs: true });
  admin = await env.client(['admin']);
  dept = await env.department('后勤处', 'Campus services');
  leader = await env.client(['leader']);
  coordinator = await env.client(['coordinator']);
  await env.client(['dept_head'], [dept]);
  await env.client(['handler'], [dept]);
  const r = await admin.post('/api/v1/categories', { code: 'food_safety', nameZh: '食品安全', nameEn: 'Food safety' });
  food = r.json().id;
  for (let i = 0; i < 13; i++) {
    const c = await admin.post('/api/v1/complaints', sampleComplaint({ subject: '食堂投诉', description: `第${i}号窗口饭菜有异味`, categoryId: food, departmentId: dept, complainant: undefined }));
    expect(c.statusCode, c.body).toBe(201);
    pool.push(c.json().id);
  }
  await settle(env);
  // Triage grouped these similar complaints by itself: start from no clusters, each test builds its own.
  await env.ctx.db.updateTable('complaint_triage').set({ cluster_id: null }).execute();
  await env.ctx.db.updateTable('complaint_signatures').set({ cluster_id: null }).execute();
  await env.ctx.db.deleteFrom('clusters').execute();
  expect(await env.count('incidents')).toBe(0);
  await publishPlan(env, 'campus_canteen', leader.userId, canteenPlan(food), { mapCategory: food });
});
afterAll(() => env?.close());

describe('incidents follow cluster merges and splits', () => {
  it('merging a cluster without an incident into one with an incident links the moved complaints', async () => {
    const xs = await complaints(3);
    const ys = await complaints(2);
    const [x, y] = [await cluster(xs), await cluster(ys)];
    const ix = await massIncident(x, xs);
    expect(await linked(ix)).toEqual([...xs].sort());
    await merge(x, [y]);
    expect(await linked(ix)).toEqual([...xs, ...ys].sort());
    const t = await timeline(ix);
    expect(t.filter((e) => e.kind === 'complaint_linked').at(-1)!.data).toMatchObject({ complaintIds: expect.arrayContaining(ys), via: 'cluster' });
    expect(await env.count('incidents')).toBe(1);
  });

  it('merging two clusters each with an incident links the absorbed complaints to the survivor, records it on both, closes neither; a split keeps links and is recorded', async () => {
    const ps = await complaints(2);
    const qs = await complaints(2);
    const [p, q] = [await cluster(ps), await cluster(qs)];
    const ip = await massIncident(p, ps);
    const iq = await massIncident(q, qs);
    expect(ip).not.toBe(iq);
    await merge(p, [q]);
    expect(await linked(ip)).toEqual([...ps, ...qs].sort());
    expect(await linked(iq)).toEqual([...qs].sort());
    const [survivor, absorbed] = [await incident(ip), await incident(iq)];
    expect(survivor.status).toBe('active');
    expect(absorbed.status).toBe('active');
    expect((await timeline(ip)).find((e) => e.kind === 'cluster_merged')?.data).toMatchObject({ clusterId: p, fromClusterId: q, absorbedIncidentId: iq, absorbedCode: absorbed.code });
    expect((await timeline(iq)).find((e) => e.kind === 'cluster_merged')?.data).toMatchObject({ clusterId: p, fromClusterId: q, survivingIncidentId: ip, survivingCode: survivor.code });

    // Split p's first complaint off: it stays linked, and the incident records the split.
    const r = await coordinator.post(`/api/v1/clusters/${p}/split`, { complaintIds: [ps[1]] });
    expect(r.statusCode, r.body).toBe(204);
    await settle(env);
    expect(await linked(ip)).toContain(ps[1]);
    expect((await timeline(ip)).find((e) => e.kind === 'cluster_split')?.data).toMatchObject({ clusterId: p, complaintIds: [ps[1]], dissolved: false });
    expect((await timeline(iq)).some((e) => e.kind === 'cluster_split')).toBe(false);
  });

  it('merging a cluster with an incident into one without: the incident takes the surviving cluster’s key and links its members', async () => {
    const zs = await complaints(2);
    const ws = await complaints(2);
    const [z, w] = [await cluster(zs), await cluster(ws)];
    const iw = await massIncident(w, ws);
    await merge(z, [w]);
    expect(await keyOf(iw)).toBe(`cluster:${z}`);
    expect(await linked(iw)).toEqual([...zs, ...ws].sort());
    expect((await timeline(iw)).find((e) => e.kind === 'cluster_merged')?.data).toMatchObject({ clusterId: z, fromClusterId: w, rekeyed: true });
    // A later announcement of the merged cluster joins it rather than opening another.
    const before = await env.count('incidents');
    expect(await massIncident(z, [...zs, ...ws])).toBe(iw);
    expect(await env.count('incidents')).toBe(before);
  });
});
