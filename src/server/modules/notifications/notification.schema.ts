import { Type, type Static } from 'typebox';
import { NOTIFICATION_TYPES } from './preferences.js';

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
