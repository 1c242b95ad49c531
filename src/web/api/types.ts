import type { Channel, ComplaintAction, Level, PlanStatus, Role, Status } from '../../shared/enums.js';
import type { Permission } from '../../shared/permissions.js';

export type Locale = 'zh-CN' | 'en';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  locale: Locale;
  active: boolean;
  preferences?: Record<string, unknown>;
  departmentIds: string[];
  createdAt?: string;
}

export interface Me {
  user: User;
  permissions: Permission[];
  csrfToken: string | null;
  via?: string;
}

export interface Department {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
}

export interface Category {
  id: string;
  parentId: string | null;
  code: string;
  nameZh: string;
  nameEn: string;
  defaultDepartmentId: string | null;
  keywords: string[];
  active: boolean;
  /** An Open311 service (/open311/v2/services). */
  public: boolean;
}

export interface Flags {
  personalSafety: boolean;
  propertyLoss: boolean;
  mediaAttention: boolean;
  vulnerableGroup: boolean;
}

export interface Complaint {
  id: string;
  trackingNo: string;
  channel: Channel;
  subject: string;
  description: string;
  location: { text: string | null; lat: number | null; lng: number | null };
  occurredAt: string | null;
  categoryId: string | null;
  level: Level;
  levelLabel: string;
  departmentId: string | null;
  ownerId: string | null;
  status: Status;
  flags: Flags;
  mergedIntoId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Present once the SLA backend reports it. */
  sla?: SlaSummary | null;
  /** Same-event cluster membership, when the list reports it directly. */
  clusterId?: string | null;
  mass?: boolean;
  /** The triage summary the list and detail attach (its cluster marks mass-complaint members). */
  triage?: Pick<TriageInfo, 'cluster' | 'mass'> | null;
}

/** The most urgent open SLA clock of a complaint (list and detail). */
export interface SlaSummary {
  kind: SlaKind;
  dueAt: string | null;
  status: 'ok' | 'warning' | 'breached';
  /** running | paused | not_started | met … */
  state: string;
}

export type SlaKind = 'signFor' | 'firstResponse' | 'updateCadence' | 'resolution' | string;

export interface SlaClock {
  id: string;
  kind: SlaKind;
  state: string;
  phase: string;
  status: 'ok' | 'warning' | 'breached';
  target: { durationMs: number; mode: string; warnRatio: number };
  startedAt: string | null;
  dueAt: string | null;
  warnAt: string | null;
  remainingMs: number | null;
  elapsedMs: number | null;
  budgetMs: number | null;
  metAt: string | null;
  breachedAt: string | null;
  cycles: { startedAt: string | null; endedAt: string | null; pausedMs: number; budgetMs: number; dueAt: string | null; outcome: string | null }[];
}

export interface AppNotification {
  id: string;
  type: string;
  title: string;
  complaintId: string | null;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}

export interface Complainant {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  idNumber: string | null;
  address: string | null;
  masked: boolean;
  /** Name and phone shown in the clear for calling back (the rest stays masked). */
  contactRevealed?: boolean;
}

export interface Plan {
  id: string;
  findings: string;
  measures: string;
  compensation: { amount: number; kind: string | null } | null;
  status: PlanStatus;
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

export interface TriageInfo {
  status: 'ok' | 'failed';
  error?: string | null;
  attempts?: number;
  /** `calibrated` false: a suggestion only, its confidence not a measured one (shown without it). */
  suggestion: { categoryId: string | null; confidence: number | null; source: string; applied: boolean; calibrated?: boolean; modelVersion?: number | null } | null;
  level: Level | null;
  explanation: string | null;
  factors: { factor: string; detail: string; contribution: string }[];
  /** The serious circumstances the severity rules found in the text (null for older triages). */
  detectedFlags?: Partial<Record<'personalSafety' | 'propertyLoss' | 'mediaAttention' | 'vulnerableGroup', boolean>> | null;
  ruleVersion?: string | null;
  fastPath: boolean;
  personalSafety: boolean;
  cluster: { id: string; size: number | null; mass: boolean } | null;
  mass: boolean;
  repeatOf?: { id: string; trackingNo: string | null } | null;
  confirmation?: { by: string | null; at: string | null; categoryId: string | null; level: Level | null; overridden: boolean; reason: string | null } | null;
  updatedAt?: string | null;
  [k: string]: unknown;
}

export interface Cluster {
  id: string;
  size: number;
  mass: boolean;
  massAt: string | null;
  firstAt: string | null;
  lastAt: string | null;
  representativeId: string | null;
  subject: string | null;
}

export interface ClusterDetail extends Cluster {
  members: { id: string; trackingNo: string; subject: string; status: Status; level: Level; categoryId: string | null; createdAt: string }[];
  hiddenMembers: number;
}

export interface Extension {
  id: string;
  requestedBy: string;
  reason: string;
  currentDueAt: string | null;
  newDueAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  createdAt: string;
}

export interface Supervision {
  id: string;
  supervisorId: string;
  dueAt: string;
  note: string;
  status: 'open' | 'closed' | string;
  reminders: { key: string; at: string; sentAt: string | null }[];
  createdAt: string;
  closedAt: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  active: boolean;
  secret?: string;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
  createdAt: string;
}

export interface Job {
  id: string;
  type: string;
  status: 'pending' | 'running' | 'done' | 'dead';
  runAt: string | null;
  attempts: number;
  maxAttempts: number;
  dedupeKey: string | null;
  lastError: string | null;
  payload: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface DayInfo {
  date: string;
  working: boolean;
  hours: { start: string; end: string }[];
  reason: 'override' | 'statutory_holiday' | 'makeup_workday' | 'weekly';
  name?: string;
}

export interface ComplaintDetail extends Complaint {
  triage?: TriageInfo | null;
  complainant: Complainant | null;
  plan: Plan | null;
  availableActions: ComplaintAction[];
  canRevealPersonalData: boolean;
  /** The owner or the department's handlers may see the phone number to call back. */
  canViewContact: boolean;
  /** How replies reach the complainant (messaging module). */
  contactPreferences?: { channel: PreferredChannel; language: MessageLanguage; updatedAt: string } | null;
  messages?: OutboundMessage[];
}

export type PreferredChannel = 'email' | 'sms' | 'wechat' | 'portal';
export type MessageLanguage = 'zh-CN' | 'en';

/** A message to the complainant and its delivery status (destination masked). */
export interface OutboundMessage {
  id: string;
  channel: PreferredChannel;
  language: MessageLanguage;
  purpose: 'reply' | 'progress' | 'extension' | 'survey';
  subject: string;
  body: string;
  to: string | null;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

export interface TimelineEntry {
  id: string;
  kind: string;
  actor: { id: string; name: string | null } | null;
  visibility: 'internal' | 'public';
  body: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Attachment {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  userId?: string;
  email?: string;
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
  [k: string]: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: { id: string; email: string | null } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: unknown;
  hash: string;
}
