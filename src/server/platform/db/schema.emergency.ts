// Table types of the emergency side (emergency plans, incidents, statements and reviews, the resource
// library and on-call, compensation decisions): migrations 013–017. schema.ts re-exports them and maps
// them into the one Database interface.

/** An emergency plan (应急预案); its text lives in contingency_plan_versions. */
export interface ContingencyPlanTable {
  id: string;
  key: string;
  owner_id: string;
  department_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContingencyPlanVersionTable {
  id: string;
  plan_id: string;
  version: number;
  status: string; // draft | approved | published | retired
  content: string; // JSON PlanContent
  change_note: string | null;
  created_by: string | null;
  created_at: number;
  approved_by: string | null;
  approved_at: number | null;
  published_by: string | null;
  published_at: number | null;
  retired_at: number | null;
  review_due_at: number | null;
  review_reminded_at: number | null;
}

export interface ContingencyCategoryPlanTable {
  category_id: string;
  plan_id: string | null;
  response_strategy: string | null; // JSON {zh, en}
  updated_by: string | null;
  updated_at: number;
}

/** The resource library (应急资源, migration 015); contact fields are encrypted like a complainant's. */
export interface ResourceTable {
  id: string;
  kind: string; // supplier | manufacturer | inventory | staff | expert | media
  name: string;
  description: string;
  tags: string; // JSON string[]
  search_text: string; // lower-cased name + description + tags, for LIKE substring search
  department_id: string | null;
  contact_name_enc: string | null;
  contact_phone_enc: string | null;
  contact_email_enc: string | null;
  quantity: number | null;
  unit: string | null;
  low_stock_threshold: number | null;
  active: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** An on-call rotation (值班, migration 015). */
export interface OncallScheduleTable {
  id: string;
  name: string;
  role_key: string;
  department_id: string | null;
  participants: string; // JSON user id[] in rotation order
  period: string; // daily | weekly
  handoff_time: string; // 'HH:MM' local
  starts_on: string; // 'YYYY-MM-DD' local
  timezone: string;
  active: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** Someone covers a schedule for [starts_at, ends_at) (migration 015). */
export interface OncallOverrideTable {
  id: string;
  schedule_id: string;
  user_id: string;
  starts_at: number;
  ends_at: number;
  reason: string | null;
  created_by: string | null;
  created_at: number;
}

/** An incident (应急事件): an activated emergency plan, pinned to one plan version. */
export interface IncidentTable {
  id: string;
  code: string; // YJ20261205-001
  plan_id: string;
  plan_version_id: string;
  level: number;
  status: string; // active | stable | resolved | closed
  title: string;
  trigger_kind: string; // mass_cluster | fast_path | category | opinion_alert | manual | drill
  trigger_key: string | null; // unique: cluster:<id> | complaint:<id> | opinion:<id>
  department_id: string | null;
  commander_id: string | null;
  is_drill: number;
  activated_by: string | null;
  activated_at: number;
  stable_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  sitrep_due_at: number | null;
  sitrep_overdue_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface IncidentRoleTable {
  id: string;
  incident_id: string;
  role_key: string;
  user_id: string | null;
  source: string; // oncall | fallback | activator | manual | unfilled
  assigned_by: string | null;
  assigned_at: number;
}

export interface IncidentTaskTable {
  id: string;
  incident_id: string;
  step_key: string;
  title_zh: string;
  title_en: string;
  owner_role: string;
  assignee_id: string | null;
  offset_minutes: number;
  due_at: number;
  status: string; // open | in_progress | blocked | done | cancelled
  blocked_reason: string | null;
  started_at: number | null;
  done_at: number | null;
  overdue_at: number | null;
  escalated: number;
  created_at: number;
  updated_at: number;
}

export interface IncidentComplaintTable {
  incident_id: string;
  complaint_id: string;
  via: string; // trigger | cluster | manual
  linked_at: number;
}

export interface IncidentSitrepTable {
  id: string;
  incident_id: string;
  conditions: string;
  actions: string;
  needs: string;
  author_id: string | null;
  created_at: number;
}

export interface IncidentDecisionTable {
  id: string;
  incident_id: string;
  decision: string;
  rationale: string | null;
  author_id: string | null;
  created_at: number;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  kind: string;
  actor_id: string | null;
  data: string; // JSON
  created_at: number;
}

/** A compensation decision on a complaint or an incident (migration 016); amounts in minor units (fen). */
export interface CompensationDecisionTable {
  id: string;
  subject_type: string; // complaint | incident
  subject_id: string;
  plan_id: string | null;
  kind: string; // refund | repair | replacement | cash | voucher | other
  amount: number;
  currency: string;
  reason: string;
  status: string; // proposed | approved | refused | paid | cancelled
  proposed_by: string | null;
  proposed_at: number;
  decided_by: string | null;
  decided_at: number | null;
  decision_note: string | null;
  paid_by: string | null;
  paid_at: number | null;
  payment_date: string | null;
  payment_reference: string | null;
  cancelled_by: string | null;
  cancelled_at: number | null;
  updated_at: number;
}

/** A public statement (公开声明) of an incident (migration 017); the current text, its revisions kept apart. */
export interface IncidentStatementTable {
  id: string;
  incident_id: string;
  status: string; // draft | submitted | published | withdrawn | superseded
  revision: number;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  is_drill: number;
  supersedes_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  submitted_at: number | null;
  published_at: number | null;
  published_by: string | null;
  ended_at: number | null;
  ended_by: string | null;
  end_reason: string | null;
}

export interface IncidentStatementRevisionTable {
  id: string;
  statement_id: string;
  revision: number;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  edited_by: string | null;
  created_at: number;
}

export interface IncidentStatementApprovalTable {
  id: string;
  statement_id: string;
  revision: number;
  capacity: string; // pr_officer | leader
  user_id: string;
  created_at: number;
  voided_at: number | null;
}

/** The post-incident review (复盘, migration 017), one per incident. */
export interface IncidentReviewTable {
  incident_id: string;
  status: string; // draft | completed
  findings: string | null;
  metrics: string; // JSON
  created_by: string | null;
  created_at: number;
  updated_at: number;
  completed_by: string | null;
  completed_at: number | null;
}

/** An improvement action of a review (migration 017). */
export interface IncidentActionTable {
  id: string;
  incident_id: string;
  type: string; // revise_plan | training | process | other
  title: string;
  owner_id: string;
  due_at: number;
  status: string; // open | done
  plan_version_id: string | null;
  created_by: string | null;
  created_at: number;
  done_by: string | null;
  done_at: number | null;
  reminded_at: number | null;
}
