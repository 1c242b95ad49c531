import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../platform/auth/authenticate.js';
import { credentialValid, SESSION_COOKIE } from '../../platform/auth/sessions.js';
import { EventStreamResponse } from '../../platform/http/schemas.js';
import { OrgService } from '../org/org.service.js';
import * as repo from './notification.repo.js';
import { EventsQuery, IdParams, ListNotificationsQuery, NotificationOut, NotificationPage, PreferencesOut, PreferencesPatch, ReadAllOut, UnreadCountOut } from './notification.schema.js';
import { DEFAULT_PREFERENCES, effectivePreferences, mergePreferences, NOTIFICATION_TYPES } from './preferences.js';

const tags = ['notifications'];

/** My notifications, my notification preferences, and the live event stream. */
export async function notificationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const notify = ctx.notify;
  const org = new OrgService(ctx);

  const preferencesView = (stored: string | undefined) => ({ types: [...NOTIFICATION_TYPES], defaults: DEFAULT_PREFERENCES, preferences: effectivePreferences(stored), emailEnabled: notify.mailer.enabled });

  // Open streams would keep app.close() waiting for their connections; end them first.
  app.addHook('preClose', async () => notify.live.closeStreams());

  r.get('/notifications', { config: { permission: 'self.read' }, schema: { tags, summary: 'My in-app notifications, newest first', querystring: ListNotificationsQuery, response: { 200: NotificationPage } } }, async (req) => {
    const actor = actorOf(req);
    return notify.list(actor, req.query);
  });

  r.get('/notifications/unread-count', { config: { permission: 'self.read' }, schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCountOut } } }, async (req) => {
    return { count: await notify.unreadCount(actorOf(req)) };
  });

  r.post('/notifications/:id/read', { config: { permission: 'self.write' }, schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 200: NotificationOut } } }, async (req) => {
    return notify.markRead(actorOf(req), req.params.id);
  });

  r.post('/notifications/read-all', { config: { permission: 'self.write' }, schema: { tags, summary: 'Mark all my notifications read', response: { 200: ReadAllOut } } }, async (req) => {
    return { updated: await notify.markAllRead(actorOf(req)) };
  });

  r.get('/notifications/preferences', { config: { permission: 'self.read' }, schema: { tags, summary: 'My effective notification preferences per type and channel', response: { 200: PreferencesOut } } }, async (req) => {
    const u = await repo.findUser(ctx.db, actorOf(req).id);
    return preferencesView(u?.preferences);
  });

  r.patch('/notifications/preferences', { config: { permission: 'self.write' }, schema: { tags, summary: 'Change some of my notification preferences (merged per type and channel)', body: PreferencesPatch, response: { 200: PreferencesOut } } }, async (req) => {
    const actor = actorOf(req);
    const u = await repo.findUser(ctx.db, actor.id);
    await org.updatePreferences(actor.id, { preferences: { notifications: mergePreferences(u?.preferences, req.body) } });
    const after = await repo.findUser(ctx.db, actor.id);
    return preferencesView(after?.preferences);
  });

  r.get(
    '/events',
    {
      config: { permission: 'self.read' },
      schema: {
        tags,
        summary: 'Server-sent events: my new notifications and changes to complaints and incidents I can see',
        description:
          'text/event-stream. Each message has an `id` (a sequence number), an `event` (`notification`, or the domain event type such as `complaint.created`, `complaint.status_changed`, `sla.escalated`, `incident.activated`) and JSON `data` (incident and plan events carry `subject: {kind, id}` instead of `complaint`). Reconnect with `Last-Event-ID` (or `?lastEventId=`) to receive what was missed; `reset` means the history is gone and views should reload. `: ping` comments every ~20 s.',
        querystring: EventsQuery,
        // The stream, not JSON: the route takes over the response (reply.hijack) and writes SSE frames.
        response: { 200: EventStreamResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const header = req.headers['last-event-id'];
      const fromHeader = typeof header === 'string' && /^\d{1,15}$/.test(header.trim()) ? Number(header.trim()) : undefined;
      // The credential that opened the stream, checked again while it is open.
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const cookie = req.cookies?.[SESSION_COOKIE];
      const stillValid = () => credentialValid(ctx.db, { bearer, cookie });
      reply.hijack();
      await notify.live.open(reply.raw, {
        userId: actor.id,
        stillValid,
        lastEventId: fromHeader ?? req.query.lastEventId,
        accept: notify.visibleTo(actor),
        render: (row) => ({ event: row.type, data: row.data }),
      });
      return reply;
    },
  );
}
