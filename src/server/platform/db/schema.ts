import type { Generated } from 'kysely';

// Portable storage conventions: times are epoch milliseconds (bigint on PostgreSQL, INTEGER on
// SQLite), booleans are 0/1 integers, structured values are JSON text. The same rows then read the
// same way on both databases.

import type {
  ContingencyPlanTable,
  ContingencyPlanVersionTable,
  ContingencyCategoryPlanTable,
  ResourceTable,
  OncallScheduleTable,
  OncallOverrideTable,
  IncidentTable,
  IncidentRoleTable,
  IncidentTaskTable,
  IncidentComplaintTable,
  IncidentSitrepTable,
  IncidentDecisionTable,
  IncidentTimelineTable,
  CompensationDecisionTable,
  IncidentStatementTable,
  IncidentStatementRevisionTable,
  IncidentStatementApprovalTable,
  IncidentReviewTable,
  IncidentActionTable,
} from './schema.emergency.js';
import type { ImportTables } from './schema.imports.js';
import type { MailTables } from './schema.mail.js';
import type { OpinionMentionTables, OpinionSentimentTables } from './schema.opinion.js';
import type { OpinionAlertTables } from './schema.opinion-alerts.js';
import type { CaseTables } from './schema.cases.js';
import type { PortalTables } from './schema.portal.js';
import type { MessagingDatabase } from './schema.messaging.js';
import type { Open311Tables } from './schema.open311.js';

// Each area's table types live in its own file; they are all reachable from here.
export type * from './schema.emergency.js';
export type * from './schema.imports.js';
export type * from './schema.mail.js';
export type * from './schema.opinion.js';
export type * from './schema.opinion-alerts.js';
export type * from './schema.cases.js';
export type * from './schema.portal.js';
export type * from './schema.messaging.js';
export type * from './schema.open311.js';

export interface DepartmentTable {
  id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  roles: string; // JSON Role[]
  locale: string;
  active: number;
  preferences: string; // JSON
  created_at: number;
  updated_at: number;
}

