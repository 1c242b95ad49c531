import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../context.js';
import { ROLES, type Role } from '../../../shared/enums.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { hashPassword, passwordProblem } from '../../platform/auth/password.js';
import { newSecret, sha256, API_TOKEN_PREFIX } from '../../platform/auth/tokens.js';
import { PERMISSIONS, type Permission } from '../../../shared/permissions.js';

/** A token scope: a permission, or '*' for all of its user's. */
type Scope = Permission | '*';
import { badRequest, conflict, notFound } from '../../platform/http/problem.js';
import * as repo from './org.repo.js';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: Role[];
  departmentIds?: string[];
  locale?: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
const isoAt = (ms: number) => new Date(Number(ms)).toISOString();
/** Stored locales are only ever these two (request schemas and the config allow nothing else). */
type Locale = 'zh-CN' | 'en';

/** Departments, users, categories and API tokens: every write audited. */
export class OrgService {
  constructor(private readonly ctx: AppContext) {}

  private async checkDepartments(ids: string[]) {
    for (const id of ids) if (!(await repo.findDepartment(this.ctx.db, id))) throw badRequest('unknown_department', `No department ${id}`);
  }

  async createUser(actorId: string | null, u: NewUser) {
    const email = u.email.trim().toLowerCase();
    if (u.roles.some((r) => !ROLES.includes(r))) throw badRequest('unknown_role', `Roles are ${ROLES.join(', ')}`);
    const weak = passwordProblem(u.password);
    if (weak) throw badRequest('weak_password', weak);
    await this.checkDepartments(u.departmentIds ?? []);
    if (await repo.findUserByEmail(this.ctx.db, email)) throw conflict('email_taken', 'A user with this email already exists');
    const id = uuidv7();
    const now = Date.now();
    const password_hash = await hashPassword(u.password);
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertUser(trx, { id, email, name: u.name, password_hash, roles: JSON.stringify(u.roles), locale: u.locale ?? this.ctx.config.locale, active: 1, preferences: '{}', created_at: now, updated_at: now }, u.departmentIds ?? []);
      await appendAudit(trx, { actorId, action: 'user.create', entityType: 'user', entityId: id, data: { email, roles: u.roles, departmentIds: u.departmentIds ?? [] } });
    });
    return this.getUser(id);
  }

  async getUser(id: string) {
    const u = await repo.findUser(this.ctx.db, id);
    if (!u) throw notFound('User');
    return { id: u.id, email: u.email, name: u.name, roles: JSON.parse(u.roles) as Role[], locale: u.locale as Locale, active: !!u.active, preferences: JSON.parse(u.preferences) as Record<string, unknown>, departmentIds: await repo.userDepartments(this.ctx.db, id) };
  }

  async listUsers() {
    return (await repo.listUsers(this.ctx.db)).map((u) => ({ id: u.id, email: u.email, name: u.name, roles: JSON.parse(u.roles) as Role[], locale: u.locale as Locale, active: !!u.active, departmentIds: u.departmentIds, createdAt: isoAt(u.created_at) }));
  }

  async updateUser(actorId: string, id: string, patch: { name?: string; roles?: Role[]; departmentIds?: string[]; active?: boolean; password?: string; locale?: string }) {
    const before = await repo.findUser(this.ctx.db, id);
    if (!before) throw notFound('User');
    if (patch.departmentIds) await this.checkDepartments(patch.departmentIds);
    const weak = patch.password !== undefined ? passwordProblem(patch.password) : undefined;
    if (weak) throw badRequest('weak_password', weak);
    const password_hash = patch.password ? await hashPassword(patch.password) : undefined;
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.updateUser(
        trx,
        id,
        {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.roles ? { roles: JSON.stringify(patch.roles) } : {}),
          ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
          ...(patch.locale ? { locale: patch.locale } : {}),
          ...(password_hash ? { password_hash } : {}),
          updated_at: Date.now(),
        },
        patch.departmentIds,
      );
      // Deactivated users and changed passwords end every open session at once.
      if (patch.active === false || password_hash) await repo.deleteSessionsOf(trx, id);
      await appendAudit(trx, { actorId, action: 'user.update', entityType: 'user', entityId: id, data: { ...patch, password: patch.password ? '(changed)' : undefined } });
    });
    if (patch.active === false || password_hash) void this.ctx.notify.live.recheck(); // end their event streams
    return this.getUser(id);
  }

  async updatePreferences(userId: string, patch: { locale?: string; preferences?: Record<string, unknown> }) {
    const u = await repo.findUser(this.ctx.db, userId);
    if (!u) throw notFound('User');
    const preferences = patch.preferences ? JSON.stringify({ ...JSON.parse(u.preferences), ...patch.preferences }) : undefined;
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, userId, { ...(patch.locale ? { locale: patch.locale } : {}), ...(preferences ? { preferences } : {}), updated_at: Date.now() });
      await appendAudit(trx, { actorId: userId, action: 'user.preferences', entityType: 'user', entityId: userId, data: patch });
    });
    return this.getUser(userId);
  }

  async listDepartments() {
    return (await repo.listDepartments(this.ctx.db)).map((d) => ({ id: d.id, parentId: d.parent_id, nameZh: d.name_zh, nameEn: d.name_en }));
  }

  async createDepartment(actorId: string | null, d: { nameZh: string; nameEn: string; parentId?: string | null }) {
    if (d.parentId && !(await repo.findDepartment(this.ctx.db, d.parentId))) throw badRequest('unknown_department', `No parent department ${d.parentId}`);
    const id = uuidv7();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertDepartment(trx, { id, parent_id: d.parentId ?? null, name_zh: d.nameZh, name_en: d.nameEn, created_at: Date.now() });
      await appendAudit(trx, { actorId, action: 'department.create', entityType: 'department', entityId: id, data: d });
    });
    return { id, parentId: d.parentId ?? null, nameZh: d.nameZh, nameEn: d.nameEn };
  }

  async updateDepartment(actorId: string, id: string, d: { nameZh?: string; nameEn?: string; parentId?: string | null }) {
    if (!(await repo.findDepartment(this.ctx.db, id))) throw notFound('Department');
    if (d.parentId) {
      // Walk up from the new parent: reaching this department would make the tree a cycle.
      let cur: string | null = d.parentId;
      while (cur) {
        if (cur === id) throw badRequest('department_cycle', 'A department cannot sit under itself');
        const p = await repo.findDepartment(this.ctx.db, cur);
        if (!p) throw badRequest('unknown_department', `No parent department ${d.parentId}`);
        cur = p.parent_id;
      }
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.updateDepartment(trx, id, { ...(d.nameZh ? { name_zh: d.nameZh } : {}), ...(d.nameEn ? { name_en: d.nameEn } : {}), ...(d.parentId !== undefined ? { parent_id: d.parentId } : {}) });
      await appendAudit(trx, { actorId, action: 'department.update', entityType: 'department', entityId: id, data: d });
    });
    return (await this.listDepartments()).find((x) => x.id === id);
  }

  async listCategories() {
    return (await repo.listCategories(this.ctx.db)).map((c) => ({ id: c.id, parentId: c.parent_id, code: c.code, nameZh: c.name_zh, nameEn: c.name_en, defaultDepartmentId: c.default_department_id, keywords: JSON.parse(c.keywords) as string[], active: !!c.active, public: !!c.is_public }));
  }

  async createCategory(actorId: string | null, c: { code: string; nameZh: string; nameEn: string; parentId?: string | null; defaultDepartmentId?: string | null; keywords?: string[]; public?: boolean }) {
    if (c.parentId && !(await repo.findCategory(this.ctx.db, c.parentId))) throw badRequest('unknown_category', `No parent category ${c.parentId}`);
    if (c.defaultDepartmentId) await this.checkDepartments([c.defaultDepartmentId]);
    if (await repo.findCategoryByCode(this.ctx.db, c.code)) throw conflict('category_code_taken', `Category code ${c.code} exists`);
    const id = uuidv7();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertCategory(trx, { id, parent_id: c.parentId ?? null, code: c.code, name_zh: c.nameZh, name_en: c.nameEn, default_department_id: c.defaultDepartmentId ?? null, keywords: JSON.stringify(c.keywords ?? []), active: 1, is_public: c.public ? 1 : 0, created_at: Date.now() });
      await appendAudit(trx, { actorId, action: 'category.create', entityType: 'category', entityId: id, data: c });
    });
    return (await this.listCategories()).find((x) => x.id === id)!;
  }

  async updateCategory(actorId: string, id: string, c: { nameZh?: string; nameEn?: string; defaultDepartmentId?: string | null; keywords?: string[]; active?: boolean; public?: boolean }) {
    if (!(await repo.findCategory(this.ctx.db, id))) throw notFound('Category');
    if (c.defaultDepartmentId) await this.checkDepartments([c.defaultDepartmentId]);
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.updateCategory(trx, id, {
        ...(c.nameZh ? { name_zh: c.nameZh } : {}),
        ...(c.nameEn ? { name_en: c.nameEn } : {}),
        ...(c.defaultDepartmentId !== undefined ? { default_department_id: c.defaultDepartmentId } : {}),
        ...(c.keywords ? { keywords: JSON.stringify(c.keywords) } : {}),
        ...(c.active !== undefined ? { active: c.active ? 1 : 0 } : {}),
        ...(c.public !== undefined ? { is_public: c.public ? 1 : 0 } : {}),
      });
      await appendAudit(trx, { actorId, action: 'category.update', entityType: 'category', entityId: id, data: c });
    });
    return (await this.listCategories()).find((x) => x.id === id)!;
  }

  /** Returns the token once; only its hash is stored. */
  async createToken(actorId: string | null, userEmail: string, name: string, scopes: string[] = ['*']) {
    const user = await repo.findUserByEmail(this.ctx.db, userEmail);
    if (!user || !user.active) throw badRequest('unknown_user', `No active user ${userEmail}`);
    for (const s of scopes) if (s !== '*' && !(s in PERMISSIONS)) throw badRequest('unknown_scope', `Unknown scope ${s}`);
    const token = newSecret(API_TOKEN_PREFIX);
    const id = uuidv7();
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertToken(trx, { id, user_id: user.id, name, token_hash: sha256(token), scopes: JSON.stringify(scopes), created_at: Date.now(), last_used_at: null, revoked_at: null });
      await appendAudit(trx, { actorId, action: 'token.create', entityType: 'api_token', entityId: id, data: { userId: user.id, name, scopes } });
    });
    return { id, name, token, scopes: scopes as Scope[], userId: user.id };
  }

  async listTokens() {
    return (await repo.listTokens(this.ctx.db)).map((t) => ({ id: t.id, name: t.name, scopes: JSON.parse(t.scopes) as Scope[], user: { id: t.user_id, email: t.user_email }, createdAt: isoAt(t.created_at), lastUsedAt: iso(t.last_used_at), revokedAt: iso(t.revoked_at) }));
  }

  async revokeToken(actorId: string, id: string) {
    await this.ctx.db.transaction().execute(async (trx) => {
      const r = await repo.revokeToken(trx, id, Date.now());
      if (Number(r.numUpdatedRows) !== 1) throw notFound('Active API token');
      await appendAudit(trx, { actorId, action: 'token.revoke', entityType: 'api_token', entityId: id });
    });
    void this.ctx.notify.live.recheck(); // streams opened with the token end
  }
}
