import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, sampleComplaint, type TestClient, type TestEnv } from '../../test/harness.js';
import { OrgService } from '../org/org.service.js';
import { dayFromLabel, dayRange, dayStartMs, localDay, splitRange } from './days.js';
import { rebuildRollups, refreshComplaintStats, reportsDb } from './rollups.js';
import { csvField } from './reports.service.js';

// Shanghai is UTC+8 all year: 2025-03-10 23:30 local = 15:30Z; 2025-03-11 00:30 local = 16:30Z.
const T = (iso: string) => Date.parse(iso);

async function waitForEvents(env: TestEnv): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const r = await env.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('type', '=', 'event')
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('events not processed');
}

async function rollupSnapshot(env: TestEnv) {
  const rows = await reportsDb(env.ctx.db).selectFrom('stats_rollup').selectAll().orderBy('grain').orderBy('dim').orderBy('period').orderBy('department_id').orderBy('level').orderBy('channel').orderBy('g').execute();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)])));
}

describe('days in the organisation time zone', () => {
  it('puts 23:30 Shanghai on that local day and 00:30 on the next', () => {
    expect(localDay(T('2025-03-10T15:30:00Z'), 'Asia/Shanghai')).toBe(localDay(T('2025-03-10T00:00:00Z'), 'UTC'));
    expect(localDay(T('2025-03-10T16:30:00Z'), 'Asia/Shanghai')).toBe(localDay(T('2025-03-11T00:00:00Z'), 'UTC'));
    expect(new Date(dayStartMs(localDay(T('2025-03-10T15:30:00Z'), 'Asia/Shanghai'), 'Asia/Shanghai')).toISOString()).toBe('2025-03-09T16:00:00.000Z');
  });
  it('finds local midnight across a DST change', () => {
    const day = localDay(T('2025-03-09T12:00:00Z'), 'America/New_York'); // DST starts 2025-03-09
    expect(new Date(dayStartMs(day, 'America/New_York')).toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(new Date(dayStartMs(day + 1, 'America/New_York')).toISOString()).toBe('2025-03-10T04:00:00.000Z');
  });
  it('rounds an instant range out to whole local days, `to` exclusive', () => {
    const r = dayRange(T('2025-03-09T16:00:00Z'), T('2025-03-10T16:00:00Z'), 'Asia/Shanghai');
    expect(r.toDay - r.fromDay).toBe(0);
  });
  it('splits a range into whole months and loose edge days', () => {
    const d = dayFromLabel;
    expect(splitRange(d('2025-01-15'), d('2025-04-03'))).toEqual({ days: [[d('2025-01-15'), d('2025-01-31')], [d('2025-04-01'), d('2025-04-03')]], months: [2025 * 12 + 1, 2025 * 12 + 2] });
    expect(splitRange(d('2025-03-01'), d('2025-03-31'))).toEqual({ days: [], months: [2025 * 12 + 2, 2025 * 12 + 2] });
    expect(splitRange(d('2025-03-02'), d('2025-03-31'))).toEqual({ days: [[d('2025-03-02'), d('2025-03-31')]], months: null });
    expect(splitRange(d('2024-12-31'), d('2025-01-31'))).toEqual({ days: [[d('2024-12-31'), d('2024-12-31')]], months: [2025 * 12, 2025 * 12] });
  });
  it('neutralises spreadsheet formulas in CSV fields', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-3')).toBe('-3');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });
});

describe('statistics API', () => {
  let env: TestEnv;
  let agent: TestClient;
  let leader: TestClient;
  let headA: TestClient;
  let deptA: string;
  let deptB: string;
  let catFood: string;
  const ids: Record<string, string> = {};

  const create = async (key: string, over: Record<string, unknown>, createdAt: string) => {
    const r = await agent.post('/api/v1/complaints', sampleComplaint(over));
    expect(r.statusCode).toBe(201);
    ids[key] = r.json().id;
    await env.ctx.db.updateTable('complaints').set({ created_at: T(createdAt), updated_at: T(createdAt) }).where('id', '=', ids[key]).execute();
  };
  const overview = (c: TestClient, qs: string) => c.get(`/api/v1/stats/overview?${qs}`);
  const MARCH = `from=${encodeURIComponent('2025-03-01T00:00:00+08:00')}&to=${encodeURIComponent('2025-04-01T00:00:00+08:00')}`;

  beforeAll(async () => {
    env = await createTestEnv();
    deptA = await env.department('食品安全科', 'Food Safety');
    deptB = await env.department('环境保护科', 'Environment');
    const org = new OrgService(env.ctx);
    catFood = (await org.createCategory(null, { code: 'FOOD', nameZh: '食品安全', nameEn: 'Food safety', defaultDepartmentId: deptA })).id;
    agent = await env.client(['intake_agent']);
    leader = await env.client(['leader']);
    headA = await env.client(['dept_head'], [deptA]);
    await create('lateNight', { channel: 'phone', level: 2, categoryId: catFood, departmentId: deptA }, '2025-03-10T15:30:00Z'); // 03-10 23:30 local
    await create('afterMidnight', { channel: 'web', level: 4, departmentId: deptA }, '2025-03-10T16:30:00Z'); // 03-11 00:30 local
    await create('envPhone', { channel: 'phone', level: 3, departmentId: deptB }, '2025-03-11T02:00:00Z'); // 03-11 10:00 local
    await create('undispatched', { channel: 'email', level: 4 }, '2025-03-20T04:00:00Z');
    await create('april', { channel: 'phone', level: 4, departmentId: deptA }, '2025-04-01T01:00:00Z'); // outside March
    await rebuildRollups(env.ctx);
  });
  afterAll(() => env.close());

  it('counts by local day across midnight, with every day of the range present', async () => {
    const r = await overview(leader, MARCH);
    expect(r.statusCode).toBe(200);
    const o = r.json();
    expect(o.range).toMatchObject({ firstDay: '2025-03-01', lastDay: '2025-03-31', timezone: 'Asia/Shanghai', from: '2025-02-28T16:00:00.000Z', to: '2025-03-31T16:00:00.000Z' });
    expect(o.byDay).toHaveLength(31);
    const day = (d: string) => o.byDay.find((x: { key: string }) => x.key === d).count;
    expect(day('2025-03-10')).toBe(1);
    expect(day('2025-03-11')).toBe(2);
    expect(day('2025-03-20')).toBe(1);
    expect(o.total).toBe(4);
    expect(o.open).toBe(4);
    expect(o.closed).toBe(0);
    expect(o.satisfactionRate).toBeNull();
    expect(o.repeatRate).toBeNull();
  });

  it('breaks down by category, level, channel, department and status with names', async () => {
    const o = (await overview(leader, `${MARCH}&lang=en`)).json();
    expect(o.byCategory).toEqual([
      { key: 'none', label: 'Uncategorised', count: 3 },
      { key: catFood, label: 'Food safety', count: 1 },
    ]);
    expect(o.byLevel.map((x: { count: number }) => x.count)).toEqual([0, 1, 1, 2]);
    expect(o.byChannel[0]).toEqual({ key: 'phone', label: 'Phone', count: 2 });
    expect(o.byDepartment).toEqual(
      expect.arrayContaining([
        { key: deptA, label: 'Food Safety', count: 2 },
        { key: deptB, label: 'Environment', count: 1 },
        { key: 'none', label: 'Not dispatched', count: 1 },
      ]),
    );
    expect(o.byStatus).toEqual([{ key: 'received', label: 'Received', count: 4 }]);
  });

  it('applies the level, channel and department filters', async () => {
    expect((await overview(leader, `${MARCH}&channel=phone`)).json().total).toBe(2);
    expect((await overview(leader, `${MARCH}&level=4`)).json().total).toBe(2);
    expect((await overview(leader, `${MARCH}&level=2,3&channel=phone`)).json().total).toBe(2);
    expect((await overview(leader, `${MARCH}&departmentId=${deptB}`)).json().total).toBe(1);
    expect((await overview(leader, `${MARCH}&departmentId=none`)).json().total).toBe(1);
    expect((await overview(leader, `from=${encodeURIComponent('2025-03-11T00:00:00+08:00')}&to=${encodeURIComponent('2025-03-12T00:00:00+08:00')}`)).json().total).toBe(2);
    expect((await overview(leader, `${MARCH}&level=9`)).statusCode).toBe(400);
  });

  it('adds loose edge days to whole months (one query per grain)', async () => {
    const qs = `from=${encodeURIComponent('2025-02-25T00:00:00+08:00')}&to=${encodeURIComponent('2025-04-03T00:00:00+08:00')}`;
    const o = (await overview(leader, qs)).json();
    expect(o.total).toBe(5); // March's four and April 1st's one
    expect(o.byDay).toHaveLength(37);
    expect(o.byDay.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(5);
    expect(o.byLevel.map((x: { count: number }) => x.count)).toEqual([0, 1, 1, 3]);
    expect(o.byStatus).toEqual([{ key: 'received', label: '已受理', count: 5 }]);
    const b = (await leader.get(`/api/v1/stats/breakdown?${qs}&by=byDepartment&lang=en`)).json();
    expect(b.items).toEqual(expect.arrayContaining([{ key: deptA, label: 'Food Safety', count: 3 }]));
  });

  it('gives a department head of no department empty figures', async () => {
    const headless = await env.client(['dept_head']);
    const r = await overview(headless, MARCH);
    expect(r.statusCode).toBe(200);
    expect(r.json().total).toBe(0);
    expect((await headless.get(`/api/v1/stats/breakdown?${MARCH}&by=byDay`)).json().items.every((x: { count: number }) => x.count === 0)).toBe(true);
  });

  it('limits a department head to their departments', async () => {
    const o = (await overview(headA, MARCH)).json();
    expect(o.total).toBe(2);
    expect(o.byDepartment).toEqual([{ key: deptA, label: '食品安全科', count: 2 }]);
    expect((await overview(headA, `${MARCH}&departmentId=${deptB}`)).statusCode).toBe(403);
    expect((await agent.get(`/api/v1/stats/overview?${MARCH}`)).statusCode).toBe(403); // no stats.read
  });

  it('serves one chart alone and exports it as CSV with a BOM and Chinese names', async () => {
    const b = (await leader.get(`/api/v1/stats/breakdown?${MARCH}&by=byDepartment&lang=zh-CN`)).json();
    expect(b.items).toContainEqual({ key: deptA, label: '食品安全科', count: 2 });
    const r = await leader.get(`/api/v1/stats/overview.csv?${MARCH}&chart=byDepartment&lang=zh-CN`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers['content-disposition']).toContain('redress-byDepartment-2025-03-01_2025-03-31.csv');
    const bytes = r.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('代码,部门,件数');
    expect(text).toContain(`${deptA},食品安全科,2`);
    expect(text).toContain('none,未派单,1');
    const en = (await leader.get(`/api/v1/stats/overview.csv?${MARCH}&chart=byDay&lang=en`)).rawPayload.toString('utf8');
    expect(en).toContain('2025-03-10,1\r\n');
  });

  it('rebuilds over HTTP for an administrator only', async () => {
    expect((await leader.post('/api/v1/stats/rebuild')).statusCode).toBe(403);
    const admin = await env.client(['admin']);
    const r = await admin.post('/api/v1/stats/rebuild');
    expect(r.statusCode).toBe(200);
    expect(r.json().complaints).toBe(5);
  });

  it('documents the response shapes in /openapi.json', async () => {
    const spec = (await env.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = spec.paths['/api/v1/stats/overview'].get;
    expect(Object.keys(op.responses['200'].content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['byDay', 'sla', 'avgHandlingHours']));
    expect(spec.paths['/api/v1/stats/overview.csv']).toBeDefined();
  });

  it('computes on-time rates and open breaches from sla_clocks by hand', async () => {
    // Replace whatever clocks exist with hand-written ones: lateNight met both on time; afterMidnight
    // breached first response (then met late) and its resolution is running past due; envPhone met
    // first response on time, resolution running and not breached.
    await env.ctx.db.deleteFrom('sla_clocks' as never).execute();
    const clock = (complaintId: string, kind: string, state: string, status: string, metAt: number | null, breachedAt: number | null, n: number) =>
      sql`INSERT INTO sla_clocks (id, complaint_id, kind, policy_id, state, status, target, started_at, due_at, warn_at, met_at, breached_at, events, cycles, fired, timers, created_at, updated_at)
          VALUES (${`c${n}`}, ${complaintId}, ${kind}, NULL, ${state}, ${status}, '{}', ${1}, ${2}, NULL, ${metAt}, ${breachedAt}, '[]', 1, '[]', '{}', ${1}, ${1})`.execute(env.ctx.db);
    await clock(ids.lateNight, 'firstResponse', 'stopped', 'ok', 10, null, 1);
    await clock(ids.lateNight, 'resolution', 'stopped', 'ok', 20, null, 2);
    await clock(ids.afterMidnight, 'firstResponse', 'stopped', 'breached', 30, 25, 3);
    await clock(ids.afterMidnight, 'resolution', 'running', 'breached', null, 40, 4);
    await clock(ids.envPhone, 'firstResponse', 'stopped', 'ok', 10, null, 5);
    await clock(ids.envPhone, 'resolution', 'running', 'ok', null, null, 6);
    // Mark lateNight closed an hour and a half after it was created.
    await env.ctx.db.updateTable('complaints').set({ status: 'closed', updated_at: T('2025-03-10T17:00:00Z') }).where('id', '=', ids.lateNight).execute();
    await rebuildRollups(env.ctx);
    const o = (await overview(leader, MARCH)).json();
    expect(o.sla).toEqual({
      available: true,
      firstResponseOnTimeRate: Math.round((2 / 3) * 10_000) / 10_000,
      firstResponseDecided: 3,
      resolutionOnTimeRate: 0.5, // lateNight on time, afterMidnight breached; envPhone undecided
      resolutionDecided: 2,
      openBreaches: 1,
    });
    expect(o.closed).toBe(1);
    expect(o.open).toBe(3);
    expect(o.avgHandlingHours).toBe(1.5);
    // A department head sees only department A's clocks: lateNight and afterMidnight.
    expect((await overview(headA, MARCH)).json().sla).toMatchObject({ firstResponseOnTimeRate: 0.5, resolutionOnTimeRate: 0.5, openBreaches: 1 });
  });
});

describe('rollups maintained from events', () => {
  let env: TestEnv;
  let agent: TestClient;
  let coordinator: TestClient;
  let dept: string;

  beforeAll(async () => {
    env = await createTestEnv({ startJobs: true });
    dept = await env.department();
    agent = await env.client(['intake_agent']);
    coordinator = await env.client(['coordinator'], [dept]);
  });
  afterAll(() => env.close());

  it('follow creation, status changes and edits, equal a rebuild, and ignore re-delivered events', async () => {
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await agent.post('/api/v1/complaints', sampleComplaint({ channel: i % 2 ? 'web' : 'phone', level: 3 }));
      made.push(r.json().id);
    }
    await waitForEvents(env);
    const act = async (id: string, body: Record<string, unknown>) => {
      const r = await coordinator.post(`/api/v1/complaints/${id}/actions`, body);
      expect(r.statusCode, r.body).toBe(200);
    };
    await act(made[0], { action: 'assign', departmentId: dept });
    await act(made[1], { action: 'reject', reason: '不属于受理范围' });
    expect((await coordinator.patch(`/api/v1/complaints/${made[2]}`, { level: 1 })).statusCode).toBe(200);
    await waitForEvents(env);

    const live = await rollupSnapshot(env);
    const o = (await coordinator.get('/api/v1/stats/overview')).json();
    expect(o.total).toBe(4);
    expect(o.open).toBe(3);
    expect(Object.fromEntries(o.byStatus.map((s: { key: string; count: number }) => [s.key, s.count]))).toEqual({ received: 2, assigned: 1, rejected: 1 });
    expect(o.byLevel.map((l: { count: number }) => l.count)).toEqual([1, 0, 3, 0]);

    // Re-delivery: the same refresh again (and for every complaint) changes nothing.
    for (const id of made) {
      await refreshComplaintStats(env.ctx, id);
      await refreshComplaintStats(env.ctx, id);
    }
    expect(await rollupSnapshot(env)).toEqual(live);
    // And the incrementally maintained rollup equals one rebuilt from scratch.
    await rebuildRollups(env.ctx);
    expect(await rollupSnapshot(env)).toEqual(live);
    expect(live.every((r) => Number(r.n) > 0)).toBe(true);
  });
});
