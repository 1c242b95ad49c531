// Response shapes of the contingency, incident, statement, compensation, resource and on-call routes
// as the web app reads them (the server's TypeBox schemas are the source; /openapi.json lists them).
import type { ContingencyPlanStatus, IncidentStatus, IncidentTaskStatus, PlanContent } from '../../../shared/contingency.js';
import type { Level } from '../../../shared/enums.js';

export type Bi = { zh: string; en: string };
export type Person = { id: string; name: string } | null;

export interface VersionSummary {
  id: string;
  version: number;
  status: ContingencyPlanStatus;
  title: Bi;
  changeNote: string | null;
  createdBy: string | null;
  createdAt: string;
  approvedAt: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
  reviewDueAt: string | null;
}
export interface PlanVersion extends VersionSummary {
  planId: string;
  planKey: string;
  content: PlanContent;
}
export interface PlanItem {
  id: string;
  key: string;
  ownerName: string | null;
  departmentId: string | null;
  title: Bi;
  latest: VersionSummary;
  published: VersionSummary | null;
  draftVersion: number | null;
  reviewDue: boolean;
}
export interface PlanDetail extends PlanItem {
  versions: VersionSummary[];
}
export interface PlanCompare {
  from: number;
  to: number;
  fields: { field: string; from: unknown; to: unknown }[];
  sections: { section: string; added: { key: string; item: unknown }[]; removed: { key: string; item: unknown }[]; changed: { key: string; fields: string[]; from: unknown; to: unknown }[] }[];
}

export interface IncidentSummary {
  id: string;
  code: string;
  title: string;
  level: Level;
  status: IncidentStatus;
  isDrill: boolean;
  trigger: string;
  commander: Person;
  planId: string;
  planVersionId: string;
  activatedAt: string;
  sitrepDueAt: string | null;
  sitrepOverdue: boolean;
}
export interface IncidentRole {
  key: string;
  name: Bi;
  duties: Bi;
  required: boolean;
  user: Person;
  source: 'oncall' | 'fallback' | 'activator' | 'manual' | 'unfilled';
  assignedAt: string | null;
}
export interface IncidentTask {
  id: string;
  stepKey: string;
  title: Bi;
  ownerRole: string;
  assignee: Person;
  offsetMinutes: number;
  dueAt: string;
  status: IncidentTaskStatus;
  blockedReason: string | null;
  doneAt: string | null;
  overdue: boolean;
  escalated: boolean;
}
export interface Incident extends IncidentSummary {
  activatedBy: Person;
  plan: { id: string; key: string; versionId: string; version: number; status: string; title: Bi };
  response: { level: Level; text: Bi; sitrepEveryMinutes: number };
  roles: IncidentRole[];
  tasks: IncidentTask[];
  sitreps: { id: string; conditions: string; actions: string; needs: string; author: Person; createdAt: string }[];
  decisions: { id: string; decision: string; rationale: string | null; author: Person; createdAt: string }[];
  complaints: { id: string; trackingNo: string; subject: string | null; level: Level; status: string; via: string; linkedAt: string }[];
  can: { command: boolean; close: boolean };
}
export interface TimelineItem {
  id: string;
  kind: string;
  actor: Person;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Compensation {
  id: string;
  kind: string;
  amount: number;
  currency: string;
  reason: string;
  status: 'proposed' | 'approved' | 'refused' | 'paid' | 'cancelled';
  proposedAt: string;
  decisionNote: string | null;
  paymentDate: string | null;
}
export interface CompensationList {
  items: Compensation[];
  totals: { proposed: number; approved: number; paid: number };
  yourLimit: number | null;
}

export type StatementStatus = 'draft' | 'submitted' | 'published' | 'withdrawn' | 'superseded';
export interface Statement {
  id: string;
  status: StatementStatus;
  revision: number;
  title: Bi;
  body: Bi;
  isDrill: boolean;
  createdBy: Person;
  publishedAt: string | null;
  approvals: { capacity: 'pr_officer' | 'leader'; user: Person; createdAt: string }[];
  missingApprovals: ('pr_officer' | 'leader')[];
}
export interface Notice {
  id: string;
  title: Bi;
  body: Bi;
  publishedAt: string;
}

export interface Resource {
  id: string;
  kind: string;
  name: string;
  description: string;
  tags: string[];
  contact: { name: string | null; phone: string | null; email: string | null; masked: boolean };
  departmentId: string | null;
  quantity: number | null;
  unit: string | null;
  lowStockThreshold: number | null;
  lowStock: boolean;
}
export interface UserRef {
  id: string;
  name: string;
}
export interface Schedule {
  id: string;
  name: string;
  roleKey: string;
  participants: UserRef[];
  period: string;
  handoffTime: string;
  timezone: string;
  departmentId: string | null;
  onCall: { user: UserRef; viaOverride: boolean } | null;
  overrides: { id: string; user: UserRef; startsAt: string; endsAt: string; reason: string | null }[];
  upcoming: { user: UserRef; startsAt: string; endsAt: string }[];
}
