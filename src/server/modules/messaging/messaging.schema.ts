// Schemas of messages to the complainant: the preferred channel and language (intake and edits), a
// message as the complaint detail lists it, and the gateway's delivery receipt.
import { Type, type Static, type TSchema } from 'typebox';

export const PREFERRED_CHANNELS = ['email', 'sms', 'wechat', 'portal'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];
export const MESSAGE_LANGUAGES = ['zh-CN', 'en'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const MESSAGE_PURPOSES = ['reply', 'progress', 'extension', 'survey'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

const oneOf = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {}));
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const PreferredChannelSchema = oneOf(PREFERRED_CHANNELS, 'how replies reach the complainant: email, sms, wechat (through the gateway, by phone number) or portal (the public timeline only)');
export const MessageLanguageSchema = oneOf(MESSAGE_LANGUAGES, 'the language of messages to the complainant');

export const ContactPrefsOut = Type.Object(
  { channel: PreferredChannelSchema, language: MessageLanguageSchema, updatedAt: Instant },
  { additionalProperties: false, description: 'the complainant’s preferred channel and language' },
);

export const MessageOut = Type.Object(
  {
    id: Type.String(),
    channel: PreferredChannelSchema,
    language: MessageLanguageSchema,
    purpose: oneOf(MESSAGE_PURPOSES),
    subject: Type.String(),
    body: Type.String(),
    to: Nullable(Type.String({ description: 'the destination, masked; null for the portal' })),
    status: oneOf(MESSAGE_STATUSES),
    attempts: Type.Integer({ minimum: 0 }),
    lastError: Nullable(Type.String()),
    createdAt: Instant,
    sentAt: Nullable(Instant),
    deliveredAt: Nullable(Instant),
    failedAt: Nullable(Instant),
  },
  { additionalProperties: false },
);
export type MessageJson = Static<typeof MessageOut>;

/** What the gateway posts back (signed like the messages it receives). */
export const ReceiptBody = Type.Object(
  {
    messageId: Type.String({ minLength: 1, maxLength: 64 }),
    status: oneOf(MESSAGE_STATUSES),
    error: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ReceiptBody = Static<typeof ReceiptBody>;
export const ReceiptOut = Type.Object({ messageId: Type.String(), status: oneOf(MESSAGE_STATUSES) }, { additionalProperties: false });
