// Table types of the Open311 GeoReport v2 module (migration 020). schema.ts re-exports them and
// extends Database with Open311Tables; `categories.is_public` is on CategoryTable there.

/** What a request submitted through /open311/v2 carried beyond the complaint itself. */
export interface Open311RequestTable {
  complaint_id: string;
  /** The partner application's API token (scope open311.submit) that submitted it. */
  api_token_id: string;
  service_code: string;
  media_url: string | null;
  address_id: string | null;
  device_id: string | null;
  account_id: string | null;
  attributes: string; // JSON { code: value | value[] }
  created_at: number;
}

/** Submissions counted per API key and fixed window (the rate limit). */
export interface Open311RateWindowTable {
  key: string;
  window_start: number;
  count: number;
}

export interface Open311Tables {
  open311_requests: Open311RequestTable;
  open311_rate_windows: Open311RateWindowTable;
}
