import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.js';
import { onCallNow } from './oncall.js';

// onCallNow against a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL).
const sh = (iso: string) => Date.parse(`${iso}+08:00`);
let env: TestEnv;
let deptA: string;
let deptB: string;
const users: Record<string, TestClient> = {};

async function schedule(roleKey: string, participants: string[], departmentId: string | null, extra: Record<string, unknown> = {}) {
  const id = uuidv7();
  const now = Date.now();
  await env.ctx.db
    .insertInto('oncall_schedules')
    .values({ id, name: roleKey, role_key: roleKey, department_id: departmentId, participants: JSON.stringify(participants), period: 'daily', handoff_time: '09:00', starts_on: '2026-12-01', timezone: 'Asia/Shanghai', active: 1, created_by: null, created_at: now, updated_at: now, ...extra })
    .execute();
  return id;
}

beforeAll(async () => {
  env = await createTestEnv();
  deptA = await env.department('甲局', 'Bureau A');
  deptB = await env.department('乙局', 'Bureau B');
  for (const n of ['ann', 'bob', 'cai', 'dan', 'eve']) users[n] = await env.client(['leader']);
});
afterAll(() => env?.close());

describe('onCallNow', () => {
  it('the department’s rotation first, then the organisation-wide one; an override covers; deactivated users are skipped', async () => {
    const u = (n: string) => users[n].userId;
    const orgWide = await schedule('incident_commander', [u('ann'), u('bob')], null);
    const a = await schedule('incident_commander', [u('cai'), u('dan')], deptA);
    await schedule('incident_commander', [u('eve')], deptB);
    await schedule('pr_officer', [u('eve')], null);
    const at = sh('2026-12-02T10:00:00'); // second shift: bob (org-wide), dan (A)
    expect(await onCallNow(env.ctx.db, { roleKey: 'incident_commander', departmentId: deptA, at })).toEqual([
      { userId: u('dan'), scheduleId: a, viaOverride: false },
      { userId: u('bob'), scheduleId: orgWide, viaOverride: false },
    ]);
    // Before 09:00 the first shift still runs.
    expect((await onCallNow(env.ctx.db, { roleKey: 'incident_commander', departmentId: deptA, at: sh('2026-12-02T08:59:59') }))[0].userId).toBe(u('cai'));
    // Without a department: organisation-wide first, then the departments'.
    const any = await onCallNow(env.ctx.db, { roleKey: 'incident_commander', at });
    expect(any[0]).toEqual({ userId: u('bob'), scheduleId: orgWide, viaOverride: false });
    expect(any.map((e) => e.userId).sort()).toEqual([u('bob'), u('dan'), u('eve')].sort());

    await env.ctx.db.insertInto('oncall_overrides').values({ id: uuidv7(), schedule_id: a, user_id: u('eve'), starts_at: sh('2026-12-02T09:30:00'), ends_at: sh('2026-12-02T12:00:00'), reason: '调休', created_by: null, created_at: Date.now() }).execute();
    expect((await onCallNow(env.ctx.db, { roleKey: 'incident_commander', departmentId: deptA, at }))[0]).toEqual({ userId: u('eve'), scheduleId: a, viaOverride: true });
    expect((await onCallNow(env.ctx.db, { roleKey: 'incident_commander', departmentId: deptA, at: sh('2026-12-02T12:00:00') }))[0]).toEqual({ userId: u('dan'), scheduleId: a, viaOverride: false });

    await env.ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', u('bob')).execute();
    expect(await onCallNow(env.ctx.db, { roleKey: 'incident_commander', at: sh('2026-12-02T13:00:00'), departmentId: deptA })).toEqual([{ userId: u('dan'), scheduleId: a, viaOverride: false }]);
    await env.ctx.db.updateTable('users').set({ active: 1 }).where('id', '=', u('bob')).execute();
  });

  it('an inactive schedule or an unknown role has nobody', async () => {
    await schedule('investigation_lead', [users.ann.userId], null, { active: 0 });
    expect(await onCallNow(env.ctx.db, { roleKey: 'investigation_lead', at: sh('2026-12-02T10:00:00') })).toEqual([]);
    expect(await onCallNow(env.ctx.db, { roleKey: 'nobody_has_this', at: sh('2026-12-02T10:00:00') })).toEqual([]);
  });
});
