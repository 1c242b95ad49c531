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
