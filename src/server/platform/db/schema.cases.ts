// Case library tables (migration 025), part of Database in schema.ts.

export interface CaseTable {
  id: string;
  source_kind: string; // complaint
  source_id: string;
  language: string; // zh | en
  title_zh: string;
  title_en: string;
  category_id: string | null;
  level: number;
  tags: string; // JSON string[]
  lessons: string;
  content: string; // JSON CaseContent
  redaction_count: number;
  created_by: string;
  created_at: number;
}

export interface CaseSearchTermTable {
  term: string;
  case_id: string;
}

export interface CaseTables {
  cases: CaseTable;
  case_search_terms: CaseSearchTermTable;
}
