// Opinion heat buckets, spike-detection state, alerts and mention links (migration 026), part of Database in schema.ts.

export interface OpinionHeatBucketTable {
  watchlist_id: string;
  granularity: string; // 5m | 1h
  bucket_start: number;
  volume: number;
  negative: number;
  reach: number;
  heat: number;
  updated_at: number;
}

export interface OpinionAlertStateTable {
  watchlist_id: string;
  /** Start of the last closed window evaluated. */
  last_window: number | null;
  /** JSON BaselineState (opinion.spike.ts). */
  baseline: string;
  level: number; // 0 none, 1 blue … 4 red
  quiet_windows: number;
  alert_id: string | null;
  updated_at: number;
}

export interface OpinionAlertTable {
  id: string;
  watchlist_id: string;
  level: number; // current: 1 blue, 2 yellow, 3 orange, 4 red; 0 once closed
  peak_level: number;
  status: string; // open | acknowledged | closed
  window_start: number;
  opened_at: number;
  raised_at: number | null;
  lowered_at: number | null;
  closed_at: number | null;
  peak_score: number;
  peak_volume: number;
  quiet: number; // opened in quiet hours: recorded, nobody notified
  /** JSON [{at, window, level, score, volume, negative}] */
  history: string;
  /** JSON string[]: the mentions that drove it, top by heat */
  mention_ids: string;
  /** JSON [{rootId, count}] */
  clusters: string;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  ack_note: string | null;
  closed_by: string | null;
  close_note: string | null;
  created_at: number;
  updated_at: number;
}

export interface OpinionMentionLinkTable {
  id: string;
  mention_id: string;
  target_type: string; // complaint | incident
  target_id: string;
  relation: string; // promoted | attached
  author_handle: string | null;
  created_by: string | null;
  created_at: number;
}

export interface OpinionAlertTables {
  opinion_heat_buckets: OpinionHeatBucketTable;
  opinion_alert_state: OpinionAlertStateTable;
  opinion_alerts: OpinionAlertTable;
  opinion_mention_links: OpinionMentionLinkTable;
}
