// Email intake tables (migration 019), part of Database in schema.ts.

export interface MailMessageTable {
  /** Without angle brackets. */
  message_id: string;
  direction: 'in' | 'out';
  complaint_id: string | null;
  kind: string;
  language: string | null;
  created_at: number;
}

export interface MailImapStateTable {
  mailbox: string;
  uid_validity: string;
  last_uid: number;
  updated_at: number;
}

export interface MailTables {
  mail_messages: MailMessageTable;
  mail_imap_state: MailImapStateTable;
}
