import { Type, type Static } from 'typebox';
import { NOTIFICATION_TYPES, type NotificationType } from './preferences.js';

import { Id } from '../../platform/http/schemas.js';
export const IdParams = Type.Object({ id: Id });

export const ListNotificationsQuery = Type.Object({
  unread: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')], { description: '1 or true: unread only' })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type ListNotificationsQuery = Static<typeof ListNotificationsQuery>;

export const EventsQuery = Type.Object({
  lastEventId: Type.Optional(Type.Integer({ minimum: 0, description: 'Same as the Last-Event-ID header (for clients that cannot send it)' })),
});

const ChannelPatch = Type.Object({ inApp: Type.Optional(Type.Boolean()), email: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const PreferencesPatch = Type.Object(Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, Type.Optional(ChannelPatch)])), { additionalProperties: false, minProperties: 1 });

const EventTypePattern = Type.String({ minLength: 1, maxLength: 100, pattern: '^(\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?)$' });
const WebhookUrl = Type.String({ minLength: 1, maxLength: 2000 });
const Secret = Type.String({ minLength: 16, maxLength: 200 });

export const CreateWebhookBody = Type.Object(
  {
    url: WebhookUrl,
    eventTypes: Type.Array(EventTypePattern, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'Exact types ("sla.escalated"), prefixes ("sla.*") or "*"' }),
    secret: Type.Optional(Secret),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    eventTypes: Type.Optional(Type.Array(EventTypePattern, { minItems: 1, maxItems: 50, uniqueItems: true })),
    secret: Type.Optional(Secret),
    /** true: generate a new secret and return it once. */
    rotateSecret: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const DeliveriesQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

// ─── Responses: what notification.presenter.ts and the routes return ─────────────────────────────

const Instant = Type.String({ format: 'date-time' });
const NotificationTypeSchema = Type.Unsafe<NotificationType>(Type.Union(NOTIFICATION_TYPES.map((t) => Type.Literal(t))));
/** Answered by DELETE routes: no body. */
export const NoContent = Type.Null({ description: 'No content' });

export const NotificationOut = Type.Object(
  {
    id: Type.String(),
    type: NotificationTypeSchema,
    title: Type.String({ description: 'In the user’s language' }),
    titleZh: Type.String(),
    titleEn: Type.String(),
    complaintId: Type.Union([Type.String(), Type.Null()]),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'The template variables of the notification (per type)' }),
    read: Type.Boolean(),
    readAt: Type.Union([Instant, Type.Null()]),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export const NotificationPage = Type.Object(
  { items: Type.Array(NotificationOut), nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last' }) },
  { additionalProperties: false },
);
export const UnreadCountOut = Type.Object({ count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export const ReadAllOut = Type.Object({ updated: Type.Integer({ minimum: 0, description: 'How many were unread' }) }, { additionalProperties: false });

const ChannelPrefs = Type.Object({ inApp: Type.Boolean(), email: Type.Boolean() }, { additionalProperties: false });
/** One entry per notification type, each with both channels. */
const PrefsByType = Type.Object(Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, ChannelPrefs])) as Record<NotificationType, typeof ChannelPrefs>, { additionalProperties: false });
export const PreferencesOut = Type.Object(
  {
    types: Type.Array(NotificationTypeSchema, { description: 'Every notification type, in display order' }),
    defaults: PrefsByType,
    preferences: PrefsByType,
    emailEnabled: Type.Boolean({ description: 'false: no mail server is configured, the email channel sends nothing' }),
  },
  { additionalProperties: false },
);

const EndpointFields = {
  id: Type.String(),
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  description: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
};
const SecretOut = Type.String({ description: 'The signing secret (HMAC key); shown only in this answer' });
/** An endpoint as listed and read: never its secret. */
export const WebhookOut = Type.Object(EndpointFields, { additionalProperties: false });
export const WebhookList = Type.Object({ items: Type.Array(WebhookOut) }, { additionalProperties: false });
/** The answer to POST /webhooks: the endpoint with its secret, shown once. */
export const WebhookCreatedOut = Type.Object({ ...EndpointFields, secret: SecretOut }, { additionalProperties: false });
/** The answer to PATCH /webhooks/:id: the secret only when this change set or rotated it. */
export const WebhookUpdatedOut = Type.Object({ ...EndpointFields, secret: Type.Optional(SecretOut) }, { additionalProperties: false });

export const DeliveryOut = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    eventType: Type.String(),
    attempt: Type.Integer({ minimum: 1 }),
    ok: Type.Boolean(),
    statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'null: no HTTP answer (refused, timed out, unsafe address)' }),
    durationMs: Type.Integer({ minimum: 0 }),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export const DeliveryPage = Type.Object(
  { items: Type.Array(DeliveryOut), nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last' }) },
  { additionalProperties: false },
);
