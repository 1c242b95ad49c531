import type { FieldCrypto } from '../../platform/crypto/fields.js';
import { maskEmail, maskPhone } from '../../platform/crypto/mask.js';
import type { OutboundMessageTable } from '../../platform/db/schema.js';
import type { MessageJson } from './messaging.schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** A destination as responses show it: always masked (the full value only through the audited reveal). */
export function maskDestination(channel: string, value: string | null | undefined): string | null {
  if (!value) return null;
  return channel === 'email' ? maskEmail(value) : maskPhone(value);
}

export function presentMessage(m: OutboundMessageTable, fc: FieldCrypto): MessageJson {
  return {
    id: m.id,
    channel: m.channel as MessageJson['channel'],
    language: m.language as MessageJson['language'],
    purpose: m.purpose as MessageJson['purpose'],
    subject: m.subject,
    body: m.body,
    to: maskDestination(m.channel, fc.decrypt(m.destination_enc)),
    status: m.status as MessageJson['status'],
    attempts: Number(m.attempts),
    lastError: m.last_error,
    createdAt: iso(m.created_at)!,
    sentAt: iso(m.sent_at),
    deliveredAt: iso(m.delivered_at),
    failedAt: iso(m.failed_at),
  };
}
