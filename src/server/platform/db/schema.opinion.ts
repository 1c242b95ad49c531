// Opinion sentiment tables (migration 023), part of Database in schema.ts.

export interface OpinionSentimentModelTable {
  version: number;
  model: string;
  encoding: string;
  examples: number;
  corrections: number;
  trained_until: number;
  source: string; // learn | train
  created_by: string | null;
  created_at: number;
  active: number;
}

export interface OpinionSentimentCorrectionTable {
  id: string;
  text: string;
  language: string;
  label: string;
  predicted_label: string;
  p_negative: number;
  model_version: number | null;
  mention_id: string | null;
  corrected_by: string | null;
  created_at: number;
}

export interface OpinionSentimentTables {
  opinion_sentiment_models: OpinionSentimentModelTable;
  opinion_sentiment_corrections: OpinionSentimentCorrectionTable;
}

// Opinion sources, mentions, watchlists and their matches (migration 024).

export interface OpinionSourceTable {
  id: string;
  name: string;
  kind: string; // feed | push
  url: string | null;
  interval_s: number;
  secret_enc: string | null;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: number | null;
  last_ok_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  consecutive_failures: number;
  next_poll_at: number | null;
  items_total: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface OpinionMentionTable {
  id: string;
  source_id: string | null;
  source_kind: string; // feed | push | manual
  url: string | null;
  url_key: string | null;
  guid: string | null;
  guid_key: string | null;
  author: string | null;
  published_at: number;
  title: string | null;
  text: string;
  language: string;
  reposts: number | null;
  comments: number | null;
  likes: number | null;
  p_negative: number;
  sentiment_label: string;
  sentiment_model: number | null;
  is_repost: number;
  original_id: string | null;
  duplicate_of: string | null;
  signature: string;
  dismissed: number;
  dismissed_reason: string | null;
  dismissed_by: string | null;
  dismissed_at: number | null;
  created_by: string | null;
  created_at: number;
}

export interface OpinionWatchlistTable {
  id: string;
  name: string;
  definition: string;
  enabled: number;
  revision: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface OpinionMentionMatchTable {
  watchlist_id: string;
  mention_id: string;
  published_at: number;
  matched_at: number;
}

export interface OpinionMentionTables {
  opinion_sources: OpinionSourceTable;
  opinion_mentions: OpinionMentionTable;
  opinion_watchlists: OpinionWatchlistTable;
  opinion_mention_matches: OpinionMentionMatchTable;
}
