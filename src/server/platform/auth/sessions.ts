import type { Db } from '../db/index.js';
import type { Role } from '../../../shared/enums.js';
import type { Actor } from './actor.js';
import { newSecret, sha256, API_TOKEN_PREFIX } from './tokens.js';
import { workDepartments } from './department-scope.js';

export const SESSION_COOKIE = 'redress_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // idle timeout: a working day
const TOUCH_EVERY_MS = 60_000;

export async function createSession(db: Db, userId: string, now = Date.now()): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = now + SESSION_TTL_MS;
  await db.insertInto('sessions').values({ id_hash: sha256(token), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt, last_seen_at: now }).execute();
  return { token, csrfToken, expiresAt };
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}

async function loadUser(db: Db, userId: string) {
  const user = await db.selectFrom('users').select(['id', 'email', 'name', 'roles', 'locale', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!user || !user.active) return undefined;
  const depts = await db.selectFrom('user_departments').select('department_id').where('user_id', '=', userId).execute();
  const departmentIds = depts.map((d) => d.department_id);
  return { user, departmentIds, scopeDepartmentIds: await workDepartments(db, JSON.parse(user.roles) as Role[], departmentIds) };
}

function toActor(u: NonNullable<Awaited<ReturnType<typeof loadUser>>>): Omit<Actor, 'via'> {
  return { id: u.user.id, email: u.user.email, name: u.user.name, roles: JSON.parse(u.user.roles) as Role[], departmentIds: u.departmentIds, scopeDepartmentIds: u.scopeDepartmentIds, locale: u.user.locale };
}

export async function actorFromSession(db: Db, token: string, now = Date.now()): Promise<Actor | undefined> {
  const idHash = sha256(token);
  const s = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!s || s.expires_at <= now) return undefined;
  const u = await loadUser(db, s.user_id);
  if (!u) return undefined;
  // Sliding expiry, written at most once a minute so reads stay reads.
  if (now - s.last_seen_at > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now, expires_at: now + SESSION_TTL_MS }).where('id_hash', '=', idHash).execute();
  }
  return { ...toActor(u), via: 'session', csrfToken: s.csrf_token };
}

export async function actorFromApiToken(db: Db, token: string, now = Date.now()): Promise<Actor | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const t = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!t || t.revoked_at) return undefined;
  const u = await loadUser(db, t.user_id);
  if (!u) return undefined;
  if (!t.last_used_at || now - t.last_used_at > TOUCH_EVERY_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  return { ...toActor(u), via: 'token', scopes: JSON.parse(t.scopes) as string[] };
}

/**
 * Whether a session cookie or API token still holds (not signed out, expired or revoked, and its user
 * active), without touching its expiry: long-lived streams check this while they are open.
 */
export async function credentialValid(db: Db, cred: { bearer?: string; cookie?: string }, now = Date.now()): Promise<boolean> {
  let userId: string | undefined;
  if (cred.bearer) {
    const t = await db.selectFrom('api_tokens').select(['user_id', 'revoked_at']).where('token_hash', '=', sha256(cred.bearer)).executeTakeFirst();
    userId = t && !t.revoked_at ? t.user_id : undefined;
  } else if (cred.cookie) {
    const s = await db.selectFrom('sessions').select(['user_id', 'expires_at']).where('id_hash', '=', sha256(cred.cookie)).executeTakeFirst();
    userId = s && s.expires_at > now ? s.user_id : undefined;
  }
  if (!userId) return false;
  const u = await db.selectFrom('users').select('active').where('id', '=', userId).executeTakeFirst();
  return !!u?.active;
}
