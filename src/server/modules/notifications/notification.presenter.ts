import type { NotificationTable, WebhookDeliveryTable, WebhookEndpointTable } from '../../platform/db/schema.js';
import type { NotificationType } from './preferences.js';

const iso = (t: number | null) => (t == null ? null : new Date(Number(t)).toISOString());

export interface NotificationJson {
  id: string;
  type: NotificationType;
  title: string;
  titleZh: string;
  titleEn: string;
  complaintId: string | null;
  data: Record<string, unknown>;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export function presentNotification(n: NotificationTable, locale: string): NotificationJson {
  return {
    id: n.id,
    type: n.type as NotificationType, // rows are written only for these types (notification.service Target)
    title: locale === 'en' ? n.title_en : n.title_zh,
    titleZh: n.title_zh,
    titleEn: n.title_en,
    complaintId: n.complaint_id,
    data: JSON.parse(n.data),
    read: n.read_at != null,
    readAt: iso(n.read_at),
    createdAt: iso(n.created_at)!,
  };
}

/** Never the secret: the service adds it to the one answer that creates or rotates it. */
export function presentEndpoint(e: WebhookEndpointTable) {
  return {
    id: e.id,
    url: e.url,
    eventTypes: JSON.parse(e.event_types) as string[],
    description: e.description,
    active: e.active === 1,
    createdAt: iso(e.created_at)!,
    updatedAt: iso(e.updated_at)!,
  };
}

export function presentDelivery(d: WebhookDeliveryTable) {
  return {
    id: d.id,
    eventId: d.event_id,
    eventType: d.event_type,
    attempt: d.attempt,
    ok: d.ok === 1,
    statusCode: d.status_code,
    durationMs: d.duration_ms,
    error: d.error,
    createdAt: iso(d.created_at)!,
  };
}
