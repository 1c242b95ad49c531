// Table types of the public portal and follow-up surveys (migration 018), re-exported by schema.ts.

export interface PortalPowUsedTable {
  challenge: string;
  expires_at: number;
}

export interface PortalRateLimitTable {
  key: string;
  window_start: number;
  count: number;
}

export interface PortalSubmissionTable {
  complaint_id: string;
  language: string; // zh-CN | en
  access_code_enc: string;
  consent_at: number;
  created_at: number;
}

export interface ComplaintSurveyTable {
  id: string;
  complaint_id: string;
  /** Reopens (重办) before the survey was opened: one survey per handling cycle. */
  cycle: number;
  token_hash: string;
  language: string;
  status: string; // open | answered
  opened_at: number;
  answered_at: number | null;
  source: string | null; // web | phone
  satisfaction: number | null; // 1–5
  resolved: number | null; // 0/1
  comment: string | null;
  result: string | null; // satisfied | basically | dissatisfied
  reopened: number;
  recorded_by: string | null;
}

export interface PortalTables {
  portal_pow_used: PortalPowUsedTable;
  portal_rate_limits: PortalRateLimitTable;
  portal_submissions: PortalSubmissionTable;
  complaint_surveys: ComplaintSurveyTable;
}