export interface UserDepartmentTable {
  user_id: string;
  department_id: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string; // JSON Permission[] | ["*"]
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface LoginAttemptTable {
  key: string;
  window_start: number;
  count: number;
}

/** Phone lookups per user and window: one row per number (n 0) and a '#' row counting them (migration 009). */
export interface PhoneLookupTable {
  user_id: string;
  window_start: number;
  key: string;
  n: number;
}

export interface CategoryTable {
  id: string;
  parent_id: string | null;
  code: string;
  name_zh: string;
  name_en: string;
  default_department_id: string | null;
  keywords: string; // JSON string[] — cold-start classifier rules
  active: number;
  /** 1: an Open311 service (migration 020) — listed at /open311/v2/services, open to partner submissions. */
  is_public: number;
  created_at: number;
}

export interface ComplainantTable {
  id: string;
  name_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  id_number_enc: string | null;
  address_enc: string | null;
  phone_bidx: string | null;
  email_bidx: string | null;
  created_at: number;
}

export interface ComplaintTable {
  id: string;
  tracking_no: string;
  access_code_hash: string;
  channel: string;
  subject: string;
  description: string;
  location_text: string | null;
  lat: number | null;
  lng: number | null;
  occurred_at: number | null;
  category_id: string | null;
  level: number;
  department_id: string | null;
  owner_id: string | null;
  status: string;
  flag_personal_safety: number;
  flag_property_loss: number;
  flag_media_attention: number;
  flag_vulnerable_group: number;
  complainant_id: string | null;
  merged_into_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface IdempotencyKeyTable {
  scope_key: string;
  request_hash: string;
  complaint_id: string;
  created_at: number;
}

export interface HandlingPlanTable {
  id: string;
  complaint_id: string;
  findings: string;
  measures: string;
  compensation_amount: number | null;
  compensation_kind: string | null;
  status: string;
  submitted_by: string;
  submitted_at: number;
  decided_by: string | null;
  decided_at: number | null;
  decision_comment: string | null;
}

export interface TimelineTable {
  id: string;
  complaint_id: string;
  kind: string;
  actor_id: string | null;
  visibility: string; // 'internal' | 'public'
  body: string | null;
  data: string; // JSON
  created_at: number;
}

export interface AttachmentTable {
  id: string;
  complaint_id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storage_path: string;
  uploaded_by: string | null;
  created_at: number;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface CounterTable {
  name: string;
  value: number;
}

export interface JobTable {
  id: string;
  type: string;
  payload: string;
  run_at: number;
  status: string; // pending | running | done | dead
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  dedupe_key: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  /** Jobs of one key run one at a time, oldest first (migration 012). */
  partition_key: string | null;
  /** The HTTP request that enqueued it, for its log lines (migration 027). */
  request_id: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface ComplaintSearchTable {
  complaint_id: string;
  tokens: string;
}

// Deadlines (modules/sla). Statistics read sla_clocks (kind, met_at, breached_at).
export interface SlaClockTable {
  id: string;
  complaint_id: string;
  kind: string; // signFor | firstResponse | updateCadence | resolution
  policy_id: string | null;
  state: string; // not_started | running | paused | stopped
  status: string; // ok | warning | breached
  target: string; // JSON {durationMs, mode, warnRatio, escalation}
  started_at: number | null;
  due_at: number | null;
  warn_at: number | null;
  met_at: number | null;
  breached_at: number | null;
  events: string; // JSON [{type, at, byMs?, until?, src?}]
  cycles: number;
  fired: string; // JSON string[]
  timers: string; // JSON Record<key, at>
  created_at: number;
  updated_at: number;
}

export interface SlaSupervisionTable {
  id: string;
  complaint_id: string;
  supervisor_id: string;
  due_at: number;
  note: string;
  status: string; // open | closed
  reminders: string; // JSON [{key, at, sentAt}]
  created_at: number;
  closed_at: number | null;
}

export interface SlaExtensionTable {
  id: string;
  complaint_id: string;
  requested_by: string;
  reason: string;
  current_due_at: number | null;
  new_due_at: number;
  status: string; // pending | approved | rejected
  decided_by: string | null;
  decided_at: number | null;
  decision_comment: string | null;
  created_at: number;
}

export interface SlaConfigTable {
  key: string; // policies | calendar
  version: number;
  value: string; // JSON
  created_by: string | null;
  created_at: number;
}

// Triage (modules/triage): one row per complaint, signatures for the duplicate index, clusters,
// versioned classifier models and severity rule sets.
export interface ComplaintTriageTable {
  complaint_id: string;
  status: string; // ok | failed
  error: string | null;
  attempts: number;
  suggested_category_id: string | null;
  confidence: number | null;
  alternatives: string; // JSON [{label, confidence}]
  source: string | null; // model | rules | none
  model_version: number | null;
  category_applied: number;
  requested_level: number | null;
  level: number | null;
  explanation: string | null; // JSON {text, factors}
  rule_version: string | null;
  personal_safety: number;
  fast_path: number;
  cluster_id: string | null;
  repeat_of_id: string | null;
  mass: number;
  confirmed_by: string | null;
  confirmed_at: number | null;
  confirmed_category_id: string | null;
  confirmed_level: number | null;
  overridden: number;
  override_reason: string | null;
  /** 1: a confirmation kept out of training to measure the model (011). */
  held_out: Generated<number>;
  /** 1: the suggestion came from a model calibrated for its category (011). */
  calibrated: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ComplaintSignatureTable {
  complaint_id: string;
  signature: string; // base64 MinHash
  cluster_id: string | null;
  category_id: string | null;
  location: string | null;
  origin: string;
  /** JSON EventFeatures of the event matcher (010); null for rows written before it. */
  event_features: string | null;
  created_at: number;
}

export interface ClusterTable {
  id: string;
  size: number;
  first_at: number;
  last_at: number;
  mass: number;
  mass_at: number | null;
  representative_id: string;
  subject: string;
  updated_at: number;
  /** A coordinator dismissed the cluster (010): its members were detached. */
  dismissed_at: number | null;
  dismissed_by: string | null;
}

export interface TriageModelTable {
  version: number;
  model: string;
  encoding: string; // json | gzip+base64
  labels: string; // JSON string[]
  examples: number;
  trained_until: number;
  source: string; // train | learn
  created_by: string | null;
  created_at: number;
  active: number;
  /** JSON Calibration (held-out figures, auto-apply threshold, per-category eligibility); null before 011. */
  calibration: string | null;
}

export interface SeverityRuleSetTable {
  seq: number;
  version: string;
  rules: string; // JSON SeverityRuleSet
  created_by: string | null;
  created_at: number;
  active: number;
}

// Notifications (platform/notify + modules/notifications).
export interface NotificationTable {
  id: string;
  user_id: string;
  event_id: string;
  type: string;
  complaint_id: string | null;
  title_zh: string;
  title_en: string;
  data: string; // JSON template variables
  in_app: number;
  email_status: string; // off | disabled | queued | sent | failed
  emailed_at: number | null;
  read_at: number | null;
  created_at: number;
}

export interface EventLogTable {
  seq: number;
  dedupe_key: string;
  type: string;
  user_id: string | null;
  complaint_id: string | null;
  department_id: string | null;
  owner_id: string | null;
  data: string; // JSON
  created_at: number;
}

export interface WebhookEndpointTable {
  id: string;
  url: string;
  secret_enc: string;
  event_types: string; // JSON string[]
  description: string | null;
  active: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  ok: number;
  error: string | null;
  created_at: number;
}

export interface ReplyTemplateTable {
  id: string;
  name_zh: string;
  name_en: string;
  kind: string; // reply | note
  body_zh: string;
  body_en: string;
  category_id: string | null;
  active: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database extends PortalTables, MessagingDatabase, Open311Tables, MailTables, ImportTables, OpinionSentimentTables, OpinionMentionTables, OpinionAlertTables, CaseTables {
  departments: DepartmentTable;
  users: UserTable;
  user_departments: UserDepartmentTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  phone_lookups: PhoneLookupTable;
  categories: CategoryTable;
  complainants: ComplainantTable;
  complaints: ComplaintTable;
  idempotency_keys: IdempotencyKeyTable;
  handling_plans: HandlingPlanTable;
  timeline: TimelineTable;
  attachments: AttachmentTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  counters: CounterTable;
  jobs: JobTable;
  settings: SettingTable;
  complaint_search: ComplaintSearchTable;
  reply_templates: ReplyTemplateTable;
  complaint_triage: ComplaintTriageTable;
  complaint_signatures: ComplaintSignatureTable;
  clusters: ClusterTable;
  triage_models: TriageModelTable;
  severity_rule_sets: SeverityRuleSetTable;
  sla_clocks: SlaClockTable;
  sla_supervisions: SlaSupervisionTable;
  sla_extensions: SlaExtensionTable;
  sla_config: SlaConfigTable;
  notifications: NotificationTable;
  event_log: EventLogTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  contingency_plans: ContingencyPlanTable;
  contingency_plan_versions: ContingencyPlanVersionTable;
  contingency_category_plans: ContingencyCategoryPlanTable;
  incidents: IncidentTable;
  incident_roles: IncidentRoleTable;
  incident_tasks: IncidentTaskTable;
  incident_complaints: IncidentComplaintTable;
  incident_sitreps: IncidentSitrepTable;
  incident_decisions: IncidentDecisionTable;
  incident_timeline: IncidentTimelineTable;
  resources: ResourceTable;
  oncall_schedules: OncallScheduleTable;
  oncall_overrides: OncallOverrideTable;
  compensation_decisions: CompensationDecisionTable;
  incident_statements: IncidentStatementTable;
  incident_statement_revisions: IncidentStatementRevisionTable;
  incident_statement_approvals: IncidentStatementApprovalTable;
  incident_reviews: IncidentReviewTable;
  incident_actions: IncidentActionTable;
}

