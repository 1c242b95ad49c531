// On-call schedules (值班): rules and transactions. contingency.read reads; oncall.manage writes
// (a department head only their departments' schedules, never organisation-wide ones).
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can, workDepartmentIds } from '../../platform/auth/actor.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { badRequest, forbidden, notFound } from '../../platform/http/problem.js';
import type { OncallScheduleTable } from '../../platform/db/schema.js';
import { isIsoDate, isValidTimeZone } from '../sla/timezone.js';
import * as repo from './oncall.repo.js';
import { onCallNow, rotationOf } from './oncall.js';
import { DEFAULT_TIMEZONE, onCallAt, upcomingShifts, type Period } from './rotation.js';
import type { CreateScheduleBody, OverrideBody, ScheduleOut, UpdateScheduleBody } from './oncall.schema.js';

const UPCOMING = 6;
const iso = (ms: number) => new Date(Number(ms)).toISOString();

export class OnCallService {
  constructor(private readonly ctx: AppContext) {}

  private checkDepartment(actor: Actor, departmentId: string | null) {
    if (can(actor, 'complaint.read_all')) return;
    if (!departmentId || !workDepartmentIds(actor).includes(departmentId)) throw forbidden('You manage only the on-call schedules of your departments');
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private async checkUsers(ids: string[]) {
    const found = await repo.activeUserIds(this.ctx.db, [...new Set(ids)]);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw badRequest('unknown_user', `No active user ${missing[0]}`, { userIds: [...new Set(missing)] });
  }

  private async checkDepartmentExists(id: string | null | undefined) {
    if (id && !(await this.ctx.db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst())) throw badRequest('unknown_department', `No department ${id}`);
  }

  private checkRotation(startsOn: string | undefined, timezone: string | undefined) {
    if (startsOn !== undefined && !isIsoDate(startsOn)) throw badRequest('invalid_date', `${startsOn} is not a calendar day`);
    if (timezone !== undefined && !isValidTimeZone(timezone)) throw badRequest('invalid_timezone', `${timezone} is not an IANA time zone`);
  }

  private async load(id: string) {
    const s = await repo.getSchedule(this.ctx.db, id);
    if (!s) throw notFound('On-call schedule');
    return s;
  }

  private async present(rows: repo.ScheduleRow[], at = Date.now()): Promise<ScheduleOut[]> {
    const overrides = new Map<string, repo.OverrideRow[]>();
    for (const s of rows) overrides.set(s.id, await repo.listOverrides(this.ctx.db, s.id, at));
    const ids = rows.flatMap((s) => [...(JSON.parse(s.participants) as string[]), ...overrides.get(s.id)!.map((o) => o.user_id)]);
    const names = await this.names(ids);
    const user = (id: string) => ({ id, name: names.get(id) ?? id });
    return rows.map((s) => {
      const rotation = rotationOf(s);
      const mine = overrides.get(s.id)!;
      const who = onCallAt(rotation, mine.map((o) => ({ userId: o.user_id, startsAt: Number(o.starts_at), endsAt: Number(o.ends_at) })), at);
      return {
        id: s.id,
        name: s.name,
        roleKey: s.role_key,
        departmentId: s.department_id,
        participants: rotation.participants.map(user),
        period: s.period as Period,
        handoffTime: s.handoff_time,
        startsOn: s.starts_on,
        timezone: s.timezone,
        active: !!s.active,
        onCall: who && s.active ? { user: user(who.userId), viaOverride: who.viaOverride } : null,
        upcoming: upcomingShifts(rotation, at, UPCOMING).map((sh) => ({ user: user(sh.userId), startsAt: iso(sh.startsAt), endsAt: iso(sh.endsAt) })),
        overrides: mine.map((o) => ({ id: o.id, user: user(o.user_id), startsAt: iso(o.starts_at), endsAt: iso(o.ends_at), reason: o.reason })),
        createdAt: iso(s.created_at),
        updatedAt: iso(s.updated_at),
      };
    });
  }

  async list(f: { roleKey?: string; departmentId?: string }) {
    return { items: await this.present(await repo.listSchedules(this.ctx.db, f)) };
  }

  async get(id: string) {
    return (await this.present([await this.load(id)]))[0];
  }

  async create(actor: Actor, b: CreateScheduleBody) {
    const departmentId = b.departmentId ?? null;
    this.checkDepartment(actor, departmentId);
    this.checkRotation(b.startsOn, b.timezone);
    await this.checkDepartmentExists(departmentId);
    await this.checkUsers(b.participants);
    const now = Date.now();
    const row: OncallScheduleTable = {
      id: uuidv7(),
      name: b.name.trim() || b.roleKey,
      role_key: b.roleKey,
      department_id: departmentId,
      participants: JSON.stringify(b.participants),
      period: b.period,
      handoff_time: b.handoffTime,
      starts_on: b.startsOn,
      timezone: b.timezone ?? DEFAULT_TIMEZONE,
      active: 1,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertSchedule(trx, row);
      await appendAudit(trx, { actorId: actor.id, action: 'oncall.schedule_created', entityType: 'oncall_schedule', entityId: row.id, data: { roleKey: row.role_key, departmentId, participants: b.participants, period: b.period } });
    });
    return this.get(row.id);
  }

