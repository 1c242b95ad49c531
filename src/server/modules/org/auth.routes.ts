import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { loginSucceeded, reserveLoginAttempt } from '../../platform/auth/login-throttle.js';
import { dummyHash, verifyPassword } from '../../platform/auth/password.js';
import { createSession, destroySession, SESSION_COOKIE, SESSION_TTL_MS } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/http/problem.js';
import { PERMISSIONS, rolesAllow, type Permission } from '../../../shared/permissions.js';
import type { Role } from '../../../shared/enums.js';
import * as repo from './org.repo.js';
import { LoginBody, LoginOut, MeOut, NoContent, PreferencesBody, UserOut } from './org.schema.js';
import { OrgService } from './org.service.js';

const tags = ['auth'];

export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const org = new OrgService(ctx);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies };

  r.post('/auth/login', { config: { public: true }, schema: { tags, summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: LoginOut } } }, async (req, reply) => {
    const email = req.body.email.trim().toLowerCase();
    await reserveLoginAttempt(ctx.db, email, req.ip);
    const user = await repo.findUserByEmail(ctx.db, email);
    // Same work and the same answer whether or not the account exists.
    const ok = await verifyPassword(req.body.password, user?.password_hash ?? (await dummyHash()));
    if (!user || !ok || !user.active) {
      await appendAudit(ctx.db, { actorId: null, action: 'auth.login_failed', entityType: 'user', entityId: null, data: { email, ip: req.ip } });
      throw new AppError(401, 'invalid_credentials', 'Email or password is wrong');
    }
    await loginSucceeded(ctx.db, email, req.ip);
    const session = await createSession(ctx.db, user.id);
    await appendAudit(ctx.db, { actorId: user.id, action: 'auth.login', entityType: 'user', entityId: user.id, data: { ip: req.ip } });
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_TTL_MS / 1000 });
    return { user: await org.getUser(user.id), csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() };
  });

  r.post('/auth/logout', { config: { permission: 'self.read' }, schema: { tags, summary: 'Sign out; ends this session and clears its cookie', response: { 204: NoContent } } }, async (req, reply) => {
    const actor = actorOf(req);
    const token = req.cookies[SESSION_COOKIE];
    if (token) await destroySession(ctx.db, token);
    await appendAudit(ctx.db, { actorId: actor.id, action: 'auth.logout', entityType: 'user', entityId: actor.id });
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    void ctx.notify.live.recheck(); // its event streams end now (other instances within revalidateMs)
    return reply.status(204).send(null);
  });

  r.get('/auth/me', { config: { permission: 'self.read' }, schema: { tags, summary: 'The signed-in user, their permissions and CSRF token', response: { 200: MeOut } } }, async (req) => {
    const actor = actorOf(req);
    const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => rolesAllow(actor.roles as Role[], p));
    return { user: await org.getUser(actor.id), permissions, csrfToken: actor.csrfToken ?? null, via: actor.via };
  });

  r.patch('/auth/me', { config: { permission: 'self.write' }, schema: { tags, summary: 'My language and notification preferences', body: PreferencesBody, response: { 200: UserOut } } }, async (req) => {
    const actor = actorOf(req);
    return org.updatePreferences(actor.id, req.body);
  });
}
