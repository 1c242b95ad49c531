// Table types of messages to the complainant (migration 022), merged into Database by schema.ts.

export interface ComplaintContactPrefsTable {
  complaint_id: string;
  /** email | sms | wechat | portal */
  channel: string;
  /** zh-CN | en */
  language: string;
  updated_by: string | null;
  updated_at: number;
}

export interface OutboundMessageTable {
  id: string;
  complaint_id: string;
  source_key: string;
  channel: string;
  language: string;
  purpose: string;
  subject: string;
  body: string;
  destination_enc: string | null;
  /** queued | sent | delivered | failed */
  status: string;
  attempts: number;
  last_error: string | null;
  email_message_id: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  failed_at: number | null;
}

export interface MessagingDatabase {
  complaint_contact_prefs: ComplaintContactPrefsTable;
  outbound_messages: OutboundMessageTable;
}