  async update(actor: Actor, id: string, b: UpdateScheduleBody) {
    const cur = await this.load(id);
    this.checkDepartment(actor, cur.department_id);
    if (b.departmentId !== undefined) {
      this.checkDepartment(actor, b.departmentId);
      await this.checkDepartmentExists(b.departmentId);
    }
    this.checkRotation(b.startsOn, b.timezone);
    if (b.participants) await this.checkUsers(b.participants);
    const patch: Partial<OncallScheduleTable> = { updated_at: Date.now() };
    if (b.name !== undefined) patch.name = b.name.trim() || cur.name;
    if (b.roleKey !== undefined) patch.role_key = b.roleKey;
    if (b.departmentId !== undefined) patch.department_id = b.departmentId;
    if (b.participants !== undefined) patch.participants = JSON.stringify(b.participants);
    if (b.period !== undefined) patch.period = b.period;
    if (b.handoffTime !== undefined) patch.handoff_time = b.handoffTime;
    if (b.startsOn !== undefined) patch.starts_on = b.startsOn;
    if (b.timezone !== undefined) patch.timezone = b.timezone;
    if (b.active !== undefined) patch.active = b.active ? 1 : 0;
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.updateSchedule(trx, id, patch);
      await appendAudit(trx, { actorId: actor.id, action: 'oncall.schedule_updated', entityType: 'oncall_schedule', entityId: id, data: { ...b } });
    });
    return this.get(id);
  }

  async addOverride(actor: Actor, id: string, b: OverrideBody) {
    const s = await this.load(id);
    this.checkDepartment(actor, s.department_id);
    const startsAt = Date.parse(b.startsAt);
    const endsAt = Date.parse(b.endsAt);
    if (!(endsAt > startsAt)) throw badRequest('invalid_range', '`endsAt` must be after `startsAt`');
    await this.checkUsers([b.userId]);
    const overrideId = uuidv7();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertOverride(trx, { id: overrideId, schedule_id: id, user_id: b.userId, starts_at: startsAt, ends_at: endsAt, reason: b.reason?.trim() || null, created_by: actor.id, created_at: Date.now() });
      await appendAudit(trx, { actorId: actor.id, action: 'oncall.override_added', entityType: 'oncall_schedule', entityId: id, data: { overrideId, userId: b.userId, startsAt: b.startsAt, endsAt: b.endsAt } });
    });
    return this.get(id);
  }

  async deleteOverride(actor: Actor, id: string, overrideId: string) {
    const s = await this.load(id);
    this.checkDepartment(actor, s.department_id);
    const o = await repo.getOverride(this.ctx.db, overrideId);
    if (!o || o.schedule_id !== id) throw notFound('Override');
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.deleteOverride(trx, overrideId);
      await appendAudit(trx, { actorId: actor.id, action: 'oncall.override_removed', entityType: 'oncall_schedule', entityId: id, data: { overrideId, userId: o.user_id } });
    });
    return this.get(id);
  }

  /** Who is on call for a role now (or at `at`), in fallback order. */
  async now(q: { roleKey: string; departmentId?: string; at?: string }) {
    const at = q.at ? Date.parse(q.at) : Date.now();
    const entries = await onCallNow(this.ctx.db, { roleKey: q.roleKey, departmentId: q.departmentId, at });
    const schedules = new Map((await repo.listSchedules(this.ctx.db, { roleKey: q.roleKey })).map((s) => [s.id, s]));
    const names = await this.names(entries.map((e) => e.userId));
    return {
      at: iso(at),
      roleKey: q.roleKey,
      items: entries.map((e) => ({
        user: { id: e.userId, name: names.get(e.userId) ?? e.userId },
        scheduleId: e.scheduleId,
        scheduleName: schedules.get(e.scheduleId)?.name ?? '',
        departmentId: schedules.get(e.scheduleId)?.department_id ?? null,
        viaOverride: e.viaOverride,
      })),
    };
  }
}
